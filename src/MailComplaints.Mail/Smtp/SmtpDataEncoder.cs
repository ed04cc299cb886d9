namespace MailComplaints.Mail.Smtp;

/// <summary>
/// Turns message bytes into the DATA payload (RFC 5321 §4.5.2): lines end in CRLF (bare LF is completed, since
/// servers such as Postfix 3.9 reject bare LF), a line starting with "." gets a second ".", and the payload ends with
/// CRLF "." CRLF.
/// </summary>
internal static class SmtpDataEncoder
{
    /// <summary>Encodes <paramref name="message"/> and hands the output to <paramref name="write"/> in chunks of at most <paramref name="chunkSize"/> bytes.</summary>
    public static async ValueTask WriteAsync(ReadOnlyMemory<byte> message, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> write, int chunkSize, CancellationToken cancellationToken)
    {
        var chunk = new byte[chunkSize];
        var length = 0;
        var atLineStart = true;
        var previous = (byte)0;
        for (var i = 0; i < message.Length; i++)
        {
            if (length + 3 > chunk.Length)
            {
                await write(chunk.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                length = 0;
            }
            var b = message.Span[i];
            if (atLineStart && b == (byte)'.')
            {
                chunk[length++] = (byte)'.';
            }
            if (b == (byte)'\n' && previous != (byte)'\r')
            {
                chunk[length++] = (byte)'\r';
            }
            chunk[length++] = b;
            atLineStart = b == (byte)'\n';
            previous = b;
        }
        if (length + 5 > chunk.Length)
        {
            await write(chunk.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            length = 0;
        }
        if (!atLineStart)
        {
            chunk[length++] = (byte)'\r';
            chunk[length++] = (byte)'\n';
        }
        chunk[length++] = (byte)'.';
        chunk[length++] = (byte)'\r';
        chunk[length++] = (byte)'\n';
        await write(chunk.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when any byte is outside US-ASCII (needs BODY=8BITMIME, RFC 6152).</summary>
    public static bool HasEightBitData(ReadOnlySpan<byte> message) => message.IndexOfAnyExceptInRange((byte)0, (byte)127) >= 0;

    /// <summary>True when the header section (up to the first empty line) holds non-ASCII bytes (needs SMTPUTF8, RFC 6531 §3.2).</summary>
    public static bool HasEightBitHeaders(ReadOnlySpan<byte> message)
    {
        var end = message.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            end = message.IndexOf("\n\n"u8);
        }
        return HasEightBitData(end < 0 ? message : message[..end]);
    }
}
