namespace MailComplaints.Mail.Mime.Encodings;

/// <summary>A read-only stream that decodes another stream chunk by chunk with an <see cref="IContentDecoder"/>.</summary>
public sealed class DecodingStream : Stream
{
    private readonly Stream source;
    private readonly IContentDecoder decoder;
    private readonly byte[] input = new byte[16 * 1024];
    private byte[] output = [];
    private int outputStart;
    private int outputEnd;
    private bool finished;

    /// <summary>Decodes <paramref name="source"/>; disposing this stream disposes the source.</summary>
    public DecodingStream(Stream source, IContentDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(decoder);
        this.source = source;
        this.decoder = decoder;
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException("The decoded length is known only after decoding; use MimePart.GetDecodedSize().");

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException("A decoding stream reads forward only.");
        set => throw new NotSupportedException("A decoding stream reads forward only.");
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        while (outputStart == outputEnd && !finished)
        {
            var read = source.Read(input, 0, input.Length);
            Refill(read);
        }
        var count = Math.Min(buffer.Length, outputEnd - outputStart);
        output.AsSpan(outputStart, count).CopyTo(buffer);
        outputStart += count;
        return count;
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (outputStart == outputEnd && !finished)
        {
            var read = await source.ReadAsync(input, cancellationToken).ConfigureAwait(false);
            Refill(read);
        }
        var count = Math.Min(buffer.Length, outputEnd - outputStart);
        output.AsMemory(outputStart, count).CopyTo(buffer);
        outputStart += count;
        return count;
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Refill(int read)
    {
        var needed = decoder.MaxOutputLength(Math.Max(read, 1)) + 8;
        if (output.Length < needed)
        {
            output = new byte[needed];
        }
        outputStart = 0;
        if (read == 0)
        {
            outputEnd = decoder.Flush(output);
            finished = true;
            return;
        }
        outputEnd = decoder.Decode(input.AsSpan(0, read), output);
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A decoding stream reads forward only.");

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException("A decoding stream is read-only.");

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A decoding stream is read-only.");

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
        }
        base.Dispose(disposing);
    }
}
