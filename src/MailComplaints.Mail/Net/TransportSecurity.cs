namespace MailComplaints.Mail.Net;

/// <summary>How a connection to a mail server is protected.</summary>
public enum TransportSecurity
{
    /// <summary>No TLS: only for loopback and explicitly configured test servers.</summary>
    None,

    /// <summary>Plain connect, then STARTTLS (RFC 3207, RFC 3501 section 6.2.1).</summary>
    StartTls,

    /// <summary>TLS from the first byte (ports 993 and 465, RFC 8314).</summary>
    Tls,
}
