using System.Text;
using MailComplaints.Mail.Mime.Text;

namespace MailComplaints.Mail.Mime;

/// <summary>
/// One header field as it was received (RFC 5322 section 2.2): the name and the raw bytes after the colon,
/// folding included. Values are decoded on request.
/// </summary>
public sealed class Header
{
    private string? value;

    /// <summary>A header from its name and raw value bytes.</summary>
    public Header(string name, ReadOnlyMemory<byte> rawValue)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        RawValue = rawValue;
    }

    /// <summary>The field name as written.</summary>
    public string Name { get; }

    /// <summary>The bytes after the colon, with folding line breaks as received.</summary>
    public ReadOnlyMemory<byte> RawValue { get; }

    /// <summary>
    /// The value unfolded (RFC 5322 section 2.2.3) and trimmed, 8-bit bytes read as UTF-8 when valid
    /// (RFC 6532) else windows-1252; encoded words are left as they are.
    /// </summary>
    public string Value => value ??= Unfold(RawValue.Span);

    /// <summary>The value with RFC 2047 encoded words decoded, as for unstructured fields like Subject.</summary>
    public string DecodedValue => EncodedWords.Decode(Value);

    /// <inheritdoc/>
    public override string ToString() => Name + ": " + Value;

    internal static string Unfold(ReadOnlySpan<byte> raw)
    {
        raw = TrimWhiteSpace(raw);
        if (raw.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return Charsets.DecodeUnlabelled(raw);
        }
        var buffer = raw.Length <= 1024 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        var length = 0;
        foreach (var b in raw)
        {
            if (b != (byte)'\r' && b != (byte)'\n')
            {
                buffer[length++] = b;
            }
        }
        return Charsets.DecodeUnlabelled(buffer[..length]);
    }

    private static ReadOnlySpan<byte> TrimWhiteSpace(ReadOnlySpan<byte> raw)
    {
        var start = 0;
        while (start < raw.Length && IsWhiteSpace(raw[start]))
        {
            start++;
        }
        var end = raw.Length;
        while (end > start && IsWhiteSpace(raw[end - 1]))
        {
            end--;
        }
        return raw[start..end];
    }

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    internal static string NameFrom(ReadOnlySpan<byte> name)
    {
        foreach (var known in KnownNames)
        {
            if (name.Length == known.Length && Ascii.Equals(name, known))
            {
                return known;
            }
        }
        return Encoding.Latin1.GetString(name);
    }

    private static readonly string[] KnownNames =
    [
        "Received", "From", "To", "Cc", "Subject", "Date", "Message-ID", "Message-Id", "Content-Type",
        "Content-Transfer-Encoding", "MIME-Version", "Mime-Version", "Return-Path", "Reply-To", "In-Reply-To",
        "References", "Content-Disposition", "X-Mailer", "Sender", "DKIM-Signature", "Content-type",
    ];
}
