using System.Buffers;
using System.Collections.ObjectModel;
using System.Globalization;
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
}

/// <summary>
/// Builds an outgoing message (RFC 5322 with MIME, RFC 2045-2049): text and HTML as multipart/alternative
/// (RFC 2046 section 5.1.4), attachments in multipart/mixed, non-ASCII header text as RFC 2047 encoded
/// words, bodies in quoted-printable or base64 as needed, CRLF line ends, no line over 998 characters.
/// </summary>
public sealed class MessageBuilder
{
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
        using var buffer = new MemoryStream();
        foreach (var piece in Pieces())
        {
            piece.WriteTo(buffer);
        }
        return buffer.ToArray();
    }

    /// <summary>Writes the message to <paramref name="destination"/>; stream attachments are read and encoded as they are written.</summary>
    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        foreach (var piece in Pieces())
        {
            await piece.WriteToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
    }

    private List<Piece> Pieces()
    {
        var pieces = new List<Piece>();
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
        WriteBody(headers, pieces);
        return pieces;
    }

    private void WriteBody(HeaderWriter topHeaders, List<Piece> pieces)
    {
        var alternatives = new List<(string Subtype, string Text)>();
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
            WriteTextEntity(topHeaders, alternatives, boundaryBase + "_a", pieces);
            return;
        }
        var mixed = boundaryBase + "_m";
        topHeaders.Structured("Content-Type", $"multipart/mixed; boundary=\"{mixed}\"");
        pieces.Add(Piece.Text(topHeaders.Text + "\r\nThis is a multi-part message in MIME format.\r\n"));
        pieces.Add(Piece.Text($"\r\n--{mixed}\r\n"));
        WriteTextEntity(new HeaderWriter(), alternatives, boundaryBase + "_a", pieces);
        foreach (var attachment in Attachments)
        {
            pieces.Add(Piece.Text($"\r\n--{mixed}\r\n"));
            var headers = new HeaderWriter();
            var legacyName = Parameter("name", attachment.FileName, encodedWord: true);
            headers.Lines("Content-Type", legacyName.Count == 0 ? [ContentTypeValue(attachment.ContentType)] : [ContentTypeValue(attachment.ContentType) + ";", .. legacyName]);
            headers.Lines("Content-Disposition", ["attachment;", .. Parameter("filename", attachment.FileName, encodedWord: false)]);
            headers.Structured("Content-Transfer-Encoding", "base64");
            pieces.Add(Piece.Text(headers.Text + "\r\n"));
            pieces.Add(Piece.Attachment(attachment));
        }
        pieces.Add(Piece.Text($"\r\n--{mixed}--\r\n"));
    }

    private static void WriteTextEntity(HeaderWriter headers, List<(string Subtype, string Text)> alternatives, string boundary, List<Piece> pieces)
    {
        if (alternatives.Count == 1)
        {
            WriteTextPart(headers, alternatives[0].Subtype, alternatives[0].Text, pieces);
            return;
        }
        headers.Structured("Content-Type", $"multipart/alternative; boundary=\"{boundary}\"");
        pieces.Add(Piece.Text(headers.Text + "\r\n"));
        foreach (var (subtype, text) in alternatives)
        {
            pieces.Add(Piece.Text($"\r\n--{boundary}\r\n"));
            WriteTextPart(new HeaderWriter(), subtype, text, pieces);
        }
        pieces.Add(Piece.Text($"\r\n--{boundary}--\r\n"));
    }

    private static void WriteTextPart(HeaderWriter headers, string subtype, string text, List<Piece> pieces)
    {
        var bytes = Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));
        var encoding = ChooseEncoding(bytes);
        headers.Structured("Content-Type", $"text/{subtype}; charset=utf-8");
        headers.Structured("Content-Transfer-Encoding", encoding);
        var body = new System.Buffers.ArrayBufferWriter<byte>(bytes.Length + 64);
        switch (encoding)
        {
            case "base64":
                ContentEncoders.WriteBase64(bytes, body);
                break;
            case "quoted-printable":
                ContentEncoders.WriteQuotedPrintable(bytes, body);
                break;
            default:
                body.Write(bytes);
                break;
        }
        pieces.Add(Piece.Text(headers.Text + "\r\n"));
        pieces.Add(Piece.Bytes(body.WrittenMemory));
    }

    /// <summary>7bit when ASCII with short lines; base64 when mostly non-ASCII (smaller); else quoted-printable.</summary>
    private static string ChooseEncoding(ReadOnlySpan<byte> bytes)
    {
        var nonAscii = 0;
        var lineLength = 0;
        var longLine = false;
        var bareCr = false;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == (byte)'\n')
            {
                lineLength = 0;
                continue;
            }
            if (b == (byte)'\r' && (i + 1 >= bytes.Length || bytes[i + 1] != (byte)'\n'))
            {
                bareCr = true;
            }
            if (b > 126 || b == 0)
            {
                nonAscii++;
            }
            longLine |= ++lineLength > 76;
        }
        if (nonAscii == 0 && !longLine && !bareCr && !bytes.StartsWith("From "u8) && bytes.IndexOf("\nFrom "u8) < 0)
        {
            return "7bit";
        }
        return nonAscii * 3 > bytes.Length ? "base64" : "quoted-printable";
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

    /// <summary>A piece of output: ready bytes, or an attachment to encode while writing.</summary>
    private sealed class Piece
    {
        private ReadOnlyMemory<byte> bytes;
        private OutgoingAttachment? attachment;

        public static Piece Text(string text) => new() { bytes = Encoding.UTF8.GetBytes(text) };

        public static Piece Bytes(ReadOnlyMemory<byte> bytes) => new() { bytes = bytes };

        public static Piece Attachment(OutgoingAttachment attachment) => new() { attachment = attachment };

        public void WriteTo(Stream destination)
        {
            if (attachment is null)
            {
                destination.Write(bytes.Span);
                return;
            }
            using var source = attachment.Open();
            var input = new byte[57 * 1024];
            var output = new System.Buffers.ArrayBufferWriter<byte>(80 * 1024);
            int filled;
            while ((filled = StreamFill.Fill(source, input)) > 0)
            {
                output.ResetWrittenCount();
                ContentEncoders.WriteBase64(input.AsSpan(0, filled), output);
                destination.Write(output.WrittenSpan);
            }
        }

        public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
        {
            if (attachment is null)
            {
                await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                return;
            }
            var source = attachment.Open();
            await using (source.ConfigureAwait(false))
            {
                await ContentEncoders.WriteBase64Async(source, destination, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
