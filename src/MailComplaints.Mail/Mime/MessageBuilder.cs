using System.Buffers;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;
using MailComplaints.Mail.Mime.Encodings;
using MailComplaints.Mail.Mime.Text;

namespace MailComplaints.Mail.Mime;

/// <summary>An attachment for an outgoing message: a file name, a media type and the content, as bytes or as a stream read when written.</summary>
public sealed class OutgoingAttachment
{
    private readonly ReadOnlyMemory<byte> bytes;
    private readonly Func<Stream>? open;

    /// <summary>An attachment from bytes.</summary>
    public OutgoingAttachment(string fileName, string contentType, ReadOnlyMemory<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        FileName = fileName;
        ContentType = contentType;
        bytes = content;
    }

    /// <summary>An attachment whose content is read from the stream <paramref name="open"/> returns each time the message is written.</summary>
    public OutgoingAttachment(string fileName, string contentType, Func<Stream> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        ArgumentNullException.ThrowIfNull(open);
        FileName = fileName;
        ContentType = contentType;
        this.open = open;
    }

    /// <summary>The file name shown to the recipient.</summary>
    public string FileName { get; }

    /// <summary>The media type, e.g. "application/pdf" (RFC 2045 section 5.1).</summary>
    public string ContentType { get; }

    internal Stream Open() => open is null ? new MemoryStream(bytes.ToArray(), writable: false) : open();

