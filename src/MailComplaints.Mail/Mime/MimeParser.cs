using System.Text;

namespace MailComplaints.Mail.Mime;

/// <summary>
/// The parser: one pass over the raw bytes, line by line, building the body tree (RFC 2045, RFC 2046
/// section 5). Boundaries are matched on bytes against every open multipart, innermost first, so a
/// parent's boundary closes children that never closed. Leaf content is kept as byte ranges.
/// </summary>
internal sealed class MimeParser
{
    private const int EndOfInput = -1;
    private const int DeepestAllowed = 512; // the tree is built recursively; this keeps any option far from the stack's end
    private static readonly ContentType OctetStream = new("application", "octet-stream", ContentParameterList.Empty);

    private readonly ByteStore store;
    private readonly ParserOptions options;
    private readonly LineReader reader;
    private readonly List<byte[]> boundaries = [];
    private readonly List<MimeDefect> defects = [];

    private MimeParser(ByteStore store, ParserOptions options)
    {
        this.store = store;
        this.options = options with { MaxNestingDepth = Math.Clamp(options.MaxNestingDepth, 0, DeepestAllowed) };
        reader = new LineReader(store, Math.Max(options.MaxLineLength, 1000));
    }

    /// <summary>How an entity's content ended: at a boundary of an open multipart, or at the end of input.</summary>
    private readonly record struct Terminator(int Level, bool IsEnd, long Offset)
    {
        public static Terminator Eof(long offset) => new(EndOfInput, false, offset);
    }

    public static MimeMessage Parse(ByteStore store, ParserOptions? options)
    {
        var parser = new MimeParser(store, options ?? ParserOptions.Default);
        Span<byte> start = stackalloc byte[3];
        if (store.CopyTo(0, start) == 3 && start.SequenceEqual("\uFEFF"u8))
        {
            parser.reader.Rewind(3); // a byte order mark some Windows tools write before the header
        }
        var (message, _) = parser.ParseMessage(depth: 0, topLevel: true);
        if (parser.reader.SawLongLine)
        {
            parser.defects.Add(new MimeDefect(MimeDefectKind.LineTooLong, 0, $"a line exceeded {parser.options.MaxLineLength} bytes and was read in pieces"));
        }
        message.SetDefects(parser.defects);
        return message;
    }

    /// <summary>
    /// Reads consecutive header blocks separated by empty lines, as in message/delivery-status (RFC 3464
    /// section 2.1) and the other report bodies; lines that are not header fields are skipped.
    /// </summary>
    public static List<HeaderList> ParseHeaderBlocks(ByteStore store)
    {
        var parser = new MimeParser(store, ParserOptions.Default);
        var blocks = new List<HeaderList>();
        while (parser.reader.Position < store.Length)
        {
            var before = parser.reader.Position;
            var headers = parser.ReadHeaders(topLevel: false, out _);
            if (headers.Count > 0)
            {
                blocks.Add(headers);
            }
            if (parser.reader.Position == before)
            {
                parser.reader.TryRead(out _);
            }
        }
        return blocks;
    }

    private (MimeMessage Message, Terminator End) ParseMessage(int depth, bool topLevel)
    {
        var headers = ReadHeaders(topLevel, out var early);
        var (body, end) = ParseBody(headers, ContentType.TextPlain, depth, early);
        return (new MimeMessage(headers, body, store), end);
    }

    private (MimeEntity Entity, Terminator End) ParseEntity(int depth, ContentType defaultType)
    {
        var headers = ReadHeaders(topLevel: false, out var early);
        return ParseBody(headers, defaultType, depth, early);
    }

