using System.Text;
using MailComplaints.Mail.Imap;
using MailComplaints.Mail.Net;
using MailComplaints.Mail.Tests.Net;

namespace MailComplaints.Mail.Tests.Imap;

/// <summary>Conversations with scripted IMAP servers: parser corners and server behaviour Dovecot will not show on demand.</summary>
public sealed class ImapClientProtocolTests
{
    private static async Task<List<(ImapFetchedMessage Message, string? Body)>> FetchAllAsync(ImapClient client, FetchItems items = FetchItems.All, int readAtMost = int.MaxValue)
    {
        var result = new List<(ImapFetchedMessage, string?)>();
        await client.UidFetchAsync(UidSet.All, items, async (message, body, ct) =>
        {
            string? text = null;
            if (body is not null)
            {
                var buffer = new byte[Math.Min(readAtMost, 1 << 20)];
                var total = 0;
                int read;
                while (total < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(total), ct)) > 0)
                {
                    total += read;
                }
                text = Encoding.UTF8.GetString(buffer, 0, total);
            }
            result.Add((message, text));
        }, CancellationToken.None);
        return result;
    }

    [Test]
    public async Task Quoted_strings_with_escapes_and_unescaped_quotes_are_read_as_servers_mean_them()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync(
                "* LIST (\\HasNoChildren) \"/\" \"Say \\\"hi\\\" \\\\ bye\"\n" +
                "* LIST (\\HasNoChildren) \"/\" \"Joe \"the boss\" Smith\"\n" +
                "* LIST (\\HasNoChildren) \"/\" \"C:\\Temp\"\n" +
                "* LIST (\\Noselect) NIL \"&AQ0-esk&AOk- slo&AX4-ky\"\n" +
                "* LIST (\\HasNoChildren) \"/\" [Gmail]/Sent Mail\n" +
                "A######## OK done\n");
        });
        await using var client = await ImapScript.ConnectAsync(server);

        var folders = await client.ListAsync("", "*", CancellationToken.None);

        Assert.That(folders.Select(f => f.Name), Is.EqualTo(new[] { "Say \"hi\" \\ bye", "Joe \"the boss\" Smith", "C:\\Temp", "česk\u00e9 složky", "[Gmail]/Sent Mail" }));
        Assert.That(folders[3].Delimiter, Is.Null);
    }

    [Test]
    public async Task Untagged_EXISTS_EXPUNGE_and_flag_changes_during_a_fetch_update_the_mailbox_without_being_reported_as_messages()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync("* 3 EXISTS\n* OK [UIDVALIDITY 77] ok\n* OK [UIDNEXT 4] ok\nA######## OK [READ-WRITE] selected\n");
            await c.AnswerAsync(
                "* 1 FETCH (UID 1 FLAGS (\\Seen) RFC822.SIZE 5 INTERNALDATE \" 2-Feb-2026 10:00:00 +0100\" BODY[] {5}\nhello)\n" +
                "* 2 EXPUNGE\n" +
                "* 1 FETCH (FLAGS (\\Seen \\Flagged))\n" +
                "* 4 EXISTS\n" +
                "* 3 FETCH (UID 3 FLAGS () RFC822.SIZE 3 INTERNALDATE \"02-Feb-2026 11:00:00 +0000\" BODY[] {3}\nbye)\n" +
                "A######## OK fetched\n");
        });
        await using var client = await ImapScript.ConnectAsync(server);
        await client.SelectAsync("INBOX", CancellationToken.None);

        var fetched = await FetchAllAsync(client);

        Assert.That(fetched.Select(f => (f.Message.Uid, f.Body)), Is.EqualTo(new[] { (1u, (string?)"hello"), (3u, "bye") }));
        Assert.That(fetched[0].Message.InternalDate, Is.EqualTo(new DateTimeOffset(2026, 2, 2, 10, 0, 0, TimeSpan.FromHours(1))));
        Assert.That(fetched[0].Message.Size, Is.EqualTo(5));
        Assert.That(fetched[1].Message.Flags, Is.Empty);
        Assert.That(client.SelectedMailbox, Is.EqualTo(new ImapMailbox("INBOX", 77, 4, 4, false)));
    }

    [Test]
    public async Task A_body_sent_before_the_UID_is_buffered_and_still_reported_with_its_UID()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync("* 1 FETCH (BODY[] {7}\nmessage FLAGS (\\Seen) UID 42)\nA######## OK fetched\n");
        });
        await using var client = await ImapScript.ConnectAsync(server);

        var fetched = await FetchAllAsync(client, FetchItems.Flags | FetchItems.Body);

        Assert.That(fetched.Single().Message.Uid, Is.EqualTo(42));
        Assert.That(fetched.Single().Body, Is.EqualTo("message"));
        Assert.That(fetched.Single().Message.Flags, Is.EqualTo(new[] { "\\Seen" }));
    }

    [Test]
    public async Task A_handler_that_reads_part_of_a_body_leaves_the_next_message_intact()
    {
        var big = new string('x', 200_000);
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync($"* 1 FETCH (UID 1 BODY[] {{{big.Length}}}\n{big})\n* 2 FETCH (UID 2 BODY[] {{4}}\nnext)\nA######## OK fetched\n");
        });
        await using var client = await ImapScript.ConnectAsync(server);

        var fetched = await FetchAllAsync(client, FetchItems.Body, readAtMost: 10);

        Assert.That(fetched.Select(f => f.Body), Is.EqualTo(new[] { "xxxxxxxxxx", "next" }));
    }

    [Test]
    public async Task A_body_can_be_read_synchronously_as_a_parser_would()
    {
        var big = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i}\r\n"));
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync($"* 1 FETCH (UID 9 BODY[] {{{Encoding.UTF8.GetByteCount(big)}}}\n{big.Replace("\r\n", "\n", StringComparison.Ordinal)})\nA######## OK fetched\n");
        });
        await using var client = await ImapScript.ConnectAsync(server);
        string? text = null;

        await client.UidFetchAsync(UidSet.All, FetchItems.Body, (_, body, _) =>
        {
            using var reader = new StreamReader(body!, Encoding.UTF8, leaveOpen: true);
            text = reader.ReadToEnd();
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        Assert.That(text, Is.EqualTo(big));
    }

    [Test]
    public async Task A_failing_handler_stops_the_reports_but_the_fetch_is_read_to_its_end_and_the_connection_goes_on()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync("* 1 FETCH (UID 1 BODY[] {3}\none)\n* 2 FETCH (UID 2 BODY[] {3}\ntwo)\nA######## OK fetched\n");
            await c.AnswerAsync("A######## OK noop\n");
        });
        await using var client = await ImapScript.ConnectAsync(server);
        var calls = 0;

        var error = Assert.ThrowsAsync<InvalidDataException>(() => client.UidFetchAsync(UidSet.All, FetchItems.Body, (_, _, _) =>
        {
            calls++;
            throw new InvalidDataException("handler failed");
        }, CancellationToken.None));

        Assert.That(error!.Message, Is.EqualTo("handler failed"));
        Assert.That(calls, Is.EqualTo(1));
        Assert.That(await client.NoopAsync(CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task BYE_in_the_middle_of_a_command_is_a_lost_connection()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync("* 1 FETCH (UID 1 BODY[] {3}\none)\n* BYE Server shutting down.\n");
            c.Close();
        });
        await using var client = await ImapScript.ConnectAsync(server);

        var error = Assert.ThrowsAsync<ImapConnectionLostException>(() => FetchAllAsync(client));

        Assert.That(error!.Message, Does.Contain("Server shutting down."));
        Assert.That(client.IsConnected, Is.False);
    }

    [Test]
    public async Task A_connection_dropped_in_the_middle_of_a_literal_is_a_lost_connection()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync("* 1 FETCH (UID 1 BODY[] {300}\nonly a few bytes");
            c.Close();
        });
        await using var client = await ImapScript.ConnectAsync(server);

        Assert.ThrowsAsync<ImapConnectionLostException>(() => FetchAllAsync(client));
    }

    [Test]
    public async Task Alerts_reach_the_callback_and_response_codes_reach_the_exception()
    {
        var alerts = new List<string>();
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync("* OK [ALERT] Mailbox is 95% full\nA######## OK [APPENDUID 38505 3955] done\n");
            await c.AnswerAsync("A######## NO [TRYCREATE] No such mailbox\n");
        });
        await using var client = await ImapScript.ConnectAsync(server, o => o with { AlertReceived = alerts.Add });

        Assert.That(await client.RunRawAsync("NOOP", CancellationToken.None), Is.EqualTo("OK"));
        var error = Assert.ThrowsAsync<ImapCommandException>(() => client.UidMoveAsync(UidSet.Of([1]), "Missing", CancellationToken.None));

        Assert.That(alerts, Is.EqualTo(new[] { "Mailbox is 95% full" }));
        Assert.That(error!.ResponseCode, Is.EqualTo(new ImapResponseCode("TRYCREATE", "")));
        Assert.That(error.Status, Is.EqualTo("NO"));
        Assert.That(error.Command, Is.EqualTo("UID MOVE"));
    }

    [Test]
    public async Task Without_LITERAL_plus_a_non_ASCII_password_waits_for_the_go_ahead_before_the_literal()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync("* OK [CAPABILITY IMAP4rev1] ready\n");
            var login = await c.ReceiveAsync();
            Assert.That(login, Is.EqualTo("A0001 LOGIN \"me@example.com\" {7}"));
            await c.SendAsync("+ go ahead\n");
            Assert.That(await c.ReceiveAsync(), Is.EqualTo("pässwd"));
            await c.SendAsync("A0001 OK [CAPABILITY IMAP4rev1 IDLE] logged in\n");
        });
        await using var client = await ImapScript.ConnectAsync(server, o => o with { Username = "me@example.com", Password = "pässwd" });

        Assert.That(client.IsAuthenticated, Is.True);
        Assert.That(client.Capabilities, Does.Contain("IDLE"));
    }

    [Test]
    public async Task AUTHENTICATE_PLAIN_uses_the_initial_response_when_SASL_IR_is_offered()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            var command = await c.ReceiveAsync();
            Assert.That(command, Is.EqualTo("A0001 AUTHENTICATE PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes("\0me\0secret"))));
            await c.SendAsync("A0001 OK [CAPABILITY IMAP4rev1 MOVE] Logged in\n");
        });
        await using var client = await ImapScript.ConnectAsync(server, o => o with { Username = "me", Password = "secret" });

        Assert.That(client.Capabilities, Is.EquivalentTo(new[] { "IMAP4rev1", "MOVE" }));
    }

    [Test]
    public async Task A_rejected_XOAUTH2_token_is_answered_with_an_empty_line_and_raises_an_authentication_error()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync("* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2] ready\n");
            Assert.That(await c.ReceiveAsync(), Is.EqualTo("A0001 AUTHENTICATE XOAUTH2"));
            await c.SendAsync("+ \n");
            Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(await c.ReceiveAsync())), Is.EqualTo("user=me@example.com\u0001auth=Bearer expired\u0001\u0001"));
            await c.SendAsync("+ eyJzdGF0dXMiOiI0MDAifQ==\n");
            Assert.That(await c.ReceiveAsync(), Is.Empty);
            await c.SendAsync("A0001 NO [AUTHENTICATIONFAILED] Invalid credentials\n");
        });
        var client = new ImapClient(ImapScript.Options(server) with { Username = "me@example.com", AccessTokenSource = new StaticAccessTokenSource("expired") });

        var error = Assert.ThrowsAsync<ImapAuthenticationException>(() => client.ConnectAsync(CancellationToken.None));

        Assert.That(error!.ResponseCode?.Name, Is.EqualTo("AUTHENTICATIONFAILED"));
        await client.DisposeAsync();
    }

    [Test]
    public async Task A_BYE_greeting_is_a_lost_connection_with_the_servers_reason()
    {
        await using var server = new ScriptedServer(c => c.SendAsync("* BYE Too many connections\n"));
        var client = new ImapClient(ImapScript.Options(server));

        var error = Assert.ThrowsAsync<ImapConnectionLostException>(() => client.ConnectAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("Too many connections"));
        await client.DisposeAsync();
    }

    [Test]
    public async Task Idle_is_reissued_after_the_refresh_interval_and_returns_on_EXISTS()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync("* 2 EXISTS\nA######## OK [READ-WRITE] selected\n");
            var first = await c.ReceiveAsync();
            await c.SendAsync("+ idling\n");
            Assert.That(await c.ReceiveAsync(), Is.EqualTo("DONE"));
            await c.SendAsync($"{first.Split(' ')[0]} OK Idle completed\n");
            var second = await c.ReceiveAsync();
            Assert.That(second, Does.EndWith(" IDLE"));
            await c.SendAsync("+ idling\n* 1 RECENT\n* 3 EXISTS\n");
            Assert.That(await c.ReceiveAsync(), Is.EqualTo("DONE"));
            await c.SendAsync($"{second.Split(' ')[0]} OK Idle completed\n");
        });
        await using var client = await ImapScript.ConnectAsync(server, o => o with { IdleRefreshInterval = TimeSpan.FromMilliseconds(200) });
        await client.SelectAsync("INBOX", CancellationToken.None);

        var mailbox = await client.IdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(mailbox.Exists, Is.EqualTo(3));
        await server.Completion;
    }
}
