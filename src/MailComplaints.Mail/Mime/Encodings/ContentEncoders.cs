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
        Span<byte> line = stackalloc byte[QuotedPrintableLineLength + 8];
        var length = 0;
        for (var i = 0; i < content.Length; i++)
        {
            var b = content[i];
            if (b == (byte)'\n' || (b == (byte)'\r' && i + 1 < content.Length && content[i + 1] == (byte)'\n'))
            {
                if (b == (byte)'\r')
                {
                    i++;
                }
                Write(output, line[..length]);
                Write(output, "\r\n"u8);
                length = 0;
                continue;
            }
            var nextIsLineEnd = i + 1 == content.Length || content[i + 1] == (byte)'\n'
                || (content[i + 1] == (byte)'\r' && i + 2 < content.Length && content[i + 2] == (byte)'\n');
            var literal = b is >= 33 and <= 126 && b != (byte)'='
                || ((b == (byte)' ' || b == (byte)'\t') && !nextIsLineEnd);
            if (length == 0 && b == (byte)'F' && content[i..].StartsWith("From "u8))
            {
                literal = false;
            }
            var needed = literal ? 1 : 3;
            // Keep room for a soft break '=' unless a hard line break follows (the end gets a soft break too).
            var limit = nextIsLineEnd && i + 1 < content.Length ? QuotedPrintableLineLength : QuotedPrintableLineLength - 1;
            if (length + needed > limit)
            {
                Write(output, line[..length]);
                Write(output, "=\r\n"u8);
                length = 0;
            }
            if (literal)
            {
                line[length++] = b;
            }
            else
            {
                line[length++] = (byte)'=';
                line[length++] = Hex[b >> 4];
                line[length++] = Hex[b & 0xF];
            }
        }
        Write(output, line[..length]);
        if (length > 0)
        {
            Write(output, "=\r\n"u8);
        }
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
