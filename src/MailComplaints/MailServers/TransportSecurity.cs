namespace MailComplaints.MailServers;

/// <summary>How a mail connection is protected (RFC 8314 §3 implicit TLS, RFC 3207 / RFC 3501 §6.2.1 STARTTLS).</summary>
public enum TransportSecurity
{
    /// <summary>No TLS at all. Only for loopback test servers; credentials travel in the clear.</summary>
    None,

    /// <summary>Connect in plain text, then upgrade with STARTTLS before authenticating; fails when the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (implicit TLS, RFC 8314 §3.3): IMAPS on 993, SMTPS submission on 465.</summary>
    Tls,
}
