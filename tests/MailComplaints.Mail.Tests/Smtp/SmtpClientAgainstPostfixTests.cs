using System.Text;
using MailComplaints.Mail.Net;
using MailComplaints.Mail.Smtp;
using MailComplaints.Testing;

namespace MailComplaints.Mail.Tests.Smtp;

/// <summary>The SMTP client against a real Postfix on loopback that delivers @localhost into Dovecot.</summary>
public sealed class SmtpClientAgainstPostfixTests : MailStackFixture
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    private SmtpClientOptions Options(TransportSecurity security = TransportSecurity.None, string? username = null, string? password = null) => new()
    {
        Host = Stack.Host,
        Port = security == TransportSecurity.Tls ? Stack.SmtpsPort : Stack.SmtpPort,
        Security = security,
        Username = username,
        Password = password,
        TrustedCertificateThumbprint = Stack.CertificateSha256,
        LocalDomain = "tests.localhost",
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ReadTimeout = TimeSpan.FromSeconds(30),
    };

    private static byte[] Message(string to, string subject, string body = "Hello.") =>
        Encoding.UTF8.GetBytes($"From: Complaints <complaints@localhost>\r\nTo: <{to}>\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@tests.localhost>\r\n\r\n{body}\r\n");

    [Test]
    public async Task Plain_connection_sends_a_message_that_lands_in_the_mailbox()
    {
        await using var client = new SmtpClient(Options());
        await client.ConnectAsync(CancellationToken.None);
        var result = await client.SendAsync("complaints@localhost", ["plain@localhost"], Message("plain@localhost", "plain"), CancellationToken.None);
        await client.DisconnectAsync(CancellationToken.None);

        Assert.That(result.Sent, Is.True);
        Assert.That(result.DataResponse!.Code, Is.EqualTo(250));
        await Stack.WaitForInboxCountAsync("plain@localhost", 1, DeliveryTimeout, CancellationToken.None);
    }

    [TestCase(TransportSecurity.StartTls)]
    [TestCase(TransportSecurity.Tls)]
    public async Task Encrypted_connection_authenticates_and_sends(TransportSecurity security)
    {
        var user = $"tls{security}@localhost".ToLowerInvariant();
        await using var client = new SmtpClient(Options(security, user, Stack.Password));
        await client.ConnectAsync(CancellationToken.None);
        var result = await client.SendAsync(user, [user], Message(user, $"over {security}"), CancellationToken.None);

        Assert.That(client.IsAuthenticated, Is.True);
        Assert.That(result.Sent, Is.True);
        await Stack.WaitForInboxCountAsync(user, 1, DeliveryTimeout, CancellationToken.None);
    }

    [Test]
    public void A_self_signed_certificate_is_refused_unless_its_thumbprint_is_trusted()
    {
        var client = new SmtpClient(Options(TransportSecurity.Tls) with { TrustedCertificateThumbprint = null });

        var error = Assert.ThrowsAsync<MailServerUnreachableException>(() => client.ConnectAsync(CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("TrustedCertificateThumbprint"));
    }

    [Test]
    public void A_wrong_password_is_an_authentication_error()
    {
        var client = new SmtpClient(Options(TransportSecurity.StartTls, "someone@localhost", "wrong"));

        var error = Assert.ThrowsAsync<SmtpAuthenticationException>(() => client.ConnectAsync(CancellationToken.None));
        Assert.That(error!.StatusCode, Is.EqualTo(535));
        Assert.That(error.IsTransient, Is.False);
    }

    [Test]
    public void A_closed_port_is_an_unreachable_server_naming_host_and_port()
    {
        var port = ClosedPort();
        var client = new SmtpClient(Options() with { Port = port });

        var error = Assert.ThrowsAsync<MailServerUnreachableException>(() => client.ConnectAsync(CancellationToken.None));
        Assert.That(error!.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(error.Port, Is.EqualTo(port));
        Assert.That(error.Message, Does.Contain($"127.0.0.1:{port}"));
    }

    internal static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Test]
    public async Task One_message_to_many_recipients_reports_each_and_tells_transient_from_permanent()
    {
        await using var client = new SmtpClient(Options());
        await client.ConnectAsync(CancellationToken.None);
        var result = await client.SendAsync("complaints@localhost", ["many1@localhost", "tempfail@localhost", "rejected@localhost", "many2@localhost"], Message("many1@localhost", "to many"), CancellationToken.None);

        Assert.That(result.Sent, Is.True);
        Assert.That(result.AcceptedRecipients.Select(r => r.Address), Is.EqualTo(new[] { "many1@localhost", "many2@localhost" }));
        var tempfail = result.Recipients[1];
        Assert.That(tempfail.Accepted, Is.False);
        Assert.That(tempfail.IsTransient, Is.True);
        Assert.That(tempfail.Response.Code, Is.EqualTo(450));
        Assert.That(tempfail.Response.EnhancedCode, Is.EqualTo("4.2.1"));
        var rejected = result.Recipients[2];
        Assert.That(rejected.IsTransient, Is.False);
        Assert.That(rejected.Response.Code, Is.EqualTo(550));
        await Stack.WaitForInboxCountAsync("many1@localhost", 1, DeliveryTimeout, CancellationToken.None);
        await Stack.WaitForInboxCountAsync("many2@localhost", 1, DeliveryTimeout, CancellationToken.None);
    }

    [Test]
    public async Task A_4xx_for_the_only_recipient_is_classified_as_transient_and_nothing_is_sent()
    {
        await using var client = new SmtpClient(Options());
        await client.ConnectAsync(CancellationToken.None);
        var result = await client.SendAsync("complaints@localhost", ["tempfail@localhost"], Message("tempfail@localhost", "later"), CancellationToken.None);

        Assert.That(result.Sent, Is.False);
        Assert.That(result.DataResponse, Is.Null);
        Assert.That(result.Recipients.Single().IsTransient, Is.True);
        // The transaction was reset: the connection still sends.
        var next = await client.SendAsync("complaints@localhost", ["after-tempfail@localhost"], Message("after-tempfail@localhost", "next"), CancellationToken.None);
        Assert.That(next.Sent, Is.True);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Many_messages_go_over_one_connection_with_and_without_pipelining(bool pipelining)
    {
        var user = $"pipelining-{pipelining}@localhost".ToLowerInvariant();
        await using var client = new SmtpClient(Options() with { UsePipelining = pipelining });
        await client.ConnectAsync(CancellationToken.None);
        Assert.That(client.Capabilities.Pipelining, Is.True);
        for (var i = 0; i < 50; i++)
        {
            var result = await client.SendAsync("complaints@localhost", [user], Message(user, $"ack {i}", $"line\r\n.starts with a dot {i}"), CancellationToken.None);
            Assert.That(result.Sent, Is.True);
        }
        await client.DisconnectAsync(CancellationToken.None);

        await Stack.WaitForInboxCountAsync(user, 50, DeliveryTimeout, CancellationToken.None);
    }

    [Test]
    public async Task A_batch_sent_with_one_round_trip_per_message_reports_each_message()
    {
        const string user = "batch@localhost";
        var messages = Enumerable.Range(0, 100)
            .Select(i => new SmtpMessage("complaints@localhost", i == 40 ? ["tempfail@localhost"] : [user], Message(user, $"batch {i}", $".dot {i}")))
            .ToList();
        await using var client = new SmtpClient(Options());
        await client.ConnectAsync(CancellationToken.None);

        var results = await client.SendManyAsync(messages, CancellationToken.None);

        Assert.That(results, Has.Count.EqualTo(100));
        Assert.That(results.Count(r => r.Sent), Is.EqualTo(99));
        Assert.That(results[40].Sent, Is.False);
        Assert.That(results[40].Failure, Is.Null);
        Assert.That(results[40].Recipients.Single().IsTransient, Is.True);
        await Stack.WaitForInboxCountAsync(user, 99, DeliveryTimeout, CancellationToken.None);
    }
}
