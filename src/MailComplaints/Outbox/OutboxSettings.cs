using MailComplaints.MailServers;

namespace MailComplaints.Outbox;

/// <summary>Section <c>Outbox</c>: where mail goes when no SMTP server is set, how often and how long to try, and how many
/// automatic mails one address may get in 24 hours (handlers and the director excepted).</summary>
/// <param name="FailingAlarm">How long a mail may keep failing before <c>status</c> reports the worker unhealthy.</param>
/// <param name="SentFolder">When set, a copy of every mail sent goes to this folder of the complaints mailbox (IMAP or Maildir), marked as read.</param>
public sealed record OutboxSettings(string PickupDirectory, TimeSpan SendInterval, int MaxAttempts, int AutomaticMailsPerAddressPerDay, TimeSpan FailingAlarm,
    string? SentFolder = null);

/// <summary>Section <c>Smtp</c>. An empty host means: write mail to the pickup directory instead.</summary>
/// <param name="TrustedCertificateThumbprint">SHA-256 thumbprint (hex) of a server certificate to trust although it does not chain to a trusted root.</param>
/// <param name="AccessTokens">When set, the login is OAuth 2.0 with tokens from this source instead of the password.</param>
public sealed record SmtpSettings(string Host, int Port, TransportSecurity Security, string Username, string Password, string? TrustedCertificateThumbprint = null,
    IAccessTokenSource? AccessTokens = null)
{
    /// <summary>The server and the login, as <see cref="MailServerConnection"/> takes them.</summary>
    public MailServerAccount Account => new(Host, Port, Security, Username, Password, TrustedCertificateThumbprint, AccessTokens);

    /// <summary>True when mail goes out over SMTP.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>Section <c>Mail</c>: the complaints address that every outgoing mail comes from, and where templates live.</summary>
/// <param name="MaxHandlerMailBytes">The size a handler's mail with the case's files stays below: files that would make it larger are listed, not attached.</param>
public sealed record MailSettings(string? FromName, string FromAddress, string TemplatesDirectory, long MaxHandlerMailBytes)
{
    /// <summary>The domain of the complaints address, used in the Message-IDs we make.</summary>
    public string Domain => FromAddress[(FromAddress.LastIndexOf('@') + 1)..];
}
