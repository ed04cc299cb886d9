using System.Text;
using MailComplaints.Mail.Mime.Text;

namespace MailComplaints.Mail.Mime;

/// <summary>
/// Writes header fields for outgoing mail (RFC 5322 section 2.2): non-ASCII text as RFC 2047 encoded words,
/// folded at white space to lines of at most 78 characters, CRLF line ends. Every CR and LF in a value is
/// replaced before folding, so a value can never start a header of its own.
/// </summary>
internal sealed class HeaderWriter
{
    private const int FoldAt = 78;
    private readonly StringBuilder output = new();

    public string Text => output.ToString();

    /// <summary>An unstructured field (Subject, Auto-Submitted, X-*): text, encoded as needed.</summary>
    public void Unstructured(string name, string value) => Field(name, Words(EncodedWords.Encode(Sanitize(value))));

    /// <summary>A field whose value is already safe structured text (Content-Type, MIME-Version, ids).</summary>
    public void Structured(string name, string value) => Field(name, Words(Sanitize(value)));

    /// <summary>An address field (RFC 5322 section 3.4); display names quoted or encoded.</summary>
    public void Addresses(string name, IEnumerable<MailboxAddress> mailboxes)
    {
        var words = new List<string>();
        var list = mailboxes.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var mailbox = list[i];
            var address = "<" + CheckAddress(mailbox.Address) + ">" + (i < list.Count - 1 ? "," : string.Empty);
            if (!string.IsNullOrWhiteSpace(mailbox.Name))
            {
                words.AddRange(Words(DisplayName(Sanitize(mailbox.Name))));
            }
            words.Add(address);
        }
        Field(name, words);
    }

    /// <summary>Message ids (RFC 5322 section 3.6.4), each in angle brackets.</summary>
    public void Ids(string name, IEnumerable<string> ids) =>
        Field(name, ids.Select(id => "<" + CheckId(id) + ">").ToList());

    /// <summary>A field with a prepared list of fold points: each element is written on a new line.</summary>
    public void Lines(string name, IReadOnlyList<string> pieces)
    {
        output.Append(name).Append(':');
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i > 0)
            {
                output.Append("\r\n");
            }
            output.Append(' ').Append(Sanitize(pieces[i]));
        }
        output.Append("\r\n");
    }

    public static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var c in name)
        {
            if (c is < '!' or > '~' or ':')
            {
                throw new ArgumentException($"A header name is printable ASCII without ':' (RFC 5322 section 2.2); '{name}' is not. Use a name like 'X-Loop'.", nameof(name));
            }
        }
    }

    private void Field(string name, IReadOnlyList<string> words)
    {
        output.Append(name).Append(':');
        var lineLength = name.Length + 1;
        foreach (var word in words)
        {
            if (lineLength + 1 + word.Length > FoldAt && lineLength > name.Length + 1)
            {
                output.Append("\r\n");
                lineLength = 0;
            }
            output.Append(' ').Append(word);
            lineLength += 1 + word.Length;
        }
        output.Append("\r\n");
    }

    // Fold points are single spaces; runs of spaces survive as empty words, and unfolding gives the value back.
    private static List<string> Words(string value) => [.. value.Trim(' ', '\t').Split(' ')];

    internal static string Sanitize(string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') < 0 && !value.Contains('\0', StringComparison.Ordinal))
        {
            return value;
        }
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c is '\r' or '\n' or '\0' ? ' ' : c);
        }
        return builder.ToString();
    }

    private static string DisplayName(string name)
    {
        if (name.Any(c => c > 126 || c < 32) || name.Contains("=?", StringComparison.Ordinal))
        {
            return EncodedWords.Encode(name, phrase: true);
        }
        if (name.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ' || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal)) && !name.Contains("  ", StringComparison.Ordinal))
        {
            return name;
        }
        var escaped = name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        return "\"" + escaped + "\"";
    }

    private static string CheckAddress(string address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > 254 || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ','))
        {
            throw new ArgumentException($"'{Sanitize(address)}' is not a mail address (RFC 5322 section 3.4.1): expected local@domain of at most 254 characters without spaces or line breaks.", nameof(address));
        }
        return address;
    }

    private static string CheckId(string id)
    {
        var trimmed = id.Trim().Trim('<', '>');
        if (trimmed.Length == 0 || trimmed.Length > 900 || trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' || c > 126))
        {
            throw new ArgumentException($"'{Sanitize(id)}' is not a message id (RFC 5322 section 3.6.4): expected left@right in ASCII without spaces.", nameof(id));
        }
        return trimmed;
    }
}
