using System.Text;
using MailComplaints.Mail.Net;
using MailComplaints.Mail.Smtp;
using MailComplaints.Mail.Tests.Net;

namespace MailComplaints.Mail.Tests.Smtp;

/// <summary>Conversations with scripted servers, for behaviour Postfix cannot be made to show.</summary>
public sealed class SmtpClientProtocolTests
{
    private static SmtpClientOptions Options(ScriptedServer server, string? username = null, string? password = null, IAccessTokenSource? tokens = null) => new()
    {
        Host = "127.0.0.1",
        Port = server.Port,
        Security = TransportSecurity.None,
        Username = username,
        Password = password,
        AccessTokenSource = tokens,
        LocalDomain = "client.test",
        ReadTimeout = TimeSpan.FromSeconds(5),
    };

    [Test]
    public async Task A_server_that_refuses_EHLO_is_greeted_with_HELO_and_gets_one_command_at_a_time()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync("220 old.example ready\n");
            await c.ReceiveAsync();
            await c.SendAsync("502 5.5.1 EHLO not implemented\n");
            await c.ReceiveAsync();
            await c.SendAsync("250 old.example\n");
            await c.ReceiveAsync();
            await c.SendAsync("250 ok\n");
            await c.ReceiveAsync();
            await c.SendAsync("250 ok\n");
            await c.ReceiveAsync();
            await c.SendAsync("354 go ahead\n");
            await c.ReceiveDataAsync();
            await c.SendAsync("250 queued as 1\n");
            await c.ReceiveAsync();
            await c.SendAsync("221 bye\n");
        });
        await using var client = new SmtpClient(Options(server));
        await client.ConnectAsync(CancellationToken.None);
        var result = await client.SendAsync("a@x.test", ["b@x.test"], Encoding.ASCII.GetBytes("Subject: t\r\n\r\n.dot\r\n"), CancellationToken.None);
        await client.DisconnectAsync(CancellationToken.None);
        await server.Completion;

        Assert.That(result.Sent, Is.True);
        Assert.That(server.Received, Is.EqualTo(new[] { "EHLO client.test", "HELO client.test", "MAIL FROM:<a@x.test>", "RCPT TO:<b@x.test>", "DATA", "Subject: t", "", "..dot", ".", "QUIT" }));
    }

    [Test]
    public async Task Multi_line_replies_and_enhanced_status_codes_are_read()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync("220-first line\n220 second line\n");
            await c.ReceiveAsync();
            await c.SendAsync("250-mx.example greets you\n250-SIZE 1000\n250-AUTH LOGIN\n250 8BITMIME\n");
            await c.ReceiveAsync();
            await c.SendAsync("334 VXNlcm5hbWU6\n");
            Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(await c.ReceiveAsync())), Is.EqualTo("user"));
            await c.SendAsync("334 UGFzc3dvcmQ6\n");
            Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(await c.ReceiveAsync())), Is.EqualTo("pa ss"));
            await c.SendAsync("235 2.7.0 Authentication successful\n");
            await c.ReceiveAsync();
            await c.SendAsync("552-5.3.4 Message too big\n552 5.3.4 really\n");
            Assert.That(await c.ReceiveAsync(), Is.EqualTo("RSET"));
            await c.SendAsync("250 2.0.0 Ok\n");
        });
        await using var client = new SmtpClient(Options(server, "user", "pa ss"));
        await client.ConnectAsync(CancellationToken.None);

        Assert.That(client.IsAuthenticated, Is.True);
        Assert.That(client.Capabilities.MaxSize, Is.EqualTo(1000));
        Assert.That(client.Capabilities.AuthMechanisms, Is.EquivalentTo(new[] { "LOGIN" }));
        var error = Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync("a@x.test", ["b@x.test"], new byte[10], CancellationToken.None));
        Assert.That(error!.StatusCode, Is.EqualTo(552));
        Assert.That(error.EnhancedStatusCode, Is.EqualTo("5.3.4"));
        Assert.That(error.Response.Lines, Is.EqualTo(new[] { "Message too big", "really" }));
        Assert.That(error.IsTransient, Is.False);
    }

    [Test]
    public async Task A_message_larger_than_the_announced_SIZE_is_refused_before_sending()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync("220 mx\n");
            await c.ReceiveAsync();
            await c.SendAsync("250-mx\n250 SIZE 5\n");
        });
        await using var client = new SmtpClient(Options(server));
        await client.ConnectAsync(CancellationToken.None);

        var error = Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync("a@x.test", ["b@x.test"], new byte[6], CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("at most 5"));
    }

    [Test]
    public async Task A_rejected_XOAUTH2_token_ends_the_exchange_and_raises_an_authentication_error()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync("220 smtp.example\n");
            await c.ReceiveAsync();
            await c.SendAsync("250-smtp.example\n250 AUTH LOGIN PLAIN XOAUTH2\n");
            var auth = await c.ReceiveAsync();
            Assert.That(auth, Does.StartWith("AUTH XOAUTH2 "));
            Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(auth["AUTH XOAUTH2 ".Length..])), Is.EqualTo("user=me@example.com\u0001auth=Bearer t0k3n\u0001\u0001"));
            await c.SendAsync("334 eyJzdGF0dXMiOiI0MDEifQ==\n");
            Assert.That(await c.ReceiveAsync(), Is.Empty);
            await c.SendAsync("535 5.7.3 Authentication unsuccessful\n");
        });
        await using var client = new SmtpClient(Options(server, "me@example.com", tokens: new StaticAccessTokenSource("t0k3n")));

        var error = Assert.ThrowsAsync<SmtpAuthenticationException>(() => client.ConnectAsync(CancellationToken.None));
        Assert.That(error!.StatusCode, Is.EqualTo(535));
        Assert.That(error.EnhancedStatusCode, Is.EqualTo("5.7.3"));
    }

    [Test]
    public async Task A_421_reply_is_a_lost_connection()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync("220 mx\n");
            await c.ReceiveAsync();
            await c.SendAsync("250 mx\n");
            await c.ReceiveAsync();
            await c.SendAsync("421 4.3.2 Service shutting down\n");
            c.Close();
        });
        await using var client = new SmtpClient(Options(server));
        await client.ConnectAsync(CancellationToken.None);

        var error = Assert.ThrowsAsync<SmtpConnectionLostException>(() => client.SendAsync("a@x.test", ["b@x.test"], new byte[1], CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("421"));
        Assert.That(client.IsConnected, Is.False);
    }

    [Test]
    public async Task A_server_that_goes_silent_times_out_as_a_lost_connection()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync("220 mx\n");
            await c.ReceiveAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
        });
        await using var client = new SmtpClient(Options(server) with { ReadTimeout = TimeSpan.FromMilliseconds(200) });

        var error = Assert.ThrowsAsync<SmtpConnectionLostException>(() => client.ConnectAsync(CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("no data from the server"));
    }

    [Test]
    public async Task A_batch_with_a_refused_DATA_resets_and_goes_on_with_the_next_message()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync("220 mx\n");
            await c.ReceiveAsync();
            await c.SendAsync("250-mx\n250 PIPELINING\n");
            Assert.That(new[] { await c.ReceiveAsync(), await c.ReceiveAsync(), await c.ReceiveAsync() }, Is.EqualTo(new[] { "MAIL FROM:<a@x.test>", "RCPT TO:<b@x.test>", "DATA" }));
            await c.SendAsync("250 ok\n250 ok\n451 4.3.0 try later\n");
            Assert.That(new[] { await c.ReceiveAsync(), await c.ReceiveAsync(), await c.ReceiveAsync(), await c.ReceiveAsync() }, Is.EqualTo(new[] { "RSET", "MAIL FROM:<a@x.test>", "RCPT TO:<c@x.test>", "DATA" }));
            await c.SendAsync("250 reset\n250 ok\n250 ok\n354 go\n");
            Assert.That(await c.ReceiveDataAsync(), Is.EqualTo(new[] { "second" }));
            await c.SendAsync("250 queued\n");
        });
        await using var client = new SmtpClient(Options(server));
        await client.ConnectAsync(CancellationToken.None);

        var results = await client.SendManyAsync(
            [new SmtpMessage("a@x.test", ["b@x.test"], "first\r\n"u8.ToArray()), new SmtpMessage("a@x.test", ["c@x.test"], "second\r\n"u8.ToArray())],
            CancellationToken.None);
        await server.Completion;

        Assert.That(results[0].Sent, Is.False);
        Assert.That(results[0].Failure!.IsTransient, Is.True);
        Assert.That(results[0].Failure!.Command, Is.EqualTo("DATA"));
        Assert.That(results[1].Sent, Is.True);
    }
}
