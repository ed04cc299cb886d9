using System.Buffers;

namespace MailComplaints.Mail.Mime.Encodings;

/// <summary>
/// Encoders for outgoing bodies (RFC 2045 sections 6.7 and 6.8): lines of at most 76 characters ending
/// in CRLF, so the output is 7-bit and safe for any transport.
/// </summary>
public static class ContentEncoders
{
    private const int Base64LineBytes = 57; // 57 bytes make 76 base64 characters.
    private const int QuotedPrintableLineLength = 76;
    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    // Bytes that quoted-printable may leave as they are inside a line (RFC 2045 section 6.7 rules 2 and 3).
    private static readonly SearchValues<byte> QuotedPrintablePlain = SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <summary>Writes <paramref name="content"/> as base64 lines of 76 characters, each ending in CRLF.</summary>
    public static void WriteBase64(ReadOnlySpan<byte> content, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        for (var offset = 0; offset < content.Length; offset += Base64LineBytes)
        {
            var line = content.Slice(offset, Math.Min(Base64LineBytes, content.Length - offset));
            var span = output.GetSpan(80);
            System.Buffers.Text.Base64.EncodeToUtf8(line, span, out _, out var written);
            span[written++] = (byte)'\r';
            span[written++] = (byte)'\n';
            output.Advance(written);
        }
    }

    /// <summary>Streams <paramref name="source"/> as base64 lines to <paramref name="destination"/>.</summary>
    public static async Task WriteBase64Async(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var input = new byte[Base64LineBytes * 256];
        var writer = new ArrayBufferWriter<byte>(input.Length * 4 / 3 + 1024);
        while (true)
        {
            var filled = await StreamFill.FillAsync(source, input, cancellationToken).ConfigureAwait(false);
            writer.ResetWrittenCount();
            WriteBase64(input.AsSpan(0, filled), writer);
            await destination.WriteAsync(writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            if (filled < input.Length)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Writes text bytes as quoted-printable: line breaks (CRLF or LF) become CRLF, long lines get soft
    /// breaks, trailing white space and "From " at a line start are encoded so no transport alters them.
    /// </summary>
    public static void WriteQuotedPrintable(ReadOnlySpan<byte> content, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        while (true)
        {
            var newline = content.IndexOf((byte)'\n');
            var line = newline < 0 ? content : content[..newline];
            if (newline > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
            WriteQuotedPrintableLine(line, content, hardBreak: newline >= 0, output);
            if (newline < 0)
            {
                return;
            }
            content = content[(newline + 1)..];
        }
    }

    // One line without its line break, written in one span: runs of plain bytes are copied whole (the scan for
    // the next byte to escape is vectorised), which is what makes long complaint texts cheap. Every byte but
    // the last may fill an output line to 75 characters, leaving room for the soft break '='; the last byte
    // of a line that a hard break ends may take the 76th. White space is plain except at the end of the line.
    private static void WriteQuotedPrintableLine(ReadOnlySpan<byte> line, ReadOnlySpan<byte> rest, bool hardBreak, IBufferWriter<byte> output)
    {
        // Worst case: every byte escaped (3), a soft break (3) per 25 escapes, the closing CRLF or soft break.
        var span = output.GetSpan(line.Length * 3 + (line.Length / 25 + 2) * 3);
        var written = 0;
        var length = 0;
        var i = 0;
        var body = line.Length - 1;
        while (i < body)
        {
            if (length == 0 && line[i] == (byte)'F' && rest[i..].StartsWith("From "u8))
            {
                written += Escape(line[i], span[written..]);
                length = 3;
                i++;
                continue;
            }
            var room = QuotedPrintableLineLength - 1 - length;
            var plain = line[i..body].IndexOfAnyExcept(QuotedPrintablePlain);
            var run = Math.Min(plain < 0 ? body - i : plain, room);
            if (run > 0)
            {
                line.Slice(i, run).CopyTo(span[written..]);
                written += run;
                length += run;
                i += run;
                if (i == body)
                {
                    break;
                }
            }
            if (length == QuotedPrintableLineLength - 1)
            {
                // No room left on this line for the next byte, escaped or not.
                written += SoftBreak(span[written..]);
                length = 0;
                continue;
            }
            // Escapes come in runs (the bytes of one UTF-8 character, or several): take them here rather than
            // searching again for a plain byte after each.
            do
            {
                if (length + 3 > QuotedPrintableLineLength - 1)
                {
                    written += SoftBreak(span[written..]);
                    length = 0;
                }
                written += Escape(line[i], span[written..]);
                length += 3;
                i++;
            }
            while (i < body && !IsPlain(line[i]));
        }
        if (line.Length > 0)
        {
            var last = line[^1];
            var literal = last is >= 33 and <= 126 && last != (byte)'=';
            var limit = hardBreak ? QuotedPrintableLineLength : QuotedPrintableLineLength - 1;
            if (length + (literal ? 1 : 3) > limit)
            {
                written += SoftBreak(span[written..]);
                length = 0;
            }
            if (literal)
            {
                span[written++] = last;
                length++;
            }
            else
            {
                written += Escape(last, span[written..]);
                length += 3;
            }
        }
        if (hardBreak)
        {
            span[written++] = (byte)'\r';
            span[written++] = (byte)'\n';
        }
        else if (length > 0)
        {
            written += SoftBreak(span[written..]);
        }
        output.Advance(written);
    }

    private static bool IsPlain(byte b) => b is >= 33 and <= 126 and not (byte)'=' or (byte)' ' or (byte)'\t';

    private static int Escape(byte b, Span<byte> destination)
    {
        destination[0] = (byte)'=';
        destination[1] = Hex[b >> 4];
        destination[2] = Hex[b & 0xF];
        return 3;
    }

    private static int SoftBreak(Span<byte> destination)
    {
        "=\r\n"u8.CopyTo(destination);
        return 3;
    }
}
