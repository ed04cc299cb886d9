using MailComplaints.Mail.Net;

namespace MailComplaints.Mail.Imap;

/// <summary>
/// A message literal read straight from the connection (RFC 9051 §4.3): the bytes are never gathered into one array.
/// The reader may stop early; <see cref="DrainAsync"/> then skips what is left so the response can go on.
/// </summary>
internal sealed class ImapLiteralStream(MailConnection connection, long length, CancellationToken cancellationToken) : Stream
{
    private readonly CancellationToken _commandToken = cancellationToken;
    private readonly long _length = length;
    private long _remaining = length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _length - _remaining;
        set => throw new NotSupportedException("The message stream reads from the network and cannot seek.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }
        var read = connection.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }
        // A reader that passes no token still gets the command's cancellation.
        var token = cancellationToken.CanBeCanceled ? cancellationToken : _commandToken;
        var read = await connection.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], token).ConfigureAwait(false);
        _remaining -= read;
        return read;
    }

    /// <summary>Skips the bytes the reader did not take.</summary>
    public async ValueTask DrainAsync(CancellationToken drainToken)
    {
        if (_remaining == 0)
        {
            return;
        }
        var scratch = new byte[Math.Min(_remaining, 64 * 1024)];
        while (_remaining > 0)
        {
            _remaining -= await connection.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, _remaining)), drainToken).ConfigureAwait(false);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("The message stream reads from the network and cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("The message stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The message stream is read-only.");
}
