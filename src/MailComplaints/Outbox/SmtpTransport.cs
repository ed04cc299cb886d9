using MailComplaints.Mail.Net;
using MailComplaints.Mail.Smtp;

namespace MailComplaints.Outbox;

/// <summary>
/// Sends the outbox over SMTP: one connection per batch, PIPELINING where the server offers it. 4xx replies,
/// a dropped connection or an unreachable server are transient; 5xx replies for every recipient are permanent.
/// A recipient refused while others accepted the mail is reported, not retried (the mail went out once).
/// </summary>
public sealed class SmtpTransport(SmtpSettings settings) : IMailTransport
{
    /// <inheritdoc />
    public string Describe() => $"SMTP {settings.Host}:{settings.Port} ({settings.Security})";

    /// <inheritdoc />
    public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient(new SmtpClientOptions
        {
            Host = settings.Host,
            Port = settings.Port,
            Security = (TransportSecurity)settings.Security,
            Username = string.IsNullOrEmpty(settings.Username) ? null : settings.Username,
            Password = string.IsNullOrEmpty(settings.Username) ? null : settings.Password,
            TrustedCertificateThumbprint = settings.TrustedCertificateThumbprint,
        });
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return new Session(client);
        }
        catch (Exception exception) when (exception is MailServerUnreachableException or MailConnectionLostException or SmtpCommandException or IOException)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw new MailTransportException($"{Describe()}: {exception.Message}", isTransient: true, exception);
        }
    }

    private sealed class Session(SmtpClient client) : IMailSession
    {
        public async Task SendAsync(OutboxEntry mail, CancellationToken cancellationToken)
        {
            SmtpSendResult result;
            try
            {
                result = await client.SendAsync(mail.EnvelopeFrom, mail.Recipients, mail.Raw ?? throw new ArgumentException($"Mail {mail.MessageId} is not composed yet.", nameof(mail)), cancellationToken).ConfigureAwait(false);
            }
            catch (SmtpCommandException exception)
            {
                throw new MailTransportException(exception.Message, exception.IsTransient, exception);
            }
            catch (Exception exception) when (exception is MailConnectionLostException or IOException)
            {
                throw new MailTransportException(exception.Message, isTransient: true, exception);
            }
            if (!result.Sent)
            {
                var replies = string.Join("; ", result.Recipients.Select(r => r.Response.ToString()).Concat(result.DataResponse is { } data ? [data.ToString()] : []));
                var transient = result.Recipients.Any(r => r.IsTransient) || result.DataResponse is { IsTransient: true };
                throw new MailTransportException($"not accepted: {replies}", transient);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await client.DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is MailConnectionLostException or IOException or SmtpCommandException)
            {
                // The mails are sent and marked; a failed QUIT changes nothing.
            }
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
