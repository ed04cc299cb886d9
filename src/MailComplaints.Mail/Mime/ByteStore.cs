namespace MailComplaints.Mail.Mime;

/// <summary>
/// The raw bytes of one message, held once: parts keep byte ranges into it and decode on demand,
/// so a large attachment is never turned into a string or copied whole.
/// </summary>
internal sealed class ByteStore
{
    private const int FirstChunkSize = 16 * 1024;
    private const int LargestChunkSize = 1024 * 1024;

    private readonly ReadOnlyMemory<byte>[] chunks;
    private readonly long[] chunkStarts;

    private ByteStore(ReadOnlyMemory<byte>[] chunks)
    {
        this.chunks = chunks;
        chunkStarts = new long[chunks.Length];
        long position = 0;
        for (var i = 0; i < chunks.Length; i++)
        {
            chunkStarts[i] = position;
            position += chunks[i].Length;
        }
        Length = position;
    }

    public long Length { get; }

    public int ChunkCount => chunks.Length;

    public ReadOnlyMemory<byte> Chunk(int index) => chunks[index];

    public long ChunkStart(int index) => chunkStarts[index];

    public static ByteStore FromMemory(ReadOnlyMemory<byte> bytes) => new([bytes]);

    public static ByteStore Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (TryExactLength(stream, out var exact))
        {
            var whole = new byte[exact];
            var filled = StreamFill.Fill(stream, whole);
            return filled == exact ? new ByteStore([whole]) : Continue(stream, whole.AsMemory(0, filled));
        }
        return Continue(stream, ReadOnlyMemory<byte>.Empty);
    }

    public static async ValueTask<ByteStore> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var list = new List<ReadOnlyMemory<byte>>();
        var known = TryExactLength(stream, out var exact);
        var size = known ? exact : FirstChunkSize;
        while (true)
        {
            var chunk = new byte[size];
            var filled = await StreamFill.FillAsync(stream, chunk, cancellationToken).ConfigureAwait(false);
            if (filled > 0)
            {
                list.Add(chunk.AsMemory(0, filled));
            }
            if (filled < chunk.Length || (known && list.Count == 1))
            {
                return new ByteStore([.. list]);
            }
            size = Math.Min(LargestChunkSize, Math.Max(FirstChunkSize, size * 2));
        }
    }

    private static ByteStore Continue(Stream stream, ReadOnlyMemory<byte> first)
    {
        var list = new List<ReadOnlyMemory<byte>>();
        if (!first.IsEmpty)
        {
            list.Add(first);
        }
        var size = FirstChunkSize;
        while (true)
        {
            var chunk = new byte[size];
            var filled = StreamFill.Fill(stream, chunk);
            if (filled > 0)
            {
                list.Add(chunk.AsMemory(0, filled));
            }
            if (filled < chunk.Length)
            {
                return new ByteStore([.. list]);
            }
            size = Math.Min(LargestChunkSize, size * 2);
        }
    }

    private static bool TryExactLength(Stream stream, out int length)
    {
        length = 0;
        if (!stream.CanSeek)
        {
            return false;
        }
        var remaining = stream.Length - stream.Position;
        if (remaining <= 0 || remaining > Array.MaxLength)
        {
            return false;
        }
        length = (int)remaining;
        return true;
    }

    /// <summary>A range as memory: a slice when it lies in one chunk, else a copy.</summary>
    public ReadOnlyMemory<byte> Slice(long start, long end)
    {
        if (end <= start)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        var index = ChunkIndex(start);
        var offset = start - chunkStarts[index];
        if (offset + (end - start) <= chunks[index].Length)
        {
            return chunks[index].Slice((int)offset, (int)(end - start));
        }
        var copy = new byte[checked((int)(end - start))];
        CopyTo(start, copy);
        return copy;
    }

    /// <summary>Copies bytes from <paramref name="start"/> into <paramref name="destination"/>; returns how many.</summary>
    public int CopyTo(long start, Span<byte> destination)
    {
        if (start >= Length)
        {
            return 0;
        }
        var index = ChunkIndex(start);
        var offset = (int)(start - chunkStarts[index]);
        var copied = 0;
        while (copied < destination.Length && index < chunks.Length)
        {
            var source = chunks[index].Span[offset..];
            var count = Math.Min(source.Length, destination.Length - copied);
            source[..count].CopyTo(destination[copied..]);
            copied += count;
            index++;
            offset = 0;
        }
        return copied;
    }

    private int ChunkIndex(long position)
    {
        if (chunks.Length == 1)
        {
            return 0;
        }
        var index = Array.BinarySearch(chunkStarts, position);
        if (index < 0)
        {
            index = ~index - 1;
        }
        while (index < chunks.Length - 1 && chunks[index].Length == 0)
        {
            index++;
        }
        return Math.Clamp(index, 0, chunks.Length - 1);
    }
}

/// <summary>A read-only, seekable view of a byte range of a <see cref="ByteStore"/>.</summary>
internal sealed class ByteStoreStream(ByteStore store, long start, long length) : Stream
{
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, length - position);
        if (wanted <= 0)
        {
            return 0;
        }
        var copied = store.CopyTo(start + position, buffer[..wanted]);
        position += copied;
        return copied;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("A message part's content is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A message part's content is read-only.");
}