    private (MimeEntity Entity, Terminator End) ParseBody(HeaderList headers, ContentType defaultType, int depth, Terminator? early)
    {
        var contentTypeValue = headers.GetValue("Content-Type");
        var contentType = ContentType.Parse(contentTypeValue);
        if (contentType is null)
        {
            contentType = defaultType;
            if (contentTypeValue is not null)
            {
                // RFC 2045 section 5.2 says text/plain; inside a multipart an unreadable type ("X-BE2; 12") is far
                // more often binary, so there it is kept out of the text as application/octet-stream.
                if (depth > 0 && boundaries.Count > 0)
                {
                    contentType = OctetStream;
                }
                defects.Add(new MimeDefect(MimeDefectKind.InvalidContentType, reader.Position, $"Content-Type '{Shorten(contentTypeValue)}' is unreadable; read as {contentType.MimeType}"));
            }
        }
        if (early is { } ended)
        {
            // The header block ran straight into a boundary or the end of input: an empty body.
            return (Leaf(headers, contentType, ended.Offset, ended.Offset), ended);
        }
        var bodyStart = reader.Position;
        if (contentType.Is("multipart"))
        {
            var boundary = contentType.Boundary;
            if (string.IsNullOrEmpty(boundary))
            {
                defects.Add(new MimeDefect(MimeDefectKind.MissingBoundary, bodyStart, $"{contentType.MimeType} has no boundary; read as one part"));
            }
            else if (depth >= options.MaxNestingDepth)
            {
                defects.Add(new MimeDefect(MimeDefectKind.NestingTooDeep, bodyStart, $"nesting deeper than {options.MaxNestingDepth}; the rest is kept as content"));
            }
            else
            {
                return ParseMultipart(headers, contentType, boundary, depth);
            }
        }
        else if (contentType.Is("message", "rfc822") || contentType.Is("message", "global") || contentType.Is("message", "news"))
        {
            var encoding = Encodings.ContentDecoders.Normalize(headers.GetValue("Content-Transfer-Encoding"));
            if (depth >= options.MaxNestingDepth)
            {
                defects.Add(new MimeDefect(MimeDefectKind.NestingTooDeep, bodyStart, $"nesting deeper than {options.MaxNestingDepth}; the rest is kept as content"));
            }
            else if (encoding is not ("base64" or "quoted-printable"))
            {
                var (message, end) = ParseMessage(depth + 1, topLevel: false);
                return (new MessagePart(headers, contentType, message), end);
            }
        }
        var (contentEnd, terminator) = ReadContent();
        return (Leaf(headers, contentType, bodyStart, contentEnd), terminator);
    }

    private MimePart Leaf(HeaderList headers, ContentType contentType, long start, long end) =>
        new(headers, contentType, new MimeContent(store, start, Math.Max(0, end - start)));

    private (MimeEntity Entity, Terminator End) ParseMultipart(HeaderList headers, ContentType contentType, string boundary, int depth)
    {
        var level = boundaries.Count;
        boundaries.Add(Encoding.UTF8.GetBytes("--" + boundary.Trim()));
        var parts = new List<MimeEntity>();
        var childDefault = contentType.Is("multipart", "digest") ? ContentType.MessageRfc822 : ContentType.TextPlain;
        var bodyStart = reader.Position;
        var (preambleEnd, terminator) = ReadContent(); // the preamble
        while (terminator.Level == level && !terminator.IsEnd)
        {
            var (child, end) = ParseEntity(depth + 1, childDefault);
            parts.Add(child);
            terminator = end;
        }
        boundaries.RemoveAt(level);
        if (terminator.Level == level)
        {
            (_, terminator) = ReadContent(); // the epilogue, up to a parent's boundary or the end
        }
        else if (parts.Count == 0)
        {
            // Not one delimiter line (a wrong boundary parameter, indented delimiters): the body is all there is; keep it readable.
            defects.Add(new MimeDefect(MimeDefectKind.NoPartsFound, terminator.Offset, $"no boundary '{Shorten(boundary)}' found; the body is read as text/plain"));
            return (Leaf(headers, ContentType.TextPlain, bodyStart, preambleEnd), terminator);
        }
        else
        {
            defects.Add(new MimeDefect(MimeDefectKind.MissingEndBoundary, terminator.Offset, $"multipart with boundary '{Shorten(boundary)}' was not closed"));
        }
        return (new Multipart(headers, contentType, parts), terminator);
    }

