using System.Globalization;
using System.Text;
using MimeKit;

namespace MailComplaints.Reading;

/// <summary>
/// Parses received mail with MimeKit. The code-page encodings (windows-125x, ISO-2022-JP, KOI8-R …) are registered
/// before the first parse, or MimeKit would leave text in those charsets undecoded. A message whose first lines are
/// blank space, which MimeKit refuses as having no header, is read from its first non-blank line, as a mail client
/// would show it. A header field longer than <see cref="MaxHeaderFieldBytes"/>, folded or not, is refused before MimeKit
/// sees it: no mail program writes one, and MimeKit's work on a header grows with the square of its length (found by
/// fuzzing: 16 KB cost 2.5 MB of allocations, 64 KB 34 MB, 256 KB 538 MB). A message that cannot be parsed throws <see cref="FormatException"/>: the
/// intake files it in the Failed folder with that reason.
/// </summary>
public static class MessageParser
{
    /// <summary>The longest header field (with its folded lines) a message may have.</summary>
    public const int MaxHeaderFieldBytes = 32 * 1024;

    private static readonly ParserOptions Options;

    // Registered before MimeKit's first use here; touching ParserOptions first would be too late.
    static MessageParser()
    {
        RegisterEncodings();
        Options = CreateOptions();
    }

    /// <summary>
    /// Makes the code-page charsets known to .NET, and so to MimeKit. The worker calls it first thing at start-up;
    /// the first parse does too. Registering twice is harmless.
    /// </summary>
    public static void RegisterEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Parses <paramref name="raw"/>, which the caller does not change while the message is in use: the parts'
    /// contents stay ranges of it, so a large attachment is not copied.
    /// </summary>
    public static MimeMessage Parse(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (LongestHeaderField(raw) is var longest and > MaxHeaderFieldBytes)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                $"a header field of {longest} bytes, more than the {MaxHeaderFieldBytes} a header field may have here; the message is kept as it came"));
        }
        try
        {
            return Parse(raw, 0);
        }
        catch (FormatException) when (StartOfContent(raw) is > 0 and var start)
        {
            return Parse(raw, start);
        }
    }

    private static MimeMessage Parse(byte[] raw, int start)
    {
        var stream = new MemoryStream(raw, start, raw.Length - start, writable: false, publiclyVisible: true);
        return MimeMessage.Load(Options, stream, persistent: true);
    }

    // The length of the longest header field anywhere in the message: a line that starts with a field name and a colon, with
    // the folded lines below it that start with blank space; and in a header (the message's, or a part's after a line that
    // may be its boundary) any line at all.
    private static int LongestHeaderField(byte[] raw)
    {
        var longest = 0;
        var field = 0;
        var start = 0;
        var inHeader = true;
        var enclosing = false;
        var digest = false;
        while (start < raw.Length)
        {
            var end = Array.IndexOf(raw, (byte)'\n', start);
            var length = (end < 0 ? raw.Length : end) - start;
            if (length > 0 && raw[start] is (byte)' ' or (byte)'\t')
            {
                field = field > 0 ? field + length + 1 : 0;
            }
            else if (StartsWithFieldName(raw, start, length))
            {
                field = length + 1;
            }
            else
            {
                // In a header, a line that is neither a field nor folded is read with the field before it.
                field = inHeader && field > 0 && length > 0 ? field + length + 1 : 0;
            }
            // In a header every line counts, field or not: MimeKit reads them all as header. A body's lines are never
            // read as header, whatever they look like.
            if (inHeader)
            {
                longest = Math.Max(longest, Math.Max(field, length));
            }
            if (end < 0)
            {
                break;
            }
            // A header ends at its blank line, where an enclosed message's header begins when the header said message/…; after
            // a line that may be a boundary ("--…") a part's header begins, and in a multipart/digest, where a part is a
            // message unless it says otherwise, so may the header of the message it encloses (found by fuzzing).
            var blank = length == 0 || (length == 1 && raw[start] == '\r');
            enclosing |= inHeader && IsEnclosingContentType(raw, start, length);
            digest |= inHeader && IsContentType(raw, start, length, "multipart/digest");
            if (inHeader && blank)
            {
                inHeader = enclosing;
                enclosing = false;
            }
            if (length >= 2 && raw[start] == '-' && raw[start + 1] == '-')
            {
                inHeader = true;
                enclosing |= digest;
            }
            start = end + 1;
        }
        return longest;
    }

    // message/… and text/rfc822-headers: MimeKit reads the part's content as header fields too (an enclosed message, the
    // groups of a delivery status, the headers of a returned message).
    private static bool IsEnclosingContentType(byte[] raw, int start, int length) =>
        IsContentType(raw, start, length, "message/") || IsContentType(raw, start, length, "text/rfc822-headers");

    // A Content-Type field whose value starts with the type given (blank space ignored).
    private static bool IsContentType(byte[] raw, int start, int length, string type)
    {
        if (length <= 13)
        {
            return false;
        }
        var text = Encoding.ASCII.GetString(raw, start, Math.Min(length, 48)).Replace(" ", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal);
        return text.StartsWith("content-type:" + type, StringComparison.OrdinalIgnoreCase);
    }

    // A field name (RFC 5322 section 3.6.8: printable ASCII but the colon) of at most 76 characters, then the colon.
    private static bool StartsWithFieldName(byte[] raw, int start, int length)
    {
        for (var i = 0; i < Math.Min(length, 77); i++)
        {
            var c = raw[start + i];
            if (c == ':')
            {
                return i > 0;
            }
            if (c is < 33 or > 126)
            {
                return false;
            }
        }
        return false;
    }

    // The offset of the first line that holds more than blank space, or 0 when there is none.
    private static int StartOfContent(byte[] raw)
    {
        var lineStart = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            switch (raw[i])
            {
                case (byte)'\n':
                    lineStart = i + 1;
                    break;
                case (byte)' ' or (byte)'\t' or (byte)'\r':
                    break;
                default:
                    return lineStart == raw.Length ? 0 : lineStart;
            }
        }
        return 0;
    }

    private static ParserOptions CreateOptions()
    {
        var options = ParserOptions.Default.Clone();
        // A structure deeper than this is someone's attack, not mail: the rest is read as one part.
        options.MaxMimeDepth = 64;
        return options;
    }
}
