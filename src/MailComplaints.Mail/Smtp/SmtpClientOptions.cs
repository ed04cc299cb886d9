using MailComplaints.Mail.Net;

namespace MailComplaints.Mail.Smtp;

/// <summary>
/// How to reach and log in to an SMTP submission server (RFC 6409; implicit TLS on 465 per RFC 8314 §3.3,
/// STARTTLS on 587 per RFC 3207). Credentials, when set, are used during <see cref="SmtpClient.ConnectAsync"/>.
/// </summary>
public sealed record SmtpClientOptions : MailClientOptions
{
    /// <summary>The name this client gives in EHLO/HELO (RFC 5321 §4.1.1.1); the machine name when null.</summary>
    public string? LocalDomain { get; init; }

    /// <summary>Whether PIPELINING (RFC 2920) is used when the server offers it. On by default.</summary>
    public bool UsePipelining { get; init; } = true;
}
