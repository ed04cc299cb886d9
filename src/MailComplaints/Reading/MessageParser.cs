using System.Text;
using MimeKit;

namespace MailComplaints.Reading;

/// <summary>
/// Parses received mail with MimeKit. The code-page encodings (windows-125x, ISO-2022-JP, KOI8-R …) are registered
/// before the first parse, or MimeKit would leave text in those charsets undecoded. A message whose first lines are
/// blank space, which MimeKit refuses as having no header, is read from its first non-blank line, as a mail client
/// would show it. A message that still cannot be parsed throws <see cref="FormatException"/>: the intake files it in the
/// Failed folder with that reason.
/// </summary>
public static class MessageParser
{
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
