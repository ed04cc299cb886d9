using System.Buffers;
using MailComplaints.Mail.Mime.Encodings;
using MailComplaints.Mail.Mime.Text;

namespace MailComplaints.Mail.Mime;

/// <summary>A node of the body tree (RFC 2045 section 2.4): a leaf part, a multipart or an enclosed message.</summary>
public abstract class MimeEntity
{
    private protected MimeEntity(HeaderList headers, ContentType contentType)
    {
        Headers = headers;
        ContentType = contentType;
    }

    /// <summary>The entity's own header fields (the MIME ones, RFC 2045 section 3).</summary>
    public HeaderList Headers { get; }

    /// <summary>The Content-Type, or the default for where the entity sits (RFC 2045 section 5.2, RFC 2046 section 5.1.5).</summary>
    public ContentType ContentType { get; }

    /// <summary>The Content-Disposition (RFC 2183), or null.</summary>
    public ContentDisposition? ContentDisposition => ContentDisposition.Parse(Headers.GetValue("Content-Disposition"));

    /// <summary>The Content-ID without angle brackets (RFC 2045 section 7), or null.</summary>
    public string? ContentId => MessageIds.ParseOne(Headers.GetValue("Content-ID"));

    /// <summary>This entity and everything below it, depth first, in document order.</summary>
    public IEnumerable<MimeEntity> DescendantsAndSelf()
    {
        var stack = new Stack<MimeEntity>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var entity = stack.Pop();
            yield return entity;
            switch (entity)
            {
                case Multipart multipart:
                    for (var i = multipart.Parts.Count - 1; i >= 0; i--)
                    {
                        stack.Push(multipart.Parts[i]);
                    }
                    break;
                case MessagePart { Message: { } message }:
                    stack.Push(message.Body);
                    break;
            }
        }
    }
}

/// <summary>A multipart entity (RFC 2046 section 5.1) and its parts.</summary>
public sealed class Multipart : MimeEntity
{
    internal Multipart(HeaderList headers, ContentType contentType, IReadOnlyList<MimeEntity> parts)
        : base(headers, contentType) => Parts = parts;

    /// <summary>The body parts between the boundaries, in order.</summary>
    public IReadOnlyList<MimeEntity> Parts { get; }

    /// <summary>The boundary (RFC 2046 section 5.1.1).</summary>
    public string? Boundary => ContentType.Boundary;
}

/// <summary>An enclosed message (RFC 2046 section 5.2.1, message/rfc822 and message/global).</summary>
public sealed class MessagePart : MimeEntity
{
    internal MessagePart(HeaderList headers, ContentType contentType, MimeMessage message)
        : base(headers, contentType) => Message = message;

    /// <summary>The enclosed message, parsed.</summary>
    public MimeMessage Message { get; }
}

/// <summary>A leaf part (RFC 2045): content that is not itself MIME structure.</summary>
public sealed class MimePart : MimeEntity
{
    internal MimePart(HeaderList headers, ContentType contentType, MimeContent content)
        : base(headers, contentType) => Content = content;

    /// <summary>The content, still transfer-encoded, with ways to decode it on demand.</summary>
    public MimeContent Content { get; }

    /// <summary>The Content-Transfer-Encoding (RFC 2045 section 6.1), normalized; "7bit" when absent.</summary>
    public string ContentTransferEncoding => ContentDecoders.Normalize(Headers.GetValue("Content-Transfer-Encoding"));

    /// <summary>The file name: Content-Disposition filename (RFC 2183, RFC 2231) or else the Content-Type name parameter, decoded.</summary>
    public string? FileName
    {
        get
        {
            var name = ContentDisposition?.FileName ?? ContentType.Name;
            return string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        }
    }

    /// <summary>Whether this part is an attachment rather than body text (disposition, a file name, or a non-text type).</summary>
    public bool IsAttachment
    {
        get
        {
            var disposition = ContentDisposition;
            if (disposition?.IsAttachment == true)
            {
                return true;
            }
            if (ContentType.Is("text") && ContentType.MediaSubtype is "plain" or "html" or "enriched" or "richtext")
            {
                return FileName is not null && disposition is not null && !string.Equals(disposition.Disposition, "inline", StringComparison.Ordinal);
            }
            return !ContentType.Is("message") && !ContentType.Is("multipart");
        }
    }

    /// <summary>The content decoded and turned into text with its declared charset (and the fallbacks of <see cref="Charsets"/>).</summary>
    public string GetText() => GetText(lines: false, trim: false);

