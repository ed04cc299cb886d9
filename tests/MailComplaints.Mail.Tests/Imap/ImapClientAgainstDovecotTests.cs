using System.Diagnostics;
using System.Text;
using MailComplaints.Mail.Imap;
using MailComplaints.Mail.Net;
using MailComplaints.Mail.Smtp;
using MailComplaints.Testing;

namespace MailComplaints.Mail.Tests.Imap;

/// <summary>The IMAP client against a real Dovecot on loopback; each test uses its own user so tests do not interfere.</summary>
public sealed class ImapClientAgainstDovecotTests : MailStackFixture
{
    private ImapClientOptions Options(string user, TransportSecurity security = TransportSecurity.None) => new()
    {
        Host = Stack.Host,
        Port = security == TransportSecurity.Tls ? Stack.ImapsPort : Stack.ImapPort,
        Security = security,
        Username = user,
        Password = Stack.Password,
        TrustedCertificateThumbprint = Stack.CertificateSha256,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ReadTimeout = TimeSpan.FromSeconds(30),
    };

    private async Task<ImapClient> ConnectAsync(ImapClientOptions options)
    {
        var client = new ImapClient(options);
        await client.ConnectAsync(CancellationToken.None);
        return client;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    [TestCase(TransportSecurity.None)]
    [TestCase(TransportSecurity.StartTls)]
    [TestCase(TransportSecurity.Tls)]
    public async Task Logs_in_and_selects_the_inbox(TransportSecurity security)
    {
        await using var client = await ConnectAsync(Options($"login-{security}@localhost".ToLowerInvariant(), security));

        var enabled = await client.EnableAsync(["CONDSTORE"], CancellationToken.None);
        var inbox = await client.SelectAsync("INBOX", CancellationToken.None);

        Assert.That(enabled, Is.EquivalentTo(new[] { "CONDSTORE" }));
        Assert.That(client.IsAuthenticated, Is.True);
        Assert.That(client.Capabilities, Does.Contain("IMAP4rev1"));
        Assert.That(client.Capabilities, Is.SupersetOf(new[] { "IDLE", "MOVE", "UIDPLUS", "ENABLE" }));
        Assert.That(inbox.Name, Is.EqualTo("INBOX"));
        Assert.That(inbox.Exists, Is.Zero);
        Assert.That(inbox.UidValidity, Is.Not.Zero);
        Assert.That(inbox.ReadOnly, Is.False);
        await client.LogoutAsync(CancellationToken.None);
        Assert.That(client.IsConnected, Is.False);
    }

    [Test]
    public void A_wrong_password_is_an_authentication_error()
    {
        var client = new ImapClient(Options("someone@localhost") with { Password = "wrong" });

        var error = Assert.ThrowsAsync<ImapAuthenticationException>(() => client.ConnectAsync(CancellationToken.None));
        Assert.That(error!.Status, Is.EqualTo("NO"));
        Assert.That(error.ResponseCode?.Name, Is.EqualTo("AUTHENTICATIONFAILED"));
    }

    [Test]
    public void A_closed_port_is_an_unreachable_server_naming_host_and_port()
    {
        var port = Smtp.SmtpClientAgainstPostfixTests.ClosedPort();
        var client = new ImapClient(Options("someone@localhost") with { Port = port });

        var error = Assert.ThrowsAsync<MailServerUnreachableException>(() => client.ConnectAsync(CancellationToken.None));
        Assert.That(error!.Message, Does.Contain($"127.0.0.1:{port}"));
        Assert.That(error.Port, Is.EqualTo(port));
    }

    [Test]
    public void A_self_signed_certificate_is_refused_unless_its_thumbprint_is_trusted()
    {
        var client = new ImapClient(Options("someone@localhost", TransportSecurity.Tls) with { TrustedCertificateThumbprint = null });

        Assert.ThrowsAsync<MailServerUnreachableException>(() => client.ConnectAsync(CancellationToken.None));
    }

    [Test]
    public async Task Fetches_a_thousand_messages_each_equal_to_what_was_delivered()
    {
        const string user = "thousand@localhost";
        const int count = 1000;
        await Stack.DeliverManyAsync(user, Enumerable.Range(0, count).Select(i => SampleMessages.Complaint(i, user)), CancellationToken.None);
        await using var client = await ConnectAsync(Options(user));
        var inbox = await client.SelectAsync("INBOX", CancellationToken.None);
        Assert.That(inbox.Exists, Is.EqualTo(count));

        var seen = new List<uint>();
        var partial = 0;
        await client.UidFetchAsync(UidSet.All, FetchItems.All, async (message, body, ct) =>
        {
            var index = seen.Count;
            seen.Add(message.Uid);
            Assert.That(message.Flags, Does.Not.Contain("\\Seen"));
            Assert.That(message.InternalDate, Is.Not.Null);
            if (index % 10 == 9)
            {
                // A reader that stops early: the client must skip the rest and keep the next message intact.
                var start = new byte[100];
                await body!.ReadExactlyAsync(start, ct);
                partial++;
                return;
            }
            var bytes = await ReadAllAsync(body!, ct);
            Assert.That(bytes, Has.Length.EqualTo(message.Size));
            var delivered = SampleMessages.Complaint(index, user);
            // Dovecot prepends Return-Path, Delivered-To and Received; the rest is byte for byte what was delivered.
            Assert.That(bytes.AsSpan().EndsWith(delivered), Is.True, $"message {index} (UID {message.Uid}) differs");
        }, CancellationToken.None);

        Assert.That(seen, Is.EqualTo(Enumerable.Range(1, count).Select(i => (uint)i)));
        Assert.That(partial, Is.EqualTo(count / 10));
        var uids = await client.UidSearchAsync("ALL", CancellationToken.None);
        Assert.That(uids, Has.Count.EqualTo(count));
    }

    [TestCase(false, false, TestName = "Moves_messages_with_MOVE_and_reports_their_new_UIDs")]
    [TestCase(true, false, TestName = "Moves_messages_with_COPY_STORE_and_UID_EXPUNGE_when_MOVE_is_missing")]
    [TestCase(true, true, TestName = "Moves_messages_with_COPY_STORE_and_EXPUNGE_when_MOVE_and_UIDPLUS_are_missing")]
    public async Task Moves_messages(bool hideMove, bool hideUidPlus)
    {
        var user = $"move-{hideMove}-{hideUidPlus}@localhost".ToLowerInvariant();
        await Stack.DeliverManyAsync(user, Enumerable.Range(0, 5).Select(i => SampleMessages.Complaint(i, user)), CancellationToken.None);
        var disabled = new HashSet<string>();
        if (hideMove)
        {
            disabled.Add("MOVE");
        }
        if (hideUidPlus)
        {
            disabled.Add("UIDPLUS");
        }
        await using var client = await ConnectAsync(Options(user) with { DisabledCapabilities = disabled });
        Assert.That(await client.CreateAsync("Processed", CancellationToken.None), Is.True);
        Assert.That(await client.CreateAsync("Processed", CancellationToken.None), Is.False);
        await client.SelectAsync("INBOX", CancellationToken.None);

        var moved = await client.UidMoveAsync(UidSet.Of([2, 3, 4]), "Processed", CancellationToken.None);

        Assert.That(client.SelectedMailbox!.Exists, Is.EqualTo(2));
        Assert.That(await client.UidSearchAsync("ALL", CancellationToken.None), Is.EqualTo(new uint[] { 1, 5 }));
        if (!hideUidPlus)
        {
            Assert.That(moved, Is.Not.Null);
            Assert.That(moved!.Map().Keys, Is.EquivalentTo(new uint[] { 2, 3, 4 }));
        }
        var processed = await client.SelectAsync("Processed", CancellationToken.None);
        Assert.That(processed.Exists, Is.EqualTo(3));
        if (moved is not null)
        {
            Assert.That(moved.DestinationUidValidity, Is.EqualTo(processed.UidValidity));
            Assert.That(await client.UidSearchAsync("ALL", CancellationToken.None), Is.EquivalentTo(moved.DestinationUids));
        }
    }

    [Test]
    public void Moving_to_a_missing_folder_is_refused_with_TRYCREATE()
    {
        Assert.That(async () =>
        {
            const string user = "trycreate@localhost";
            await Stack.DeliverAsync(user, SampleMessages.Complaint(1, user), CancellationToken.None);
            await using var client = await ConnectAsync(Options(user));
            await client.SelectAsync("INBOX", CancellationToken.None);
            await client.UidMoveAsync(UidSet.Of([1]), "Nowhere", CancellationToken.None);
        }, Throws.InstanceOf<ImapCommandException>().With.Property(nameof(ImapCommandException.ResponseCode)).Property(nameof(ImapResponseCode.Name)).EqualTo("TRYCREATE"));
    }

    [Test]
    public async Task Creates_and_lists_folders_with_non_ASCII_names()
    {
        await using var client = await ConnectAsync(Options("folders@localhost"));
        await client.CreateAsync("Stížnosti/Vyřízené & hotové", CancellationToken.None);

        var folders = await client.ListAsync("", "*", CancellationToken.None);

        Assert.That(folders.Select(f => f.Name), Is.SupersetOf(new[] { "INBOX", "Stížnosti", "Stížnosti/Vyřízené & hotové" }));
        Assert.That(folders.Single(f => f.Name == "Stížnosti").Attributes, Does.Contain("\\HasChildren"));
        Assert.That(folders.Single(f => f.Name == "INBOX").Delimiter, Is.EqualTo('/'));
    }

    [Test]
    public async Task Stored_flags_are_seen_by_search_and_fetch()
    {
        const string user = "flags@localhost";
        await Stack.DeliverManyAsync(user, Enumerable.Range(0, 3).Select(i => SampleMessages.Complaint(i, user)), CancellationToken.None);
        await using var client = await ConnectAsync(Options(user));
        await client.SelectAsync("INBOX", CancellationToken.None);

        await client.UidStoreAsync(UidSet.Of([1, 3]), ImapStoreAction.Add, ["\\Seen", "$Registered"], CancellationToken.None);
        await client.UidStoreAsync(UidSet.Of([3]), ImapStoreAction.Remove, ["\\Seen"], CancellationToken.None);

        Assert.That(await client.UidSearchAsync("UNSEEN", CancellationToken.None), Is.EqualTo(new uint[] { 2, 3 }));
        var flags = new Dictionary<uint, IReadOnlyList<string>>();
        await client.UidFetchAsync(UidSet.All, FetchItems.Flags, (m, body, _) => { flags[m.Uid] = m.Flags!.Where(f => f != "\\Recent").ToList(); Assert.That(body, Is.Null); return ValueTask.CompletedTask; }, CancellationToken.None);
        Assert.That(flags[1], Is.EquivalentTo(new[] { "\\Seen", "$Registered" }));
        Assert.That(flags[2], Is.Empty);
        Assert.That(flags[3], Is.EquivalentTo(new[] { "$Registered" }));
    }

    [Test]
    public async Task A_recreated_folder_is_reported_as_a_UIDVALIDITY_change()
    {
        await using var client = await ConnectAsync(Options("uidvalidity@localhost"));
        await client.CreateAsync("Work", CancellationToken.None);
        var before = await client.SelectAsync("Work", CancellationToken.None);
        await client.SelectAsync("INBOX", CancellationToken.None);
        await client.DeleteAsync("Work", CancellationToken.None);
        await client.CreateAsync("Work", CancellationToken.None);

        var error = Assert.ThrowsAsync<ImapUidValidityChangedException>(() => client.SelectAsync("Work", before.UidValidity, CancellationToken.None));

        Assert.That(error!.Expected, Is.EqualTo(before.UidValidity));
        Assert.That(error.Actual, Is.Not.EqualTo(before.UidValidity));
    }

    [Test]
    public async Task Idle_wakes_within_a_second_when_Postfix_delivers()
    {
        const string user = "idle@localhost";
        await using var client = await ConnectAsync(Options(user));
        await client.SelectAsync("INBOX", CancellationToken.None);
        var idling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.IdleStarted += () => idling.TrySetResult();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var idle = client.IdleAsync(timeout.Token);
        await idling.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await using var smtp = new SmtpClient(new SmtpClientOptions { Host = Stack.Host, Port = Stack.SmtpPort, Security = TransportSecurity.None });
        await smtp.ConnectAsync(CancellationToken.None);
        var sent = await smtp.SendAsync("complaints@localhost", [user], SampleMessages.Complaint(1, user), CancellationToken.None);
        var accepted = Stopwatch.StartNew();
        var mailbox = await idle.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(sent.Sent, Is.True);
        Assert.That(mailbox.Exists, Is.EqualTo(1));
        Assert.That(accepted.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "IDLE notification latency after Postfix accepted the message");
        // IDLE ended cleanly: the connection goes on.
        Assert.That(await client.UidSearchAsync("ALL", CancellationToken.None), Is.EqualTo(new uint[] { 1 }));
    }

    [Test]
    public async Task Cancelling_idle_ends_it_cleanly()
    {
        await using var client = await ConnectAsync(Options("idle-cancel@localhost"));
        await client.SelectAsync("INBOX", CancellationToken.None);
        var idling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.IdleStarted += () => idling.TrySetResult();
        using var cancel = new CancellationTokenSource();
        var idle = client.IdleAsync(cancel.Token);
        await idling.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await cancel.CancelAsync();

        Assert.That(async () => await idle, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await client.NoopAsync(CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task Without_IDLE_new_mail_is_found_by_NOOP_polling()
    {
        const string user = "noop-poll@localhost";
        var options = Options(user) with { DisabledCapabilities = new HashSet<string> { "IDLE" }, NoopPollInterval = TimeSpan.FromMilliseconds(100) };
        await using var client = await ConnectAsync(options);
        await client.SelectAsync("INBOX", CancellationToken.None);
        var idle = client.IdleAsync(CancellationToken.None);

        await Stack.SubmitAsync(user, SampleMessages.Complaint(7, user), CancellationToken.None);

        var mailbox = await idle.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(mailbox.Exists, Is.EqualTo(1));
    }

    [Test]
    public async Task A_non_ASCII_display_name_and_an_8bit_body_sent_over_SMTP_arrive_intact()
    {
        const string user = "intl@localhost";
        var message = Encoding.UTF8.GetBytes(
            "From: Jiří Novák <jiri@localhost>\r\nTo: Zákaznická podpora <intl@localhost>\r\nSubject: Reklamace\r\n" +
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
            "Příliš žluťoučký kůň úpěl ďábelské ódy.\r\n.tečka na začátku\r\n");
        await using (var smtp = new SmtpClient(new SmtpClientOptions { Host = Stack.Host, Port = Stack.SmtpPort, Security = TransportSecurity.None }))
        {
            await smtp.ConnectAsync(CancellationToken.None);
            // The stack's Postfix offers no SMTPUTF8 (Dovecot 2.3 LMTP cannot take it): the 8-bit headers travel under 8BITMIME.
            Assert.That(smtp.Capabilities.EightBitMime, Is.True);
            var result = await smtp.SendAsync("jiri@localhost", [user], message, CancellationToken.None);
            Assert.That(result.Sent, Is.True);
        }
        await Stack.WaitForInboxCountAsync(user, 1, TimeSpan.FromSeconds(30), CancellationToken.None);

        await using var client = await ConnectAsync(Options(user));
        await client.SelectAsync("INBOX", CancellationToken.None);
        byte[]? fetched = null;
        await client.UidFetchAsync(UidSet.All, FetchItems.Body, async (_, body, ct) => fetched = await ReadAllAsync(body!, ct), CancellationToken.None);

        Assert.That(fetched, Is.Not.Null);
        var text = Encoding.UTF8.GetString(fetched!);
        var headerEnd = text.IndexOf("From: ", StringComparison.Ordinal);
        Assert.That(text[headerEnd..], Does.Contain("From: Jiří Novák <jiri@localhost>\r\nTo: Zákaznická podpora <intl@localhost>\r\n"));
        Assert.That(fetched!.AsSpan().EndsWith(message.AsSpan(message.AsSpan().IndexOf("\r\n\r\n"u8))), Is.True, "the 8-bit body changed on the way");
    }
}
