namespace MailComplaints.Mail.Mime;

/// <summary>Reads a stream until a buffer is full or the stream ends: streams may return fewer bytes than asked.</summary>
internal static class StreamFill
{
    public static int Fill(Stream stream, Span<byte> buffer)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = stream.Read(buffer[filled..])) > 0)
        {
            filled += read;
        }
        return filled;
    }

    public static async ValueTask<int> FillAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await stream.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }
        return filled;
    }
}
