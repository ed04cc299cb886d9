using MailComplaints.Mail.Imap;
using MailComplaints.Mail.Net;
using MailComplaints.Testing;

namespace MailComplaints.Mail.Tests.Imap;

/// <summary>Dovecot goes away in the middle of a fetch; its own mail stack, so no other fixture sees the outage.</summary>
public sealed class ImapOutageTests : MailStackFixture
{
    [Test]
    public async Task Dovecot_restarted_mid_fetch_and_the_callers_retry_finishes_with_nothing_lost()
    {
        const string user = "outage@localhost";
        const int count = 300;
        await Stack.DeliverManyAsync(user, Enumerable.Range(0, count).Select(i => SampleMessages.Complaint(i, user)), CancellationToken.None);
        var options = new ImapClientOptions
        {
            Host = Stack.Host,
            Port = Stack.ImapPort,
            Security = TransportSecurity.None,
            Username = user,
            Password = Stack.Password,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ReadTimeout = TimeSpan.FromSeconds(10),
        };
        var processed = new Dictionary<uint, byte[]>();
        var outages = 0;
        var policy = new ReconnectPolicy(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), maxAttempts: 20);
        uint? uidValidity = null;

        var attempts = await policy.ExecuteAsync(async (attempt, ct) =>
        {
            await using var client = new ImapClient(options);
            await client.ConnectAsync(ct);
            var inbox = uidValidity is { } known ? await client.SelectAsync("INBOX", known, ct) : await client.SelectAsync("INBOX", ct);
            uidValidity = inbox.UidValidity;
            var remaining = (await client.UidSearchAsync("ALL", ct)).Where(uid => !processed.ContainsKey(uid)).ToList();
            // Like the worker: several messages per command, a bounded batch at a time.
            foreach (var batch in remaining.Chunk(50))
            {
                await client.UidFetchAsync(UidSet.Of(batch), FetchItems.Body, async (message, body, token) =>
                {
                    var copy = new MemoryStream();
                    await body!.CopyToAsync(copy, token);
                    processed[message.Uid] = copy.ToArray();
                    if (processed.Count == 100 && outages++ == 0)
                    {
                        // The server goes down under the reader's feet and comes back a moment later.
                        await Stack.StopDovecotAsync(token);
                        await Stack.StartDovecotAsync(token);
                    }
                }, ct);
            }
            await client.LogoutAsync(ct);
            return attempt + 1;
        }, CancellationToken.None);

        Assert.That(outages, Is.EqualTo(1));
        Assert.That(attempts, Is.GreaterThan(1), "the outage must have interrupted the first attempt");
        Assert.That(processed.Keys.Order(), Is.EqualTo(Enumerable.Range(1, count).Select(i => (uint)i)));
        for (var i = 0; i < count; i++)
        {
            Assert.That(processed[(uint)(i + 1)].AsSpan().EndsWith(SampleMessages.Complaint(i, user)), Is.True, $"message {i}");
        }
    }
}
