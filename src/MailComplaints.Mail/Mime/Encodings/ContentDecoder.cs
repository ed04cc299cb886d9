namespace MailComplaints.Mail.Mime.Encodings;

/// <summary>
/// A streaming decoder for one Content-Transfer-Encoding (RFC 2045 section 6): feed encoded chunks in
/// order, get decoded bytes out. Decoders are lenient: bad input is skipped or kept, never an exception.
/// </summary>
public interface IContentDecoder
{
    /// <summary>The most bytes <see cref="Decode"/> can write for <paramref name="inputLength"/> input bytes.</summary>
    int MaxOutputLength(int inputLength);

    /// <summary>Decodes one chunk; returns how many bytes were written to <paramref name="output"/>.</summary>
    int Decode(ReadOnlySpan<byte> input, Span<byte> output);

    /// <summary>Writes whatever was held back for the end of the input; returns how many bytes.</summary>
    int Flush(Span<byte> output);
}

/// <summary>7bit, 8bit and binary (RFC 2045 section 6.2): the bytes are the content.</summary>
public sealed class IdentityDecoder : IContentDecoder
{
    /// <inheritdoc/>
    public int MaxOutputLength(int inputLength) => inputLength;

    /// <inheritdoc/>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        input.CopyTo(output);
        return input.Length;
    }

    /// <inheritdoc/>
    public int Flush(Span<byte> output) => 0;
}

/// <summary>
/// Base64 (RFC 2045 section 6.8), lenient: characters outside the alphabet are skipped, and decoding
/// does not stop at padding in the middle of the data (concatenated encodings are common).
/// </summary>
public sealed class Base64Decoder : IContentDecoder
{
    private static readonly sbyte[] Alphabet = BuildAlphabet();

    private int quantum;
    private int count;

    /// <inheritdoc/>
    public int MaxOutputLength(int inputLength) => (inputLength + 3) / 4 * 3 + 3;

    /// <inheritdoc/>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = 0;
        foreach (var b in input)
        {
            var value = Alphabet[b];
            if (value < 0)
            {
                if (b == (byte)'=')
                {
                    written += FlushPartial(output[written..]);
                }
                continue;
            }
            quantum = (quantum << 6) | (byte)value;
            if (++count == 4)
            {
                output[written++] = (byte)(quantum >> 16);
                output[written++] = (byte)(quantum >> 8);
                output[written++] = (byte)quantum;
                quantum = 0;
                count = 0;
            }
        }
        return written;
    }

    /// <inheritdoc/>
    public int Flush(Span<byte> output) => FlushPartial(output);

    private int FlushPartial(Span<byte> output)
    {
        var written = 0;
        if (count == 2)
        {
            output[written++] = (byte)(quantum >> 4);
        }
        else if (count == 3)
        {
            output[written++] = (byte)(quantum >> 10);
            output[written++] = (byte)(quantum >> 2);
        }
        quantum = 0;
        count = 0;
        return written;
    }

    private static sbyte[] BuildAlphabet()
    {
        var table = new sbyte[256];
        Array.Fill(table, (sbyte)-1);
        const string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < letters.Length; i++)
        {
            table[letters[i]] = (sbyte)i;
        }
        // RFC 4648 section 5: some senders use the URL-safe alphabet.
        table['-'] = 62;
        table['_'] = 63;
        return table;
    }
}

/// <summary>
/// Quoted-printable (RFC 2045 section 6.7), lenient: an '=' not followed by two hex digits is kept as
/// it is, soft line breaks may end in LF alone, and trailing white space before a line break is dropped.
/// </summary>
public sealed class QuotedPrintableDecoder : IContentDecoder
{
    private readonly bool encodedWord;
    private readonly byte[] pending = new byte[80];
    private int pendingLength;

    /// <summary>A body decoder; with <paramref name="encodedWord"/> '_' means space (RFC 2047 section 4.2).</summary>
    public QuotedPrintableDecoder(bool encodedWord = false) => this.encodedWord = encodedWord;

    /// <inheritdoc/>
    public int MaxOutputLength(int inputLength) => inputLength + pending.Length;

