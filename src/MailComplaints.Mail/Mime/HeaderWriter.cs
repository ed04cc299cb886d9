using System.Buffers;
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

    // RFC 5322 atext and the space: a display name of only these needs no quotes.
    private static readonly SearchValues<char> Atext = SearchValues.Create(" !#$%&'*+-/0123456789=?ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~");
    private static readonly SearchValues<char> NotInAddress = SearchValues.Create("<>,");
    // Room for a message's top-level fields with a long References chain, so the builder does not grow in chunks.
    private readonly StringBuilder output = new(1024);

    public string Text => output.ToString();

    /// <summary>Writes the fields and the empty line that ends them as UTF-8, then starts over with none.</summary>
    public void WriteBlockTo(IBufferWriter<byte> destination)
    {
        output.Append("\r\n");
        var chars = ArrayPool<char>.Shared.Rent(output.Length);
        try
        {
            output.CopyTo(0, chars, output.Length);
            var span = destination.GetSpan(Encoding.UTF8.GetMaxByteCount(output.Length));
            destination.Advance(Encoding.UTF8.GetBytes(chars.AsSpan(0, output.Length), span));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
        output.Clear();
    }

    /// <summary>An unstructured field (Subject, Auto-Submitted, X-*): text, encoded as needed.</summary>
    public void Unstructured(string name, string value) => Field(name, EncodedWords.Encode(Sanitize(value)));

    /// <summary>A field whose value is already safe structured text (Content-Type, MIME-Version, ids).</summary>
    public void Structured(string name, string value) => Field(name, Sanitize(value));

    /// <summary>An address field (RFC 5322 section 3.4); display names quoted or encoded.</summary>
    public void Addresses(string name, IEnumerable<MailboxAddress> mailboxes)
    {
        var line = Start(name);
        var list = mailboxes as IReadOnlyList<MailboxAddress> ?? mailboxes.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var mailbox = list[i];
            if (!string.IsNullOrWhiteSpace(mailbox.Name))
            {
                Words(name, ref line, DisplayName(Sanitize(mailbox.Name)));
            }
            // The separating comma belongs to the address: it is counted when deciding where to fold.
            Word(name, ref line, "<" + CheckAddress(mailbox.Address) + (i < list.Count - 1 ? ">," : ">"));
        }
        output.Append("\r\n");
    }

    /// <summary>Message ids (RFC 5322 section 3.6.4), each in angle brackets.</summary>
    public void Ids(string name, IEnumerable<string> ids)
    {
        var line = Start(name);
        foreach (var id in ids)
        {
            Word(name, ref line, "<" + CheckId(id) + ">");
        }
        output.Append("\r\n");
    }

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

    private void Field(string name, string value)
    {
        var line = Start(name);
        Words(name, ref line, value);
        output.Append("\r\n");
    }

    private int Start(string name)
    {
        output.Append(name).Append(':');
        return name.Length + 1;
    }

    // Fold points are single spaces; runs of spaces survive as empty words, and unfolding gives the value back.
    private void Words(string name, ref int line, string value)
    {
        foreach (var range in value.AsSpan().Trim(" \t").Split(' '))
        {
            Word(name, ref line, value.AsSpan().Trim(" \t")[range]);
        }
    }

    // One word after a space, on a new line when it would pass the fold limit and the line has one already.
    private void Word(string name, ref int line, ReadOnlySpan<char> word)
    {
        if (line + 1 + word.Length > FoldAt && line > name.Length + 1)
        {
            output.Append("\r\n");
            line = 0;
        }
        output.Append(' ').Append(word);
        line += 1 + word.Length;
    }

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
        if (name.AsSpan().ContainsAnyExceptInRange(' ', '~') || name.Contains("=?", StringComparison.Ordinal))
        {
            return EncodedWords.Encode(name, phrase: true);
        }
        if (!name.AsSpan().ContainsAnyExcept(Atext) && !name.Contains("  ", StringComparison.Ordinal))
        {
            return name;
        }
        var escaped = name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        return "\"" + escaped + "\"";
    }

    private static string CheckAddress(string address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > 254 || address.AsSpan().ContainsAny(NotInAddress) || ContainsWhiteSpaceOrControl(address))
        {
            throw new ArgumentException($"'{Sanitize(address)}' is not a mail address (RFC 5322 section 3.4.1): expected local@domain of at most 254 characters without spaces or line breaks.", nameof(address));
        }
        return address;
    }

    private static bool ContainsWhiteSpaceOrControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return true;
            }
        }
        return false;
    }

    private static string CheckId(string id)
    {
        var trimmed = id.Trim().Trim('<', '>');
        if (trimmed.Length == 0 || trimmed.Length > 900 || trimmed.AsSpan().ContainsAnyExceptInRange('!', '~') || trimmed.AsSpan().ContainsAny('<', '>'))
        {
            throw new ArgumentException($"'{Sanitize(id)}' is not a message id (RFC 5322 section 3.6.4): expected left@right in ASCII without spaces.", nameof(id));
        }
        return trimmed;
    }
}
