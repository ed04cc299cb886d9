using System.Buffers;
using System.Text;
using MimeKit;
using MimeKit.Tnef;

namespace MailComplaints.Reading;

/// <summary>
/// What the worker asks of a message's parts: which leaves are attachments, their names and decoded text, and the
/// files inside an Outlook <c>winmail.dat</c> (TNEF), which become ordinary attachments.
/// </summary>
public static class MessageParts
{
    /// <summary>The leaf parts, in document order, without descending into enclosed messages.</summary>
    public static IEnumerable<MimeEntity> Leaves(MimeEntity? body) => Structure(body).Where(entity => entity is not Multipart);

    /// <summary>The entity and its multipart descendants, depth first, without entering enclosed messages.</summary>
    public static IEnumerable<MimeEntity> Structure(MimeEntity? root)
    {
        if (root is null)
        {
            yield break;
        }
        var stack = new Stack<MimeEntity>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var entity = stack.Pop();
            yield return entity;
            if (entity is Multipart multipart)
            {
                for (var i = multipart.Count - 1; i >= 0; i--)
                {
                    stack.Push(multipart[i]);
                }
            }
        }
    }

    /// <summary>
    /// Whether a leaf is an attachment rather than body text: marked so, or a text part with a file name that is not
    /// marked inline, or any content that is not text (an image in the body is a file the complainant sent).
    /// Enclosed messages are not: a forwarded mail is part of what was said.
    /// </summary>
    public static bool IsAttachment(MimeEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity is not MimePart part)
        {
            return false;
        }
        var disposition = part.ContentDisposition;
        if (disposition?.IsAttachment == true)
        {
            return true;
        }
        if (part.ContentType.IsMimeType("text", "*") && part.ContentType.MediaSubtype.ToLowerInvariant() is "plain" or "html" or "enriched" or "richtext")
        {
            return FileName(part) is not null && disposition is not null && !string.Equals(disposition.Disposition, ContentDisposition.Inline, StringComparison.OrdinalIgnoreCase);
        }
        return !part.ContentType.IsMimeType("message", "*") && !part.ContentType.IsMimeType("multipart", "*");
    }

    /// <summary>The attachments of a message in document order, with the files of a TNEF part in its place.</summary>
    public static IEnumerable<MimePart> Attachments(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var part in Leaves(message.Body).Where(IsAttachment).OfType<MimePart>())
        {
            if (part is TnefPart tnef && FilesIn(tnef) is { Count: > 0 } files)
            {
                foreach (var file in files)
                {
                    yield return file;
                }
            }
            else
            {
                yield return part;
            }
        }
    }

    /// <summary>The file name (Content-Disposition filename, else the Content-Type name), trimmed; null when none.</summary>
    public static string? FileName(MimePart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var name = part.FileName;
        return string.IsNullOrWhiteSpace(name) ? null : name.Trim();
    }

    /// <summary>
    /// The decoded content of a part, in an array of exactly its size: decoded once to count and once to fill, so that a
    /// large attachment costs its size once and not the doublings of a growing buffer and a final copy.
    /// </summary>
    public static async Task<byte[]> ContentAsync(MimePart part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part.Content is not { } content)
        {
            return [];
        }
        long length;
        using (var counter = new MimeKit.IO.MeasuringStream())
        {
            await content.DecodeToAsync(counter, cancellationToken).ConfigureAwait(false);
            length = counter.Length;
        }
        var bytes = new byte[length];
        using var target = new MemoryStream(bytes, writable: true);
        await content.DecodeToAsync(target, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>The content of a leaf part decoded into text: a text part with its charset, any other as UTF-8 (Latin-1 when not valid UTF-8).</summary>
    public static string Text(MimePart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part is TextPart text)
        {
            return text.Text;
        }
        using var decoded = new MemoryStream();
        part.Content?.DecodeTo(decoded);
        return Decode(decoded.GetBuffer().AsSpan(0, (int)decoded.Length));
    }

    /// <summary>
    /// The start of a leaf part's decoded content, at most <paramref name="maxBytes"/>, as text: decoded as
    /// <see cref="Text"/> does. For fields that sit at the start of a part (a bounce's report), so that a part of
    /// many megabytes costs no more than its first ones.
    /// </summary>
    public static string TextStart(MimePart part, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        using var start = new MemoryStream();
        if (part.Content is { } content)
        {
            using var decoded = content.Open();
            // Pooled: a message of a few kilobytes can hold thousands of parts (found by fuzzing).
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes, 81_920));
            try
            {
                int read;
                while (start.Length < maxBytes && (read = decoded.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes - start.Length))) > 0)
                {
                    start.Write(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        var bytes = start.GetBuffer().AsSpan(0, (int)start.Length);
        return part is TextPart && part.ContentType.CharsetEncoding is { } charset ? charset.GetString(bytes) : Decode(bytes);
    }

    /// <summary>Bytes of unknown charset as text: UTF-8 when they are valid UTF-8, else Latin-1 (never an exception).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    /// <summary>The first header field named <paramref name="field"/>, or null.</summary>
    public static Header? Find(HeaderList headers, string field)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var index = headers.IndexOf(field);
        return index < 0 ? null : headers[index];
    }

    /// <summary>Every header field named <paramref name="field"/>, in order.</summary>
    public static IEnumerable<Header> All(HeaderList headers, string field)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.Where(header => string.Equals(header.Field, field, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The first message id in a header value, without angle brackets; a bare id without brackets counts too.</summary>
    public static string? MessageId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var first = MimeKit.Utils.MimeUtils.EnumerateReferences(value).FirstOrDefault();
        if (first is not null)
        {
            return first;
        }
        var bare = value.Trim().Trim('<', '>').Trim();
        return bare.Length > 0 && bare.Contains('@', StringComparison.Ordinal) && !bare.Any(char.IsWhiteSpace) ? bare : null;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static List<MimePart> FilesIn(TnefPart tnef)
    {
        try
        {
            // The message text inside the TNEF is the body Outlook already sent as text; the files are what counts.
            return IsIntact(tnef) ? tnef.ExtractAttachments().OfType<MimePart>().Where(part => FileName(part) is not null).ToList() : [];
        }
        // MimeKit throws InvalidOperationException for a TNEF part without content (found by fuzzing).
        catch (Exception exception) when (exception is TnefException or FormatException or IOException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return [];
        }
    }

    // Outlook writes every attribute with its checksum and level. A winmail.dat where one is wrong is damaged, and
    // MimeKit's extraction from a damaged one can spend a second on a few kilobytes (found by fuzzing): such a file
    // is kept as it is. Reading the attributes without their properties is quick.
    private static bool IsIntact(TnefPart tnef)
    {
        if (tnef.Content is null)
        {
            return false;
        }
        using var content = tnef.Content.Open();
        using var reader = new TnefReader(content, 0, TnefComplianceMode.Loose);
        while (reader.ReadNextAttribute())
        {
        }
        return reader.ComplianceStatus == TnefComplianceStatus.Compliant;
    }
}
