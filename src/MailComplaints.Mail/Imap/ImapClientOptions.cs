using MailComplaints.Mail.Net;

namespace MailComplaints.Mail.Imap;

/// <summary>How to reach and log in to an IMAP server (RFC 9051 / RFC 3501; implicit TLS on 993 per RFC 8314).</summary>
public sealed record ImapClientOptions : MailClientOptions
{
    /// <summary>
    /// Capabilities to ignore even when the server announces them, e.g. "MOVE" or "UIDPLUS", to work around a
    /// server's broken implementation (or to exercise the fallbacks in tests).
    /// </summary>
    public IReadOnlySet<string> DisabledCapabilities { get; init; } = new HashSet<string>();

    /// <summary>IDLE is ended and re-issued after this long, below the 30-minute server timeout (RFC 2177 §3).</summary>
    public TimeSpan IdleRefreshInterval { get; init; } = TimeSpan.FromMinutes(29);

    /// <summary>How often NOOP polls for new mail when the server lacks IDLE.</summary>
    public TimeSpan NoopPollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Called with the text of every [ALERT] response code (RFC 9051 §7.1), which must be shown to a human.</summary>
    public Action<string>? AlertReceived { get; init; }
}
