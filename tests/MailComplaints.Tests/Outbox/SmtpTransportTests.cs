using System.Text;
using MailComplaints.MailServers;
using MailComplaints.Outbox;
using MailComplaints.Testing;

namespace MailComplaints.Tests.Outbox;

/// <summary>MailKit's SMTP client under our transport, against the real Postfix of the test mail stack.</summary>
public sealed class SmtpTransportTests : MailStackFixture
{
    private static readonly DateTimeOffset Now = new(2026, 11, 3, 9, 15, 0, TimeSpan.Zero);

    private SmtpTransport Transport() => new(new SmtpSettings(Stack.Host, Stack.SmtpPort, TransportSecurity.None, "", ""));

    private static OutboxEntry Mail(params string[] recipients) => Mail(Encoding.ASCII.GetBytes(
        $"From: klachten@example.org\r\nTo: {string.Join(", ", recipients)}\r\nSubject: [KL-2026-00001] Test\r\nMessage-ID: <{Guid.NewGuid():N}@example.org>\r\n\r\nHallo.\r\n"), recipients);

    private static OutboxEntry Mail(byte[] raw, params string[] recipients) =>
        new(1, "m@example.org", 1, MailKind.Acknowledgement, "klachten@example.org", recipients, raw, null, OutboxStatus.Pending, 0, null, Now, Now, null);

    private async Task<IReadOnlyList<int>> SendAsync(OutboxEntry mail)
    {
        await using var session = await Transport().OpenAsync(CancellationToken.None);
        return await session.SendAsync(mail, CancellationToken.None);
    }

    [Test]
    public async Task One_refused_recipient_does_not_stop_the_others_and_is_reported()
    {
        var user = $"smtp{Guid.NewGuid():N}"[..12];

        var refused = await SendAsync(Mail($"{user}@localhost", "rejected@localhost"));

        Assert.That(refused, Is.EqualTo(new[] { 550 }));
        await Stack.WaitForInboxCountAsync(user, 1, TimeSpan.FromSeconds(30), CancellationToken.None);
    }

    [Test]
    public void A_4xx_reply_is_transient_so_the_outbox_tries_again()
    {
        var failure = Assert.ThrowsAsync<MailTransportException>(() => SendAsync(Mail("tempfail@localhost")))!;
        Assert.That(failure.IsTransient, Is.True);
        Assert.That(failure.Message, Does.Contain("450"));
    }

    [Test]
    public void A_5xx_reply_for_every_recipient_is_permanent()
    {
        var failure = Assert.ThrowsAsync<MailTransportException>(() => SendAsync(Mail("rejected@localhost")))!;
        Assert.That(failure.IsTransient, Is.False);
        Assert.That(failure.Message, Does.Contain("550"));
    }

    [Test]
    public void A_mail_above_the_servers_SIZE_is_refused_before_it_is_sent_naming_both_sizes()
    {
        // The stack's Postfix announces SIZE 52428800 (message_size_limit in scripts/mailstack.sh).
        var raw = new byte[52_428_801];
        Encoding.ASCII.GetBytes("From: klachten@example.org\r\nSubject: big\r\n\r\n").CopyTo(raw, 0);

        var failure = Assert.ThrowsAsync<MailTransportException>(() => SendAsync(Mail(raw, "someone@localhost")))!;

        Assert.That(failure.IsTransient, Is.False);
        Assert.That(failure.Message, Does.Contain("52428801 bytes").And.Contain("52428800 bytes the server accepts (SIZE)"));
    }

    [Test]
    public void An_unreachable_server_is_transient()
    {
        var transport = new SmtpTransport(new SmtpSettings(Stack.Host, Processes.FreeLoopbackPort(), TransportSecurity.None, "", ""));
        var failure = Assert.ThrowsAsync<MailTransportException>(() => transport.OpenAsync(CancellationToken.None))!;
        Assert.That(failure.IsTransient, Is.True);
    }
}
