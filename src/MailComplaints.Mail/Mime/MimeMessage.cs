using MailComplaints.Mail.Mime.Text;

namespace MailComplaints.Mail.Mime;

/// <summary>
/// A received message (RFC 5322, MIME RFC 2045-2049): its header fields, typed views of the common ones,
/// and the body tree. Loading never throws for bad content; what was tolerated is listed in <see cref="Defects"/>.
/// </summary>
public sealed class MimeMessage
{
    private readonly ByteStore store;
    private IReadOnlyList<MimeDefect> defects = [];
    private AddressList? from;
    private AddressList? to;
    private string? subject;
    private bool subjectRead;

    internal MimeMessage(HeaderList headers, MimeEntity body, ByteStore store)
    {
        Headers = headers;
        Body = body;
        this.store = store;
    }

    /// <summary>Reads a message from a stream, which need not be seekable (e.g. an IMAP literal). The stream is read to its end.</summary>
    public static MimeMessage Load(Stream stream, ParserOptions? options = null) =>
        MimeParser.Parse(ByteStore.Read(stream), options);

    /// <summary>Reads a message from bytes the caller will not change while the message is in use; nothing is copied.</summary>
    public static MimeMessage Load(ReadOnlyMemory<byte> bytes, ParserOptions? options = null) =>
        MimeParser.Parse(ByteStore.FromMemory(bytes), options);

    /// <summary>Reads a message from a stream asynchronously; see <see cref="Load(Stream, ParserOptions?)"/>.</summary>
    public static async ValueTask<MimeMessage> LoadAsync(Stream stream, ParserOptions? options = null, CancellationToken cancellationToken = default) =>
        MimeParser.Parse(await ByteStore.ReadAsync(stream, cancellationToken).ConfigureAwait(false), options);

    /// <summary>The header fields in order, duplicates kept (RFC 5322 section 3.6).</summary>
    public HeaderList Headers { get; }

    /// <summary>The body: a leaf part, a multipart or an enclosed message.</summary>
    public MimeEntity Body { get; }

    /// <summary>What the parser tolerated, in the order found; empty for well-formed mail.</summary>
    public IReadOnlyList<MimeDefect> Defects => defects;

    /// <summary>The size of the message in bytes as received.</summary>
    public long Size => store.Length;

    /// <summary>The Subject (RFC 5322 section 3.6.5), unfolded and RFC 2047 decoded, or null.</summary>
    public string? Subject
    {
        get
        {
            if (!subjectRead)
            {
                subject = Headers.Get("Subject")?.DecodedValue;
                subjectRead = true;
            }
            return subject;
        }
    }

    /// <summary>The From mailboxes (RFC 5322 section 3.6.2).</summary>
    public AddressList From => from ??= Addresses("From");

    /// <summary>The Sender mailbox (RFC 5322 section 3.6.2).</summary>
    public AddressList Sender => Addresses("Sender");

    /// <summary>The Reply-To mailboxes (RFC 5322 section 3.6.2).</summary>
    public AddressList ReplyTo => Addresses("Reply-To");

    /// <summary>The To mailboxes (RFC 5322 section 3.6.3), all To fields together.</summary>
    public AddressList To => to ??= Addresses("To");

    /// <summary>The Cc mailboxes (RFC 5322 section 3.6.3).</summary>
    public AddressList Cc => Addresses("Cc");

    /// <summary>The Date (RFC 5322 section 3.6.1), or null when absent or unreadable.</summary>
    public DateTimeOffset? Date => DateParser.Parse(Headers.GetValue("Date"));

    /// <summary>The Message-ID without angle brackets (RFC 5322 section 3.6.4), or null.</summary>
    public string? MessageId => MessageIds.ParseOne(Headers.GetValue("Message-ID"));

    /// <summary>The first In-Reply-To id without angle brackets (RFC 5322 section 3.6.4), or null.</summary>
    public string? InReplyTo => MessageIds.ParseOne(Headers.GetValue("In-Reply-To"));

    /// <summary>The References ids in order, without angle brackets (RFC 5322 section 3.6.4).</summary>
    public IReadOnlyList<string> References => MessageIds.ParseList(Headers.GetValue("References"));

    /// <summary>
    /// The text the worker registers: the text/plain body when there is one (format=flowed joined, RFC 3676),
    /// else the HTML body as readable text with link targets kept; null when the message has no text.
    /// </summary>
    /// <param name="trim">Whether to leave out white space at either end (done while the text is made, not by copying it again).</param>
    public string? GetTextBody(bool trim = false) => BodyText.GetText(Body, trim);

    /// <summary>The HTML body as sent, or null when there is none.</summary>
    public string? GetHtmlBody() => BodyText.FindPart(Body, "html") is { } html ? html.GetText() : null;

    /// <summary>The leaf parts that are attachments, in document order, not descending into enclosed messages.</summary>
    public IEnumerable<MimePart> Attachments => BodyText.Attachments(Body);

    internal void SetDefects(List<MimeDefect> found) => defects = found.Count == 0 ? [] : found.ToArray();

    private AddressList Addresses(string name)
    {
        Header? only = null;
        var count = 0;
        foreach (var header in Headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                only ??= header;
                count++;
            }
        }
        if (count <= 1)
        {
            return AddressList.Parse(only?.Value);
        }
        return AddressList.Parse(string.Join(", ", Headers.GetAll(name).Select(header => header.Value)));
    }
}
