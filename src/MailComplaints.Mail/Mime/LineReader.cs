namespace MailComplaints.Mail.Mime;

/// <summary>
/// Hands out the lines of a <see cref="ByteStore"/> as spans, without copying when a line lies inside one
/// chunk. A line longer than the limit comes out in pieces; only the first piece is at a line start.
/// </summary>
internal sealed class LineReader(ByteStore store, int maxLineLength)
{
    private byte[]? scratch;
    private int chunkIndex;
    private int chunkOffset;
    private bool nextAtLineStart = true;

    /// <summary>The absolute offset of the next line.</summary>
    public long Position { get; private set; }

    /// <summary>The absolute offset of the line last returned.</summary>
    public long LineStart { get; private set; }

    /// <summary>Whether the line last returned begins a line (false for the second piece of an over-long line).</summary>
    public bool AtLineStart { get; private set; } = true;

    /// <summary>Set once a line was longer than the limit.</summary>
    public bool SawLongLine { get; private set; }

    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        while (chunkIndex < store.ChunkCount && chunkOffset >= store.Chunk(chunkIndex).Length)
        {
            chunkIndex++;
            chunkOffset = 0;
        }
        if (chunkIndex >= store.ChunkCount)
        {
            line = default;
            return false;
        }
        LineStart = Position;
        AtLineStart = nextAtLineStart;
        var chunk = store.Chunk(chunkIndex).Span[chunkOffset..];
        var newline = chunk.IndexOf((byte)'\n');
        if (newline >= 0 && newline < maxLineLength)
        {
            line = chunk[..(newline + 1)];
            Advance(line.Length, atLineStart: true);
            return true;
        }
        if (newline >= 0 || chunk.Length >= maxLineLength || chunkIndex == store.ChunkCount - 1)
        {
            var length = Math.Min(chunk.Length, maxLineLength);
            line = chunk[..length];
            var complete = chunkIndex == store.ChunkCount - 1 && length == chunk.Length;
            SawLongLine |= !complete;
            Advance(length, atLineStart: complete);
            return true;
        }
        line = Gather();
        return true;
    }

    /// <summary>
    /// Skips, inside the current chunk, to the next line that begins with "--" (the only lines that can be
    /// boundaries), or else to the last line start of the chunk; one vectorized search instead of a line at a time.
    /// </summary>
    public void SkipToDashLine(ref int previousLineEnding)
    {
        if (!nextAtLineStart || chunkIndex >= store.ChunkCount)
        {
            return;
        }
        var chunk = store.Chunk(chunkIndex).Span[chunkOffset..];
        if (chunk.StartsWith("--"u8))
        {
            return;
        }
        var at = chunk.IndexOf("\n--"u8);
        if (at < 0)
        {
            at = chunk.LastIndexOf((byte)'\n');
            if (at < 0)
            {
                return;
            }
        }
        previousLineEnding = at > 0 && chunk[at - 1] == (byte)'\r' ? 2 : 1;
        Advance(at + 1, atLineStart: true);
    }

    /// <summary>Moves back to an earlier line start (the header reader gives back a line that begins the body).</summary>
    public void Rewind(long position)
    {
        Position = position;
        chunkIndex = 0;
        while (chunkIndex < store.ChunkCount - 1 && store.ChunkStart(chunkIndex + 1) <= position)
        {
            chunkIndex++;
        }
        chunkOffset = (int)(position - store.ChunkStart(chunkIndex));
        nextAtLineStart = true;
    }

    private void Advance(int length, bool atLineStart)
    {
        chunkOffset += length;
        Position += length;
        nextAtLineStart = atLineStart;
    }

    // A line that crosses into the next chunk: copy its pieces into the scratch buffer.
    private ReadOnlySpan<byte> Gather()
    {
        scratch ??= new byte[maxLineLength];
        var length = 0;
        while (chunkIndex < store.ChunkCount && length < maxLineLength)
        {
            var chunk = store.Chunk(chunkIndex).Span[chunkOffset..];
            var room = maxLineLength - length;
            var newline = chunk.IndexOf((byte)'\n');
            var take = newline >= 0 ? Math.Min(newline + 1, room) : Math.Min(chunk.Length, room);
            chunk[..take].CopyTo(scratch.AsSpan(length));
            length += take;
            chunkOffset += take;
            Position += take;
            if (newline >= 0 && take == newline + 1)
            {
                nextAtLineStart = true;
                return scratch.AsSpan(0, length);
            }
            if (chunkOffset >= store.Chunk(chunkIndex).Length)
            {
                chunkIndex++;
                chunkOffset = 0;
            }
        }
        var atEnd = chunkIndex >= store.ChunkCount;
        SawLongLine |= !atEnd;
        nextAtLineStart = atEnd;
        return scratch.AsSpan(0, length);
    }
}
