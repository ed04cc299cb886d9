using MailComplaints.MailServers;

namespace MailComplaints.Mailboxes;

/// <summary>Which kind of mailbox the worker watches.</summary>
public enum MailboxKind
{
    /// <summary>A Maildir folder on this machine: the embedded default.</summary>
    Maildir,

    /// <summary>A mailbox on an IMAP server: the production case.</summary>
    Imap,
}

/// <summary>Section <c>Mailbox</c>.</summary>
public sealed record MailboxSettings(MailboxKind Kind, TimeSpan PollInterval, string MaildirPath, ImapSettings Imap, ProcessingFolders Folders);

/// <summary>Section <c>Mailbox:Imap</c>.</summary>
/// <param name="TrustedCertificateThumbprint">SHA-256 thumbprint (hex) of a server certificate to trust although it does not chain to a trusted root (a self-signed test server).</param>
/// <param name="AccessTokens">When set, the login is OAuth 2.0 with tokens from this source instead of the password.</param>
public sealed record ImapSettings(string Host, int Port, TransportSecurity Security, string Username, string Password, string Folder, string? TrustedCertificateThumbprint = null,
    IAccessTokenSource? AccessTokens = null)
{
    /// <summary>The server and the login, as <see cref="MailServerConnection"/> takes them.</summary>
    public MailServerAccount Account => new(Host, Port, Security, Username, Password, TrustedCertificateThumbprint, AccessTokens);
}
