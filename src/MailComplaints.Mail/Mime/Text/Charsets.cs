using System.Buffers;
using System.Text;

namespace MailComplaints.Mail.Mime.Text;

/// <summary>
/// Turns bytes in a declared charset (RFC 2045 section 5.1, RFC 2046 section 4.1.2) into text, never throwing:
/// an unknown or wrong charset falls back to UTF-8 when the bytes are valid UTF-8, else to windows-1252.
/// </summary>
public static class Charsets
{
    // Registering the in-box provider is idempotent; it adds the legacy code pages mail still uses.
    private static readonly bool CodePagesRegistered = RegisterCodePages();

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The line breaks string.ReplaceLineEndings replaces besides "\n" itself (CR, FF, NEL, LS, PS; CR LF is one).
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\f\u0085\u2028\u2029");

    /// <summary>windows-1252, the de facto meaning of "latin-1" and of undeclared 8-bit text in mail.</summary>
    public static Encoding Windows1252 { get; } = GetCodePage(1252);

    /// <summary>The encoding for a charset name (with the aliases mail software really sends), or null when unknown.</summary>
    public static Encoding? Find(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }
        var name = charset.Trim().Trim('"', '\'').ToLowerInvariant();
        var star = name.IndexOf('*', StringComparison.Ordinal);
        if (star > 0)
        {
            name = name[..star]; // RFC 2231 section 5: charset*language
        }
        name = name switch
        {
            "utf8" or "utf-8" or "unicode-1-1-utf-8" or "x-unicode20utf8" => "utf-8",
            "latin1" or "latin-1" or "iso-8859-1" or "iso8859-1" or "iso_8859-1" or "l1" or "us-ascii" or "ascii" or "ansi_x3.4-1968" or "x-user-defined" => "windows-1252",
            "ks_c_5601-1987" or "ks_c_5601" or "ksc5601" or "euc-kr" => "ks_c_5601-1987",
            "iso-8859-8-i" => "iso-8859-8",
            "gb2312" or "gbk" or "x-gbk" or "cp936" => "gb2312",
            "shift-jis" or "sjis" or "x-sjis" or "shift_jis" or "ms932" or "cp932" or "windows-31j" => "shift_jis",
            "iso-2022-jp" or "csiso2022jp" or "iso-2022-jp-2" => "iso-2022-jp",
            _ => name.StartsWith("cp", StringComparison.Ordinal) && int.TryParse(name.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture, out var page) ? "windows-" + page.ToString(System.Globalization.CultureInfo.InvariantCulture) : name,
        };
        try
        {
            EnsureCodePages();
            var encoding = name == "utf-8" ? StrictUtf8 : Encoding.GetEncoding(name);
            return encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null; // UTF-7 is disabled in .NET (SYSLIB0001): read as unlabelled
        }
    }

    /// <summary>Decodes <paramref name="bytes"/> declared as <paramref name="charset"/>, with the fallback rules above.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? charset) =>
        Decode(bytes, charset, trim: false, static (encoding, bytes, _) => encoding.GetString(bytes));

    /// <summary>
    /// Decodes as <see cref="Decode(ReadOnlySpan{byte}, string?)"/> does and makes every line break "\n", as
    /// <see cref="string.ReplaceLineEndings(string)"/> would; with <paramref name="trim"/>, white space at both ends is left
    /// out as <see cref="string.Trim()"/> would. The text is made once, in a pooled buffer, rather than copied for each step.
    /// </summary>
    public static string DecodeLines(ReadOnlySpan<byte> bytes, string? charset, bool trim) => Decode(bytes, charset, trim, Lines);

    /// <summary>
    /// Decodes bytes with no usable label: UTF-8 when valid; UTF-8 with replacement characters when it holds
    /// valid multi-byte sequences next to a few broken bytes (damaged UTF-8); else windows-1252.
    /// </summary>
    public static string DecodeUnlabelled(ReadOnlySpan<byte> bytes) => Unlabelled(bytes).GetString(bytes);

    /// <summary>Makes every line break of <paramref name="text"/> "\n" in place, as <see cref="string.ReplaceLineEndings(string)"/> would; gives what is left.</summary>
    internal static Span<char> LineFeeds(Span<char> text)
    {
        var length = text.IndexOfAny(LineBreaks);
        if (length < 0)
        {
            return text;
        }
        for (var read = length; read < text.Length;)
        {
            var run = text[read..].IndexOfAny(LineBreaks);
            if (run != 0)
            {
                run = run < 0 ? text.Length - read : run;
                text.Slice(read, run).CopyTo(text[length..]);
                length += run;
                read += run;
                continue;
            }
            read += text[read] == '\r' && read + 1 < text.Length && text[read + 1] == '\n' ? 2 : 1;
            text[length++] = '\n';
        }
        return text[..length];
    }

    private delegate string Decoder(Encoding encoding, ReadOnlySpan<byte> bytes, bool trim);

    private static string Decode(ReadOnlySpan<byte> bytes, string? charset, bool trim, Decoder decode)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }
        if (System.Text.Ascii.IsValid(bytes) && bytes.IndexOf((byte)0) < 0 && !LooksLikeIso2022(bytes, charset))
        {
            return decode(Encoding.ASCII, bytes, trim);
        }
        var encoding = Find(charset);
        if (encoding is null || encoding.CodePage == 65001 || encoding.CodePage == 1252)
        {
            // Unknown, UTF-8 or "latin-1": mail that says latin-1 but is UTF-8 is common, the reverse never validates.
            return decode(Unlabelled(bytes), bytes, trim);
        }
        try
        {
            return decode(encoding, bytes, trim);
        }
        catch (DecoderFallbackException)
        {
            return decode(Unlabelled(bytes), bytes, trim);
        }
    }

    private static string Lines(Encoding encoding, ReadOnlySpan<byte> bytes, bool trim)
    {
        var buffer = ArrayPool<char>.Shared.Rent(encoding.GetMaxCharCount(bytes.Length));
        try
        {
            var text = LineFeeds(buffer.AsSpan(0, encoding.GetChars(bytes, buffer)));
            return new string(trim ? text.Trim() : text);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static Encoding Unlabelled(ReadOnlySpan<byte> bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) || HasUtf8Sequences(bytes) ? Encoding.UTF8 : Windows1252;

    // Whether there are more well-formed multi-byte UTF-8 sequences than stray 8-bit bytes.
    private static bool HasUtf8Sequences(ReadOnlySpan<byte> bytes)
    {
        var valid = 0;
        var invalid = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                continue;
            }
            var length = b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
            if (length > 0 && i + length <= bytes.Length && System.Text.Unicode.Utf8.IsValid(bytes.Slice(i, length)))
            {
                valid++;
                i += length - 1;
            }
            else
            {
                invalid++;
            }
        }
        return valid > invalid;
    }

    private static bool LooksLikeIso2022(ReadOnlySpan<byte> bytes, string? charset) =>
        bytes.IndexOf((byte)0x1B) >= 0 && charset is not null && charset.Contains("2022", StringComparison.Ordinal);

    private static Encoding GetCodePage(int codePage)
    {
        EnsureCodePages();
        return Encoding.GetEncoding(codePage);
    }

    private static void EnsureCodePages()
    {
        if (!CodePagesRegistered)
        {
            RegisterCodePages();
        }
    }

    private static bool RegisterCodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    }
}
