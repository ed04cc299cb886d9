using System.Globalization;
using MailComplaints.MailServers;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace MailComplaints.Outbox;

/// <summary>
/// Sends the outbox over SMTP with MailKit's <see cref="SmtpClient"/>: one connection per batch. A mail larger than the
/// server's SIZE is refused before it is sent. A recipient the server refuses does not fail the others: the mail goes to
/// those accepted and the refusals are reported, not retried (the mail went out once). Failures are told apart by the
/// server's status code: 4xx, a dropped connection or an unreachable server are transient (the outbox tries again later);
/// 5xx for the sender, for the message or for every recipient are permanent.
/// </summary>
public sealed class SmtpTransport(SmtpSettings settings) : IMailTransport
{
    /// <inheritdoc />
    public string Describe() => $"SMTP {settings.Host}:{settings.Port} ({settings.Security})";

    /// <inheritdoc />
    public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        var client = new RecipientNotingSmtpClient();
        try
        {
            await MailServerConnection.OpenAsync(client, settings.Account, cancellationToken).ConfigureAwait(false);
            return new Session(client);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            client.Dispose();
            // A wrong password or certificate is not fixed by waiting either, but giving the outbox up on it would lose the
            // mail over a setting: it stays transient, and status reports the transport as failing.
            throw new MailTransportException($"{Describe()}: {exception.Message}", isTransient: true, exception);
        }
    }

    private sealed class Session(RecipientNotingSmtpClient client) : IMailSession
    {
        public async Task<IReadOnlyList<int>> SendAsync(OutboxEntry mail, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(mail);
            var raw = mail.Raw ?? throw new ArgumentException($"Mail {mail.MessageId} is not composed yet.", nameof(mail));
            if (client.Capabilities.HasFlag(SmtpCapabilities.Size) && client.MaxSize > 0 && raw.Length > client.MaxSize)
            {
                throw new MailTransportException(string.Create(CultureInfo.InvariantCulture,
                    $"the mail is {raw.Length} bytes, more than the {client.MaxSize} bytes the server accepts (SIZE)"), isTransient: false);
            }
            using var stream = new MemoryStream(raw, 0, raw.Length, writable: false, publiclyVisible: true);
            var message = await MimeMessage.LoadAsync(stream, persistent: true, cancellationToken).ConfigureAwait(false);
            client.Refused.Clear();
            try
            {
                await client.SendAsync(message, MailboxAddress.Parse(mail.EnvelopeFrom), mail.Recipients.Select(MailboxAddress.Parse), cancellationToken).ConfigureAwait(false);
            }
            catch (SmtpCommandException exception)
            {
                throw new MailTransportException($"not accepted: {(int)exception.StatusCode} {exception.Message}", IsTransient(exception.StatusCode), exception);
            }
            catch (Exception exception) when (exception is SmtpProtocolException or IOException or ServiceNotConnectedException)
            {
                throw new MailTransportException(exception.Message, isTransient: true, exception);
            }
            return [.. client.Refused.Select(refusal => (int)refusal.Response.StatusCode)];
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SmtpProtocolException or IOException or SmtpCommandException or ServiceNotConnectedException)
            {
                // The mails are sent and marked; a failed QUIT changes nothing.
            }
            client.Dispose();
        }
    }

    private static bool IsTransient(SmtpStatusCode code) => (int)code is >= 400 and < 500;

    /// <summary>
    /// MailKit's client, noting each recipient the server refuses instead of failing the whole mail; only when it refuses
    /// them all does the mail fail, transient when any refusal was.
    /// </summary>
    private sealed class RecipientNotingSmtpClient : SmtpClient
    {
        public List<(string Address, SmtpResponse Response)> Refused { get; } = [];

        protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
            Refused.Add((mailbox.Address, response));

        protected override void OnNoRecipientsAccepted(MimeMessage message)
        {
            var replies = string.Join("; ", Refused.Select(refusal => $"{refusal.Address}: {(int)refusal.Response.StatusCode} {refusal.Response.Response}"));
            throw new MailTransportException($"not accepted: {replies}", Refused.Any(refusal => IsTransient(refusal.Response.StatusCode)));
        }
    }
}
