using MailComplaints.Mail.Imap;
using MailComplaints.Mail.Net;

namespace MailComplaints.Mail.Tests.Net;

public sealed class ReconnectPolicyTests
{
    [Test]
    public void Delays_grow_exponentially_up_to_the_cap_with_full_jitter()
    {
        var maxJitter = new ReconnectPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 10, nextRandom: () => 0.999999);
        var noJitter = new ReconnectPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 10, nextRandom: () => 0);

        Assert.That(Enumerable.Range(0, 7).Select(n => Math.Round(maxJitter.DelayFor(n).TotalSeconds)), Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 30, 30 }));
        Assert.That(noJitter.DelayFor(5), Is.EqualTo(TimeSpan.Zero));
        Assert.That(maxJitter.DelayFor(1000), Is.LessThanOrEqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task Lost_connections_are_retried_until_the_operation_succeeds()
    {
        var policy = new ReconnectPolicy(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), 5);
        var calls = 0;

        var result = await policy.ExecuteAsync((attempt, _) =>
        {
            calls++;
            return attempt < 2 ? throw new ImapConnectionLostException("gone", null) : Task.FromResult("done");
        }, CancellationToken.None);

        Assert.That(result, Is.EqualTo("done"));
        Assert.That(calls, Is.EqualTo(3));
    }

    [Test]
    public void Authentication_failures_are_never_retried()
    {
        var policy = new ReconnectPolicy(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), 5);
        var calls = 0;

        Assert.ThrowsAsync<ImapAuthenticationException>(() => policy.ExecuteAsync<int>((_, _) =>
        {
            calls++;
            throw new ImapAuthenticationException("LOGIN", "NO", null, "wrong password");
        }, CancellationToken.None));
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public void The_last_failure_propagates_when_attempts_run_out()
    {
        var policy = new ReconnectPolicy(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), 3);
        var calls = 0;

        Assert.ThrowsAsync<MailServerUnreachableException>(() => policy.ExecuteAsync<int>((_, _) =>
        {
            calls++;
            throw new MailServerUnreachableException("mail.example", 993, "refused", null);
        }, CancellationToken.None));
        Assert.That(calls, Is.EqualTo(3));
    }
}
