namespace MailComplaints.Mail.Smtp;

/// <summary>The service extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1).</summary>
public sealed class SmtpCapabilities
{
    private readonly Dictionary<string, string> _extensions;

    /// <summary>Reads the capabilities from an EHLO reply; an empty set after a HELO fallback.</summary>
    public SmtpCapabilities(IEnumerable<string> ehloLines)
    {
        ArgumentNullException.ThrowIfNull(ehloLines);
        _extensions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // The first line is the greeting name, the rest one extension each: KEYWORD [params].
        foreach (var line in ehloLines.Skip(1))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var keyword = space < 0 ? line : line[..space];
            _extensions[keyword] = space < 0 ? "" : line[(space + 1)..].Trim();
        }
    }

    /// <summary>True when <paramref name="keyword"/> (e.g. "PIPELINING") was announced.</summary>
    public bool Has(string keyword) => _extensions.ContainsKey(keyword);

    /// <summary>The parameters of <paramref name="keyword"/>, or null when not announced.</summary>
    public string? Parameters(string keyword) => _extensions.GetValueOrDefault(keyword);

    /// <summary>RFC 2920 command pipelining.</summary>
    public bool Pipelining => Has("PIPELINING");

    /// <summary>RFC 6152 8-bit MIME transport.</summary>
    public bool EightBitMime => Has("8BITMIME");

    /// <summary>RFC 6531 internationalised addresses and headers.</summary>
    public bool SmtpUtf8 => Has("SMTPUTF8");

    /// <summary>RFC 3207 STARTTLS.</summary>
    public bool StartTls => Has("STARTTLS");

    /// <summary>RFC 1870 maximum message size in bytes; null when unannounced or unlimited (0).</summary>
    public long? MaxSize => long.TryParse(Parameters("SIZE"), out var size) && size > 0 ? size : null;

    /// <summary>RFC 4954 SASL mechanisms (AUTH), upper case.</summary>
    public IReadOnlySet<string> AuthMechanisms =>
        (Parameters("AUTH") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(m => m.ToUpperInvariant()).ToHashSet();
}