    /// <summary>Reads content lines up to a boundary of an open multipart or the end; returns where the content ends.</summary>
    private (long ContentEnd, Terminator End) ReadContent()
    {
        if (boundaries.Count == 0)
        {
            // Nothing can end this content but the end of input: no need to look at its lines.
            reader.Rewind(store.Length);
            return (store.Length, Terminator.Eof(store.Length));
        }
        var start = reader.Position;
        var previousLineEnding = 0;
        while (true)
        {
            reader.SkipToDashLine(ref previousLineEnding);
            if (!reader.TryRead(out var line))
            {
                break;
            }
            if (reader.AtLineStart && line.Length >= 2 && line[0] == (byte)'-' && line[1] == (byte)'-' && MatchBoundary(line, out var level, out var isEnd))
            {
                var end = Math.Max(start, reader.LineStart - previousLineEnding);
                return (end, new Terminator(level, isEnd, reader.LineStart));
            }
            previousLineEnding = LineEndingLength(line);
        }
        return (store.Length, Terminator.Eof(store.Length));
    }

    private bool MatchBoundary(ReadOnlySpan<byte> line, out int level, out bool isEnd)
    {
        var trimmed = line;
        while (trimmed.Length > 0 && trimmed[^1] is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t')
        {
            trimmed = trimmed[..^1];
        }
        for (level = boundaries.Count - 1; level >= 0; level--)
        {
            var boundary = boundaries[level];
            if (!trimmed.StartsWith(boundary))
            {
                continue;
            }
            // RFC 2046 section 5.1.2: the boundary need only begin the line; what follows it is ignored.
            isEnd = trimmed[boundary.Length..].StartsWith("--"u8);
            return true;
        }
        isEnd = false;
        return false;
    }

    private static int LineEndingLength(ReadOnlySpan<byte> line) =>
        line.Length == 0 || line[^1] != (byte)'\n' ? 0 : line.Length >= 2 && line[^2] == (byte)'\r' ? 2 : 1;

    /// <summary>
    /// Reads a header block up to the empty line. A line that cannot be a header field ends the block
    /// (the body started without the empty line); a boundary line ends the block and the entity.
    /// </summary>
    private HeaderList ReadHeaders(bool topLevel, out Terminator? early)
    {
        early = null;
        var headers = new List<Header>();
        string? name = null;
        long valueStart = 0, valueEnd = 0, fieldStart = 0;
        var tooMany = false;
        var first = true;

        void Finish()
        {
            if (name is null)
            {
                return;
            }
            if (valueEnd - fieldStart > options.MaxHeaderLength)
            {
                defects.Add(new MimeDefect(MimeDefectKind.HeaderTooLong, fieldStart, $"header '{Shorten(name)}' is longer than {options.MaxHeaderLength} bytes; cut off"));
                valueEnd = fieldStart + options.MaxHeaderLength;
            }
            if (headers.Count < options.MaxHeaderCount)
            {
                headers.Add(new Header(name, store.Slice(valueStart, Math.Max(valueStart, valueEnd))));
            }
            else if (!tooMany)
            {
                tooMany = true;
                defects.Add(new MimeDefect(MimeDefectKind.TooManyHeaders, fieldStart, $"more than {options.MaxHeaderCount} header fields; the rest are ignored"));
            }
            name = null;
        }

        while (reader.TryRead(out var line))
        {
            var isFirst = first;
            first = false;
            if (!reader.AtLineStart)
            {
                if (name is not null)
                {
                    valueEnd = reader.LineStart + line.Length - LineEndingLength(line);
                }
                continue;
            }
            if (line[0] == (byte)'\n' || (line.Length >= 2 && line[0] == (byte)'\r' && line[1] == (byte)'\n'))
            {
                Finish();
                return new HeaderList(headers);
            }
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (name is not null)
                {
                    valueEnd = reader.LineStart + line.Length - LineEndingLength(line);
                }
                else if (!IsWhiteSpaceLine(line))
                {
                    defects.Add(new MimeDefect(MimeDefectKind.MalformedHeader, reader.LineStart, "a folded line with no header before it"));
                }
                continue;
            }
            if (boundaries.Count > 0 && line.Length >= 2 && line[0] == (byte)'-' && line[1] == (byte)'-' && MatchBoundary(line, out var level, out var isEnd))
            {
                Finish();
                early = new Terminator(level, isEnd, reader.LineStart);
                return new HeaderList(headers);
            }
            var colon = line.IndexOf((byte)':');
            var nameSpan = colon > 0 ? TrimEndWhiteSpace(line[..colon]) : default;
            if (colon > 0 && IsFieldName(nameSpan))
            {
                Finish();
                name = Header.NameFrom(nameSpan);
                fieldStart = reader.LineStart;
                valueStart = reader.LineStart + colon + 1;
                valueEnd = reader.LineStart + line.Length - LineEndingLength(line);
                continue;
            }
            if (isFirst && topLevel && line.StartsWith("From "u8))
            {
                defects.Add(new MimeDefect(MimeDefectKind.MboxFromLine, reader.LineStart, "an mbox 'From ' line before the header; skipped"));
                continue;
            }
            // The lookahead moves the reader and may reuse the line's buffer: keep what is needed of the line first.
            var lineStart = reader.LineStart;
            var lineEnd = reader.LineStart + line.Length - LineEndingLength(line);
            if (name is not null && HeaderFieldFollows(reader.Position))
            {
                // A folded line that lost its leading white space (as some gateways write): keep it in the field.
                defects.Add(new MimeDefect(MimeDefectKind.MalformedHeader, lineStart, "a continuation line without leading white space"));
                valueEnd = lineEnd;
                continue;
            }
            // Not a header: the body starts here without the empty line.
            Finish();
            defects.Add(new MimeDefect(MimeDefectKind.MissingHeaderSeparator, lineStart, "the body started without an empty line after the header"));
            reader.Rewind(lineStart);
            return new HeaderList(headers);
        }
        Finish();
        early = Terminator.Eof(store.Length);
        return new HeaderList(headers);
    }

