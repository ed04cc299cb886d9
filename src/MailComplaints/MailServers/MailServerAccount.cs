namespace MailComplaints.MailServers;

/// <summary>Where a mail server is and how we log in to it; the part that <c>Mailbox:Imap</c> and <c>Smtp</c> share.</summary>
/// <param name="Host">The server's host name; also the name its certificate must carry.</param>
/// <param name="Port">The TCP port, e.g. 993 (IMAPS), 143 (IMAP), 465 (SMTPS), 587 (submission).</param>
/// <param name="Security">Implicit TLS, STARTTLS or (loopback only) none.</param>
/// <param name="Username">The login name; empty for no authentication.</param>
/// <param name="Password">The password for <paramref name="Username"/>; not used when <paramref name="AccessTokens"/> is set.</param>
/// <param name="TrustedCertificateThumbprint">SHA-256 thumbprint (hex) of a server certificate to trust although it does not chain to a trusted root (a self-signed server).</param>
/// <param name="AccessTokens">When set, the login is OAuth 2.0 (OAUTHBEARER where the server offers it, else XOAUTH2) with tokens from this source.</param>
public sealed record MailServerAccount(string Host, int Port, TransportSecurity Security, string Username, string Password,
    string? TrustedCertificateThumbprint = null, IAccessTokenSource? AccessTokens = null)
{
    /// <summary>Host and port, for logs and status (no credentials).</summary>
    public override string ToString() => $"{Host}:{Port}";
}