    /// <inheritdoc/>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (pendingLength == 0)
        {
            return DecodeCore(input, output, final: false);
        }
        // Join the held-back tail with the new chunk; the tail is short (an escape or a white-space run).
        var joined = new byte[pendingLength + input.Length];
        pending.AsSpan(0, pendingLength).CopyTo(joined);
        input.CopyTo(joined.AsSpan(pendingLength));
        pendingLength = 0;
        return DecodeCore(joined, output, final: false);
    }

    /// <inheritdoc/>
    public int Flush(Span<byte> output)
    {
        if (pendingLength == 0)
        {
            return 0;
        }
        var tail = pending.AsSpan(0, pendingLength).ToArray();
        pendingLength = 0;
        return DecodeCore(tail, output, final: true);
    }

    private int DecodeCore(ReadOnlySpan<byte> input, Span<byte> output, bool final)
    {
        var written = 0;
        var i = 0;
        while (i < input.Length)
        {
            var b = input[i];
            if (b == (byte)'=')
            {
                if (i + 2 < input.Length && IsHex(input[i + 1]) && IsHex(input[i + 2]))
                {
                    output[written++] = (byte)((HexValue(input[i + 1]) << 4) | HexValue(input[i + 2]));
                    i += 3;
                    continue;
                }
                // Soft line break: '=' then optional white space then CRLF or LF.
                var j = i + 1;
                while (j < input.Length && (input[j] == (byte)' ' || input[j] == (byte)'\t'))
                {
                    j++;
                }
                if (j < input.Length && input[j] == (byte)'\n')
                {
                    i = j + 1;
                    continue;
                }
                if (j + 1 < input.Length && input[j] == (byte)'\r' && input[j + 1] == (byte)'\n')
                {
                    i = j + 2;
                    continue;
                }
                if (j >= input.Length - 1 && !final && j - i < pending.Length)
                {
                    Hold(input[i..]);
                    return written;
                }
                if (j >= input.Length)
                {
                    i = j; // '=' at the very end: a soft break with the line end missing.
                    continue;
                }
                output[written++] = b;
                i++;
                continue;
            }
            if (b == (byte)' ' || b == (byte)'\t')
            {
                var j = i;
                while (j < input.Length && (input[j] == (byte)' ' || input[j] == (byte)'\t'))
                {
                    j++;
                }
                var mayContinue = j == input.Length || (input[j] == (byte)'\r' && j + 1 == input.Length);
                if (mayContinue && !final && input.Length - i < pending.Length)
                {
                    Hold(input[i..]);
                    return written;
                }
                var atLineEnd = j == input.Length || input[j] == (byte)'\n' || (input[j] == (byte)'\r' && j + 1 < input.Length && input[j + 1] == (byte)'\n');
                if (!atLineEnd || encodedWord)
                {
                    input[i..j].CopyTo(output[written..]);
                    written += j - i;
                }
                i = j;
                continue;
            }
            output[written++] = encodedWord && b == (byte)'_' ? (byte)' ' : b;
            i++;
        }
        return written;
    }

    private void Hold(ReadOnlySpan<byte> tail)
    {
        tail.CopyTo(pending);
        pendingLength = tail.Length;
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'F' or >= (byte)'a' and <= (byte)'f';

    private static int HexValue(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;
}

/// <summary>Picks the decoder for a Content-Transfer-Encoding value (RFC 2045 section 6.1).</summary>
public static class ContentDecoders
{
    /// <summary>A fresh decoder for <paramref name="contentTransferEncoding"/>; unknown values decode as identity.</summary>
    public static IContentDecoder Create(string? contentTransferEncoding) =>
        Normalize(contentTransferEncoding) switch
        {
            "base64" => new Base64Decoder(),
            "quoted-printable" => new QuotedPrintableDecoder(),
            _ => new IdentityDecoder(),
        };

    /// <summary>The encoding name lower-cased and trimmed, with common misspellings mapped.</summary>
    public static string Normalize(string? contentTransferEncoding)
    {
        var value = (contentTransferEncoding ?? string.Empty).Trim().Trim('"').ToLowerInvariant();
        return value switch
        {
            "base-64" or "b64" or "base64" => "base64",
            "quoted-printable" or "quotedprintable" or "qp" or "quoted_printable" => "quoted-printable",
            "" => "7bit",
            _ => value,
        };
    }

    /// <summary>Decodes a whole buffer at once.</summary>
    public static byte[] DecodeAll(IContentDecoder decoder, ReadOnlySpan<byte> input)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        var output = new byte[decoder.MaxOutputLength(input.Length) + 8];
        var written = decoder.Decode(input, output);
        written += decoder.Flush(output.AsSpan(written));
        return output.AsSpan(0, written).ToArray();
    }
}