    /// <summary>Whether a header field line comes within the next few lines, before an empty line; the reader is left where it was.</summary>
    private bool HeaderFieldFollows(long position)
    {
        const int LookAhead = 4;
        var found = false;
        for (var k = 0; k < LookAhead && reader.TryRead(out var next); k++)
        {
            if (!reader.AtLineStart || next[0] is (byte)'\r' or (byte)'\n' || (next.Length >= 2 && next[0] == (byte)'-' && next[1] == (byte)'-'))
            {
                break;
            }
            var colon = next.IndexOf((byte)':');
            if (next[0] is not ((byte)' ' or (byte)'\t') && colon > 0 && IsFieldName(TrimEndWhiteSpace(next[..colon])))
            {
                found = true;
                break;
            }
        }
        reader.Rewind(position);
        return found;
    }

    private static bool IsWhiteSpaceLine(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    private static bool IsFieldName(ReadOnlySpan<byte> name)
    {
        // RFC 5322 section 2.2: printable US-ASCII except colon.
        foreach (var b in name)
        {
            if (b is < 33 or > 126)
            {
                return false;
            }
        }
        return true;
    }

    private static ReadOnlySpan<byte> TrimEndWhiteSpace(ReadOnlySpan<byte> span)
    {
        while (span.Length > 0 && span[^1] is (byte)' ' or (byte)'\t')
        {
            span = span[..^1];
        }
        return span;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