    /// <summary>Writes the content as base64 lines; bytes directly, a stream in chunks of whole lines.</summary>
    internal void WriteBase64To(IBufferWriter<byte> output)
    {
        if (open is null)
        {
            ContentEncoders.WriteBase64(bytes.Span, output);
            return;
        }
        using var source = open();
        var input = ArrayPool<byte>.Shared.Rent(57 * 1024);
        try
        {
            int filled;
            while ((filled = StreamFill.Fill(source, input.AsSpan(0, 57 * 1024))) > 0)
            {
                ContentEncoders.WriteBase64(input.AsSpan(0, filled), output);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }
}

/// <summary>
/// Builds an outgoing message (RFC 5322 with MIME, RFC 2045-2049): text and HTML as multipart/alternative
/// (RFC 2046 section 5.1.4), attachments in multipart/mixed, non-ASCII header text as RFC 2047 encoded
/// words, bodies in quoted-printable or base64 as needed, CRLF line ends, no line over 998 characters.
/// </summary>
public sealed class MessageBuilder
{
    // Line ends other than CR, LF and CRLF that string.ReplaceLineEndings knows: form feed, NEL, LS and PS.
    private static readonly SearchValues<char> OtherLineEnds = SearchValues.Create("\f\u0085\u2028\u2029");

    private readonly TimeProvider timeProvider;

    /// <summary>A builder that dates messages with <paramref name="timeProvider"/> when <see cref="Date"/> is not set.</summary>
    public MessageBuilder(TimeProvider? timeProvider = null) => this.timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>The author (RFC 5322 section 3.6.2).</summary>
    public MailboxAddress? From { get; set; }

    /// <summary>Reply-To mailboxes (RFC 5322 section 3.6.2).</summary>
    public Collection<MailboxAddress> ReplyTo { get; } = [];

    /// <summary>To mailboxes (RFC 5322 section 3.6.3).</summary>
    public Collection<MailboxAddress> To { get; } = [];

    /// <summary>Cc mailboxes (RFC 5322 section 3.6.3).</summary>
    public Collection<MailboxAddress> Cc { get; } = [];

    /// <summary>The subject; any text.</summary>
    public string? Subject { get; set; }

    /// <summary>The Date; the time provider's now when null.</summary>
    public DateTimeOffset? Date { get; set; }

    /// <summary>The Message-ID without angle brackets; a fresh one when null.</summary>
    public string? MessageId { get; set; }

    /// <summary>The id of the message this one answers, without angle brackets.</summary>
    public string? InReplyTo { get; set; }

    /// <summary>The thread's message ids, oldest first, without angle brackets.</summary>
    public Collection<string> References { get; } = [];

    /// <summary>The plain text body.</summary>
    public string? TextBody { get; set; }

    /// <summary>The HTML body.</summary>
    public string? HtmlBody { get; set; }

    /// <summary>The attachments.</summary>
    public Collection<OutgoingAttachment> Attachments { get; } = [];

    /// <summary>Further header fields in order, e.g. ("Auto-Submitted", "auto-replied") or ("X-Loop", "...").</summary>
    public Collection<KeyValuePair<string, string>> ExtraHeaders { get; } = [];

    /// <summary>Adds a header field; the name must be printable ASCII without ':'; the value is any text.</summary>
    public MessageBuilder AddHeader(string name, string value)
    {
        HeaderWriter.CheckName(name);
        ArgumentNullException.ThrowIfNull(value);
        ExtraHeaders.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    /// <summary>The message as bytes.</summary>
    public byte[] ToBytes()
    {
        using var output = new PooledBufferWriter(EstimatedLength());
        Write(output, attachmentsAt: null);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes the message to <paramref name="destination"/>; stream attachments are read and encoded as they are written.</summary>
    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var output = new PooledBufferWriter(EstimatedLength());
        var attachmentsAt = new List<(int Offset, OutgoingAttachment Attachment)>();
        Write(output, attachmentsAt);
        var start = 0;
        foreach (var (offset, attachment) in attachmentsAt)
        {
            await destination.WriteAsync(output.WrittenMemory[start..offset], cancellationToken).ConfigureAwait(false);
            var source = attachment.Open();
            await using (source.ConfigureAwait(false))
            {
                await ContentEncoders.WriteBase64Async(source, destination, cancellationToken).ConfigureAwait(false);
            }
            start = offset;
        }
        await destination.WriteAsync(output.WrittenMemory[start..], cancellationToken).ConfigureAwait(false);
    }

    // Headers and text parts come to about the text's length (quoted-printable adds a little); one rented buffer of
    // that size is grown only for long headers or heavily escaped text. Attachments grow it as they need.
    private int EstimatedLength() => (int)Math.Min(Array.MaxLength, 4096 + ((TextBody?.Length ?? 0) + (long)(HtmlBody?.Length ?? 0)) * 9 / 8);

    // Writes the whole message to output. With attachmentsAt, attachments are left out and their offsets noted,
    // so that WriteToAsync can stream them; without, they are encoded in place.
    private void Write(PooledBufferWriter output, List<(int Offset, OutgoingAttachment Attachment)>? attachmentsAt)
    {
        var headers = new HeaderWriter();
        if (From is not null)
        {
            headers.Addresses("From", [From]);
        }
        headers.Structured("Date", DateParser.Format(Date ?? timeProvider.GetUtcNow()));
        if (Subject is not null)
        {
            headers.Unstructured("Subject", Subject);
        }
        if (To.Count > 0)
        {
            headers.Addresses("To", To);
        }
        if (Cc.Count > 0)
        {
            headers.Addresses("Cc", Cc);
        }
        if (ReplyTo.Count > 0)
        {
            headers.Addresses("Reply-To", ReplyTo);
        }
        headers.Ids("Message-ID", [MessageId ?? NewMessageId()]);
        if (InReplyTo is not null)
        {
            headers.Ids("In-Reply-To", [InReplyTo]);
        }
        if (References.Count > 0)
        {
            headers.Ids("References", References);
        }
        foreach (var (name, value) in ExtraHeaders)
        {
            HeaderWriter.CheckName(name);
            headers.Unstructured(name, value);
        }
        headers.Structured("MIME-Version", "1.0");
        WriteBody(headers, output, attachmentsAt);
    }

    // One header writer serves every block: each block is written out, emptying it, before the next begins.
    private void WriteBody(HeaderWriter headers, PooledBufferWriter output, List<(int Offset, OutgoingAttachment Attachment)>? attachmentsAt)
    {
        var alternatives = new List<(string Subtype, string Text)>(2);
        if (TextBody is not null || HtmlBody is null)
        {
            alternatives.Add(("plain", TextBody ?? string.Empty));
        }
        if (HtmlBody is not null)
        {
            alternatives.Add(("html", HtmlBody));
        }
        var boundaryBase = "=_mc_" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        if (Attachments.Count == 0)
        {
            WriteTextEntity(headers, alternatives, boundaryBase + "_a", output);
            return;
        }
        var mixed = boundaryBase + "_m";
        headers.Structured("Content-Type", $"multipart/mixed; boundary=\"{mixed}\"");
        headers.WriteBlockTo(output);
        WriteText(output, "This is a multi-part message in MIME format.\r\n");
        WriteBoundary(output, mixed, last: false);
        WriteTextEntity(headers, alternatives, boundaryBase + "_a", output);
        foreach (var attachment in Attachments)
        {
            WriteBoundary(output, mixed, last: false);
            var legacyName = Parameter("name", attachment.FileName, encodedWord: true);
            headers.Lines("Content-Type", legacyName.Count == 0 ? [ContentTypeValue(attachment.ContentType)] : [ContentTypeValue(attachment.ContentType) + ";", .. legacyName]);
            headers.Lines("Content-Disposition", ["attachment;", .. Parameter("filename", attachment.FileName, encodedWord: false)]);
            headers.Structured("Content-Transfer-Encoding", "base64");
            headers.WriteBlockTo(output);
            if (attachmentsAt is null)
            {
                attachment.WriteBase64To(output);
            }
            else
            {
                attachmentsAt.Add((output.WrittenCount, attachment));
            }
        }
        WriteBoundary(output, mixed, last: true);
    }

    private static void WriteTextEntity(HeaderWriter headers, List<(string Subtype, string Text)> alternatives, string boundary, PooledBufferWriter output)
    {
        if (alternatives.Count == 1)
        {
            WriteTextPart(headers, alternatives[0].Subtype, alternatives[0].Text, output);
            return;
        }
        headers.Structured("Content-Type", $"multipart/alternative; boundary=\"{boundary}\"");
        headers.WriteBlockTo(output);
        foreach (var (subtype, text) in alternatives)
        {
            WriteBoundary(output, boundary, last: false);
            WriteTextPart(headers, subtype, text, output);
        }
        WriteBoundary(output, boundary, last: true);
    }

    private static void WriteTextPart(HeaderWriter headers, string subtype, string text, PooledBufferWriter output)
    {
        // Line ends become CRLF (every line end string.ReplaceLineEndings knows). Text whose lines end in LF or
        // CRLF, nearly all text, is transcoded as it is: the encoders take either, so no normalised copy is made.
        var lineFeeds = text.AsSpan().Count('\n');
        var returns = text.AsSpan().Count('\r');
        if (text.AsSpan().ContainsAny(OtherLineEnds) || (returns > 0 && text.AsSpan().Count("\r\n") != returns))
        {
            text = text.ReplaceLineEndings("\r\n");
            lineFeeds = returns = text.AsSpan().Count('\n');
        }
        var scratch = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var bytes = scratch.AsSpan(0, Encoding.UTF8.GetBytes(text, scratch));
            var bareLineFeeds = lineFeeds - returns;
            var encoding = ChooseEncoding(bytes, bytes.Length + bareLineFeeds);
            headers.Structured("Content-Type", $"text/{subtype}; charset=utf-8");
            headers.Structured("Content-Transfer-Encoding", encoding);
            headers.WriteBlockTo(output);
            switch (encoding)
            {
                case "base64" when bareLineFeeds == 0:
                    ContentEncoders.WriteBase64(bytes, output);
                    break;
                case "base64":
                    ContentEncoders.WriteBase64(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")), output);
                    break;
                case "quoted-printable":
                    ContentEncoders.WriteQuotedPrintable(bytes, output);
                    break;
                default:
                    WriteWithCrlf(bytes, output);
                    break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// 7bit when ASCII with short lines; base64 when mostly non-ASCII (smaller); else quoted-printable.
    /// <paramref name="bytes"/> has LF or CRLF line ends; <paramref name="crlfLength"/> is its length with CRLF only.
    /// </summary>
    private static string ChooseEncoding(ReadOnlySpan<byte> bytes, int crlfLength)
    {
        var nonAscii = CountNonAscii(bytes);
        if (nonAscii == 0 && !HasLongLine(bytes) && !bytes.StartsWith("From "u8) && bytes.IndexOf("\nFrom "u8) < 0)
        {
            return "7bit";
        }
        return nonAscii * 3 > crlfLength ? "base64" : "quoted-printable";
    }

    // NUL and bytes above 126, which 7bit does not allow; sixteen at a time.
    private static int CountNonAscii(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var highest = Vector128.Create((byte)125);
            for (; i <= bytes.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                // Minus one wraps NUL round to 255, so one unsigned comparison finds both.
                var shifted = Vector128.Create(bytes.Slice(i, Vector128<byte>.Count)) - Vector128<byte>.One;
                count += BitOperations.PopCount(Vector128.GreaterThan(shifted, highest).ExtractMostSignificantBits());
            }
        }
        for (; i < bytes.Length; i++)
        {
            if (bytes[i] is 0 or > 126)
            {
                count++;
            }
        }
        return count;
    }

    // A line over 76 characters once it ends in CRLF (RFC 5322 section 2.1.1 allows 78; 7bit output keeps a margin).
    private static bool HasLongLine(ReadOnlySpan<byte> bytes)
    {
        while (true)
        {
            var newline = bytes.IndexOf((byte)'\n');
            if (newline < 0)
            {
                return bytes.Length > 76;
            }
            var withCr = newline > 0 && bytes[newline - 1] == (byte)'\r' ? newline : newline + 1;
            if (withCr > 76)
            {
                return true;
            }
            bytes = bytes[(newline + 1)..];
        }
    }

    // Bytes whose lines end in LF or CRLF, written with CRLF.
    private static void WriteWithCrlf(ReadOnlySpan<byte> bytes, PooledBufferWriter output)
    {
        while (true)
        {
            var newline = bytes.IndexOf((byte)'\n');
            var line = newline < 0 ? bytes : bytes[..newline];
            if (newline > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
            var span = output.GetSpan(line.Length + 2);
            line.CopyTo(span);
            var written = line.Length;
            if (newline >= 0)
            {
                span[written++] = (byte)'\r';
                span[written++] = (byte)'\n';
            }
            output.Advance(written);
            if (newline < 0)
            {
                return;
            }
            bytes = bytes[(newline + 1)..];
        }
    }

    private static void WriteBoundary(PooledBufferWriter output, string boundary, bool last)
    {
        WriteText(output, "\r\n--");
        WriteText(output, boundary);
        WriteText(output, last ? "--\r\n" : "\r\n");
    }

    private static void WriteText(PooledBufferWriter output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static string ContentTypeValue(string contentType)
    {
        var parsed = ContentType.Parse(HeaderWriter.Sanitize(contentType));
        return parsed is null || parsed.MimeType.Any(c => c is <= ' ' or > '~' or ';' or '"')
            ? "application/octet-stream"
            : parsed.MimeType;
    }

    /// <summary>
    /// A parameter as fold pieces: a quoted ASCII value when short, else RFC 2231 continuations with the
    /// UTF-8 charset; for the legacy name parameter an RFC 2047 encoded value, which old clients read.
    /// </summary>
    private static List<string> Parameter(string name, string value, bool encodedWord)
    {
        value = HeaderWriter.Sanitize(value);
        var ascii = value.All(c => c is >= ' ' and <= '~');
        if (ascii && value.Length <= 60)
        {
            return [$"{name}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\""];
        }
        if (encodedWord)
        {
            // Old clients read RFC 2047 words in the legacy name parameter; very long names get only filename*.
            var words = EncodedWords.Encode(value, phrase: true);
            return words.Length > 900 ? [] : [$"{name}=\"{words}\""];
        }
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'_')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        var text = encoded.ToString();
        var sections = new List<string>();
        const int SectionLength = 60;
        for (int offset = 0, index = 0; offset < text.Length; index++)
        {
            var length = Math.Min(SectionLength, text.Length - offset);
            // Never split a %XX escape.
            if (offset + length < text.Length && text[offset + length - 1] == '%')
            {
                length -= 1;
            }
            else if (offset + length < text.Length && length >= 2 && text[offset + length - 2] == '%')
            {
                length -= 2;
            }
            var prefix = index == 0 ? "utf-8''" : string.Empty;
            var last = offset + length >= text.Length;
            sections.Add($"{name}*{index.ToString(CultureInfo.InvariantCulture)}*={prefix}{text.Substring(offset, length)}{(last ? string.Empty : ";")}");
            offset += length;
        }
        return sections;
    }

    private string NewMessageId()
    {
        var domain = From?.Domain is { Length: > 0 } fromDomain && !fromDomain.Any(c => c > 126) ? fromDomain : "localhost";
        return Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + "@" + domain;
    }
}