    /// <summary>The text as <see cref="GetText()"/> gives it, made once with every line break "\n" (<see cref="Charsets.DecodeLines"/>).</summary>
    internal string GetLines(bool trim) => GetText(lines: true, trim);

    private string GetText(bool lines, bool trim)
    {
        string Text(ReadOnlySpan<byte> bytes) => lines ? Charsets.DecodeLines(bytes, ContentType.Charset, trim) : Charsets.Decode(bytes, ContentType.Charset);
        var encoding = ContentTransferEncoding;
        if (encoding is not ("base64" or "quoted-printable"))
        {
            // 7bit, 8bit and binary content is its own decoding: read in place, not copied.
            return Text(Content.GetEncodedMemory().Span);
        }
        var decoder = ContentDecoders.Create(encoding);
        var encoded = Content.GetEncodedMemory().Span;
        // The decoded bytes only live until they are text: a pooled buffer spares two copies of the part.
        var decoded = ArrayPool<byte>.Shared.Rent(decoder.MaxOutputLength(encoded.Length));
        try
        {
            var length = decoder.Decode(encoded, decoded);
            length += decoder.Flush(decoded.AsSpan(length));
            return Text(decoded.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded);
        }
    }

    /// <summary>The decoded content as a stream read on demand.</summary>
    public Stream OpenDecoded() => Content.OpenDecoded(ContentTransferEncoding);

    /// <summary>The size of the decoded content in bytes (decodes to count; nothing is kept).</summary>
    public long GetDecodedSize() => Content.GetDecodedLength(ContentTransferEncoding);

    /// <summary>Copies the decoded content to <paramref name="destination"/>; returns the number of bytes.</summary>
    public Task<long> WriteDecodedToAsync(Stream destination, CancellationToken cancellationToken) =>
        Content.CopyDecodedToAsync(ContentTransferEncoding, destination, cancellationToken);
}

/// <summary>
/// The content of a leaf part as a range of the received bytes, still transfer-encoded. Nothing is decoded
/// or copied until asked, so a large attachment costs no memory beyond the message's own bytes.
/// </summary>
public sealed class MimeContent
{
    private const int ChunkSize = 64 * 1024;
    private readonly ByteStore store;
    private readonly long start;

    internal MimeContent(ByteStore store, long start, long length)
    {
        this.store = store;
        this.start = start;
        Length = length;
    }

    /// <summary>The length of the encoded content in bytes.</summary>
    public long Length { get; }

    /// <summary>The encoded bytes as received, as a seekable read-only stream.</summary>
    public Stream OpenEncoded() => new ByteStoreStream(store, start, Length);

    /// <summary>The content decoded with <paramref name="contentTransferEncoding"/>, read on demand.</summary>
    public Stream OpenDecoded(string? contentTransferEncoding) =>
        ContentDecoders.Normalize(contentTransferEncoding) is "base64" or "quoted-printable"
            ? new DecodingStream(OpenEncoded(), ContentDecoders.Create(contentTransferEncoding))
            : OpenEncoded();

    /// <summary>The encoded bytes, when they lie in one piece of memory; else a copy.</summary>
    public ReadOnlyMemory<byte> GetEncodedMemory() => store.Slice(start, start + Length);

    /// <summary>Decodes the whole content into a new array.</summary>
    public byte[] DecodeToArray(string? contentTransferEncoding)
    {
        var encoded = GetEncodedMemory().Span;
        return ContentDecoders.DecodeAll(ContentDecoders.Create(contentTransferEncoding), encoded);
    }

    /// <summary>The decoded length, found by decoding in chunks.</summary>
    public long GetDecodedLength(string? contentTransferEncoding)
    {
        var normalized = ContentDecoders.Normalize(contentTransferEncoding);
        if (normalized is not ("base64" or "quoted-printable"))
        {
            return Length;
        }
        using var stream = OpenDecoded(normalized);
        var buffer = new byte[ChunkSize];
        long total = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
        }
        return total;
    }

    /// <summary>Copies the decoded content to <paramref name="destination"/>; returns how many bytes were written.</summary>
    public async Task<long> CopyDecodedToAsync(string? contentTransferEncoding, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var source = OpenDecoded(contentTransferEncoding);
        await using (source.ConfigureAwait(false))
        {
            var buffer = new byte[ChunkSize];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
            }
            return total;
        }
    }
}
