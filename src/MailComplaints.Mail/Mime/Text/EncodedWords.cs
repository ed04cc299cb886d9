using System.Text;
using MailComplaints.Mail.Mime.Encodings;

namespace MailComplaints.Mail.Mime.Text;

/// <summary>
/// RFC 2047 encoded words (<c>=?charset?B|Q?text?=</c>) in header text: decoding, with adjacent words of one
/// charset joined as bytes before charset decoding (section 6.2) so that a multi-byte character split
/// over two words survives; and encoding, for writing non-ASCII header text (section 5).
/// </summary>
public static class EncodedWords
{
    private const int MaxWordLength = 75;
    private const string Prefix = "=?utf-8?";
    private const int MaxCharsetLength = 64;
    private const int MaxPayloadLength = 4000; // RFC 2047 says 75 in all; real mail is longer, never this long.

    /// <summary>Decodes every encoded word in <paramref name="text"/>; text that is not a valid encoded word is kept.</summary>
    public static string Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.IndexOf("=?", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }
        var result = new StringBuilder(text.Length);
        var run = new Run();
        var i = 0;
        while (i < text.Length)
        {
            var at = start >= i ? start : text.IndexOf("=?", i, StringComparison.Ordinal);
            start = -1;
            if (at < 0 || !TryParseWord(text, at, out var word))
            {
                if (at < 0)
                {
                    run.FlushTo(result);
                    result.Append(text, i, text.Length - i);
                    break;
                }
                run.FlushTo(result);
                result.Append(text, i, at + 2 - i);
                i = at + 2;
                continue;
            }
            var between = text.AsSpan(i, at - i);
            if (!(run.IsOpen && between.IsWhiteSpace()))
            {
                run.FlushTo(result);
                result.Append(between);
            }
            run.Add(word.Charset, DecodePayload(word.Encoding, text.AsSpan(word.PayloadStart, word.PayloadLength)), result);
            i = word.End;
        }
        run.FlushTo(result);
        return result.ToString();
    }

    /// <summary>
    /// Encodes <paramref name="text"/> for an unstructured header or a phrase: words that are plain ASCII stay
    /// as they are, runs of other words become UTF-8 encoded words of at most 75 characters, separated by spaces.
    /// </summary>
    public static string Encode(string text, bool phrase = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!phrase && NoWordNeedsEncoding(text))
        {
            return text;
        }
        var words = text.Split(' ');
        var encode = new bool[words.Length];
        for (var k = 0; k < words.Length; k++)
        {
            // In a phrase a tab would be read as a word separator, and specials would end the phrase.
            encode[k] = NeedsEncoding(words[k]) || (phrase && (words[k].AsSpan().ContainsAny(PhraseSpecials) || words[k].Contains('\t', StringComparison.Ordinal)));
        }
        // White space between two encoded words disappears when decoded (section 6.2), so blank words next
        // to an encoded word go inside it.
        for (var k = 1; k < words.Length; k++)
        {
            encode[k] |= words[k].Trim().Length == 0 && encode[k - 1];
        }
        for (var k = words.Length - 2; k >= 0; k--)
        {
            encode[k] |= words[k].Trim().Length == 0 && encode[k + 1];
        }
        var result = new StringBuilder(text.Length * 2);
        var i = 0;
        while (i < words.Length)
        {
            if (!encode[i])
            {
                if (i > 0)
                {
                    result.Append(' ');
                }
                result.Append(words[i]);
                i++;
                continue;
            }
            var j = i;
            while (j + 1 < words.Length && encode[j + 1])
            {
                j++;
            }
            // A plain word between two encoded runs keeps its spaces; a space inside a run is encoded.
            if (i > 0)
            {
                result.Append(' ');
            }
            AppendEncodedRun(result, string.Join(' ', words, i, j - i + 1), phrase);
            i = j + 1;
        }
        return result.ToString();
    }

    // RFC 5322 section 3.2.3 specials, which a phrase may not hold outside a quoted string.
    private static readonly System.Buffers.SearchValues<char> PhraseSpecials = System.Buffers.SearchValues.Create("()<>[]:;@\\,.\"");

    // Most header text is printable ASCII in short words: then every word stays as it is, and so does the text.
    private static bool NoWordNeedsEncoding(string text)
    {
        if (text.AsSpan().ContainsAnyExcept(PrintableOrTab) || text.Contains("=?", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var range in text.AsSpan().Split(' '))
        {
            if (range.GetOffsetAndLength(text.Length).Length > MaxWordLength)
            {
                return false;
            }
        }
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> PrintableOrTab = System.Buffers.SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Whether a word must be encoded: non-ASCII, control characters, or text that would read as an encoded word.</summary>
    public static bool NeedsEncoding(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        foreach (var c in word)
        {
            if (c > 126 || (c < 32 && c != '\t'))
            {
                return true;
            }
        }
        return word.Contains("=?", StringComparison.Ordinal) || word.Length > MaxWordLength;
    }

    private static void AppendEncodedRun(StringBuilder result, string run, bool phrase)
    {
        var bytes = Encoding.UTF8.GetBytes(run);
        var plain = 0;
        foreach (var b in bytes)
        {
            if (IsQSafe(b, phrase))
            {
                plain++;
            }
        }
        var useQ = plain * 3 >= bytes.Length * 2;
        var payloadLimit = MaxWordLength - Prefix.Length - 4; // "X?" and "?="
        var first = true;
        var textIndex = 0;
        Span<byte> scratch = stackalloc byte[8];
        var word = new StringBuilder(MaxWordLength);
        var wordBytes = new List<byte>(64);
        while (textIndex < run.Length)
        {
            var charLength = char.IsHighSurrogate(run[textIndex]) && textIndex + 1 < run.Length ? 2 : 1;
            var count = Encoding.UTF8.GetBytes(run.AsSpan(textIndex, charLength), scratch);
            var cost = useQ ? QCost(scratch[..count], phrase) : Base64Length(wordBytes.Count + count);
            var current = useQ ? word.Length : Base64Length(wordBytes.Count);
            if (current > 0 && (useQ ? current + cost : cost) > payloadLimit)
            {
                AppendWord(result, useQ, word, wordBytes, ref first);
            }
            if (useQ)
            {
                AppendQ(word, scratch[..count], phrase);
            }
            else
            {
                wordBytes.AddRange(scratch[..count]);
            }
            textIndex += charLength;
        }
        AppendWord(result, useQ, word, wordBytes, ref first);
    }

    private static void AppendWord(StringBuilder result, bool useQ, StringBuilder word, List<byte> wordBytes, ref bool first)
    {
        if (!first)
        {
            result.Append(' ');
        }
        first = false;
        result.Append(Prefix).Append(useQ ? 'Q' : 'B').Append('?');
        result.Append(useQ ? word.ToString() : Convert.ToBase64String([.. wordBytes]));
        result.Append("?=");
        word.Clear();
        wordBytes.Clear();
    }

    private static int Base64Length(int bytes) => (bytes + 2) / 3 * 4;

    private static int QCost(ReadOnlySpan<byte> bytes, bool phrase)
    {
        var cost = 0;
        foreach (var b in bytes)
        {
            cost += IsQSafe(b, phrase) || b == (byte)' ' ? 1 : 3;
        }
        return cost;
    }

    private static void AppendQ(StringBuilder word, ReadOnlySpan<byte> bytes, bool phrase)
    {
        foreach (var b in bytes)
        {
            if (b == (byte)' ')
            {
                word.Append('_');
            }
            else if (IsQSafe(b, phrase))
            {
                word.Append((char)b);
            }
            else
            {
                word.Append('=').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }
    }

    // RFC 2047 section 5 (3): in a phrase only letters, digits and "!*+-/" may appear unencoded.
    private static bool IsQSafe(byte b, bool phrase) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
        || b is (byte)'!' or (byte)'*' or (byte)'+' or (byte)'-' or (byte)'/'
        || (!phrase && b is (byte)'.' or (byte)',' or (byte)';' or (byte)':' or (byte)'(' or (byte)')' or (byte)'\'' or (byte)'#' or (byte)'&' or (byte)'%' or (byte)'$' or (byte)'@');

    private static byte[] DecodePayload(char encoding, ReadOnlySpan<char> payload)
    {
        var bytes = new byte[payload.Length];
        for (var k = 0; k < payload.Length; k++)
        {
            bytes[k] = (byte)payload[k];
        }
        IContentDecoder decoder = encoding is 'B' or 'b' ? new Base64Decoder() : new QuotedPrintableDecoder(encodedWord: true);
        return ContentDecoders.DecodeAll(decoder, bytes);
    }

    private static bool TryParseWord(string text, int at, out Word word)
    {
        word = default;
        // Searches are bounded so that text full of "=?" costs linear time.
        var charsetEnd = text.IndexOf('?', at + 2, Math.Min(MaxCharsetLength + 1, text.Length - at - 2));
        if (charsetEnd < 0 || charsetEnd == at + 2 || charsetEnd + 2 >= text.Length || text[charsetEnd + 2] != '?')
        {
            return false;
        }
        var encoding = text[charsetEnd + 1];
        if (encoding is not ('B' or 'b' or 'Q' or 'q'))
        {
            return false;
        }
        var charset = text.AsSpan(at + 2, charsetEnd - at - 2);
        if (charset.ContainsAny(' ', '\t', '='))
        {
            return false;
        }
        var payloadStart = charsetEnd + 3;
        var end = text.IndexOf("?=", payloadStart, Math.Min(MaxPayloadLength, text.Length - payloadStart), StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }
        var payload = text.AsSpan(payloadStart, end - payloadStart);
        if (payload.ContainsAny(' ', '\t') && encoding is 'B' or 'b')
        {
            return false;
        }
        word = new Word(charset.ToString(), encoding, payloadStart, end - payloadStart, end + 2);
        return true;
    }

    private readonly record struct Word(string Charset, char Encoding, int PayloadStart, int PayloadLength, int End);

    /// <summary>Decoded bytes of adjacent encoded words in one charset, waiting to be turned into text together.</summary>
    private struct Run
    {
        private string? charset;
        private List<byte>? bytes;

        public readonly bool IsOpen => charset is not null;

        public void Add(string wordCharset, byte[] decoded, StringBuilder result)
        {
            if (charset is not null && !string.Equals(charset, wordCharset, StringComparison.OrdinalIgnoreCase))
            {
                FlushTo(result);
            }
            charset ??= wordCharset;
            bytes ??= new List<byte>(decoded.Length);
            bytes.AddRange(decoded);
        }

        public void FlushTo(StringBuilder result)
        {
            if (charset is null)
            {
                return;
            }
            result.Append(Charsets.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes), charset));
            charset = null;
            bytes = null;
        }
    }
}
