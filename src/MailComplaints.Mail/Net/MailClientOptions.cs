namespace MailComplaints.Mail.Net;

/// <summary>
/// Where and how a mail client connects and logs in; shared by <c>Imap.ImapClientOptions</c> and
/// <see cref="Smtp.SmtpClientOptions"/>. The server certificate is validated by default (RFC 8314 §5);
/// <see cref="TrustedCertificateThumbprint"/> trusts one known certificate, e.g. a self-signed test server's.
/// </summary>
public abstract record MailClientOptions
{
    /// <summary>The server host name; also the name the certificate must carry.</summary>
    public required string Host { get; init; }

    /// <summary>The TCP port, e.g. 993 (IMAPS), 143 (IMAP), 465 (SMTPS), 587 (submission).</summary>
    public required int Port { get; init; }

    /// <summary>Implicit TLS, STARTTLS or (loopback only) none.</summary>
    public TransportSecurity Security { get; init; } = TransportSecurity.Tls;

    /// <summary>The login name; null for no authentication.</summary>
    public string? Username { get; init; }

    /// <summary>The password for <see cref="Username"/>; ignored when <see cref="AccessTokenSource"/> is set.</summary>
    public string? Password { get; init; }

    /// <summary>When set, the client authenticates with XOAUTH2 using tokens from this source instead of the password.</summary>
    public IAccessTokenSource? AccessTokenSource { get; init; }

    /// <summary>
    /// The SHA-256 thumbprint, hex, of a server certificate to trust even when it does not chain to a
    /// trusted root (self-signed test servers). Null: only certificates valid by the system's rules are accepted.
    /// </summary>
    public string? TrustedCertificateThumbprint { get; init; }

    /// <summary>How long to wait for the TCP connection and TLS handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long any single read or write may stall before the connection is given up as lost.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>The clock used for timeouts and waits; tests inject their own.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks the options before connecting.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public virtual void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("Host is required, e.g. \"imap.example.com\".", nameof(Host));
        }
        if (Port is <= 0 or > 65535)
        {
            throw new ArgumentException($"Port must be between 1 and 65535, found {Port}.", nameof(Port));
        }
        if (Username is not null && Password is null && AccessTokenSource is null)
        {
            throw new ArgumentException($"Username {Username} is set but neither Password nor AccessTokenSource is.", nameof(Password));
        }
        if (ConnectTimeout <= TimeSpan.Zero || ReadTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("ConnectTimeout and ReadTimeout must be positive.", nameof(ReadTimeout));
        }
    }
}
