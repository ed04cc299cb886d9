using MailComplaints.Mail.Net;

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
public sealed record ImapSettings(string Host, int Port, TransportSecurity Security, string Username, string Password, string Folder, string? TrustedCertificateThumbprint = null);
