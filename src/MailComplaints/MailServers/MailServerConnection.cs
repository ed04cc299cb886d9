using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailComplaints.MailServers;

/// <summary>
/// Connects a MailKit client (IMAP or SMTP) to a <see cref="MailServerAccount"/>: the TLS mode, the certificate check
/// with the optional pinned thumbprint, and the login (password, or OAuth 2.0 with a token from the account's source).
/// </summary>
public static class MailServerConnection
{
    /// <summary>Connects and logs in <paramref name="client"/>; on failure the client is left disconnected.</summary>
    public static async Task OpenAsync(MailService client, MailServerAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(account);
        client.ServerCertificateValidationCallback = (_, certificate, _, errors) => Trusts(account, certificate, errors);
        await client.ConnectAsync(account.Host, account.Port, OptionsFor(account.Security), cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(account.Username))
        {
            return;
        }
        if (account.AccessTokens is { } tokens)
        {
            var token = await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
            var credentials = new System.Net.NetworkCredential(account.Username, token);
            SaslMechanism mechanism = client.AuthenticationMechanisms.Contains("OAUTHBEARER")
                ? new SaslMechanismOAuthBearer(credentials)
                : new SaslMechanismOAuth2(credentials);
            await client.AuthenticateAsync(mechanism, cancellationToken).ConfigureAwait(false);
            return;
        }
        await client.AuthenticateAsync(account.Username, account.Password, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// True for the failures worth connecting again after a wait: a lost or refused connection, a timeout, a protocol
    /// error that left the connection unusable. A refused login or an untrusted certificate is not: waiting does not help.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        AuthenticationException or SslHandshakeException => false,
        ServiceNotConnectedException or ServiceNotAuthenticatedException or SocketException or IOException or TimeoutException => true,
        ImapProtocolException or SmtpProtocolException => true,
        _ => false,
    };

    private static SecureSocketOptions OptionsFor(TransportSecurity security) => security switch
    {
        TransportSecurity.None => SecureSocketOptions.None,
        TransportSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.SslOnConnect,
    };

    private static bool Trusts(MailServerAccount account, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (certificate is null || string.IsNullOrWhiteSpace(account.TrustedCertificateThumbprint))
        {
            return false;
        }
        var thumbprint = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
        return string.Equals(thumbprint, account.TrustedCertificateThumbprint.Replace(":", "", StringComparison.Ordinal).Trim(), StringComparison.OrdinalIgnoreCase);
    }
}
