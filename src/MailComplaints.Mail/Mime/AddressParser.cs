using System.Text;
using MailComplaints.Mail.Mime.Text;

namespace MailComplaints.Mail.Mime;

/// <summary>
/// A forgiving reader of RFC 5322 section 3.4 address lists, including the obsolete forms of section 4.4
/// and what clients really send: missing commas between mailboxes, unbalanced brackets, names in comments,
/// encoded words inside quoted names, raw UTF-8 (RFC 6532).
/// </summary>
internal static class AddressParser
{
    private enum Kind { Atom, Quoted, Comment, Special, Literal }

    private readonly record struct Token(Kind Kind, string Text, bool SpaceBefore, char Special = '\0');

    public static AddressList Parse(string text)
    {
        var tokens = Tokenize(text);
        var mailboxes = new List<MailboxAddress>();
        var groups = new List<AddressGroup>();
        var unparsed = new List<string>();
        var current = new List<Token>();
        string? groupName = null;
        List<MailboxAddress>? groupMembers = null;

        void Finish()
        {
            var mailbox = BuildMailbox(current, unparsed);
            current.Clear();
            if (mailbox is null)
            {
                return;
            }
            mailboxes.Add(mailbox);
            groupMembers?.Add(mailbox);
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind != Kind.Special)
            {
                current.Add(token);
                continue;
            }
            switch (token.Special)
            {
                case '<':
                    var close = i + 1;
                    var inner = new StringBuilder();
                    while (close < tokens.Count && !(tokens[close].Kind == Kind.Special && tokens[close].Special == '>'))
                    {
                        inner.Append(tokens[close].Kind == Kind.Quoted ? Quote(tokens[close].Text) : tokens[close].Kind == Kind.Comment ? string.Empty : tokens[close].Text);
                        close++;
                    }
                    var address = StripRoute(inner.ToString());
                    var name = Phrase(current);
                    current.Clear();
                    if (address.Length > 0 || name is not null)
                    {
                        if (address.Length == 0)
                        {
                            unparsed.Add(name!);
                        }
                        else
                        {
                            var mailbox = new MailboxAddress(name, address);
                            mailboxes.Add(mailbox);
                            groupMembers?.Add(mailbox);
                        }
                    }
                    i = close;
                    break;
                case ',':
                    Finish();
                    break;
                case ':' when groupName is null && current.Count > 0 && !current.Any(t => t.Kind == Kind.Special && t.Special == '@'):
                    groupName = Phrase(current) ?? string.Empty;
                    groupMembers = [];
                    current.Clear();
                    break;
                case ';' when groupName is not null:
                    Finish();
                    groups.Add(new AddressGroup(groupName, [.. groupMembers!]));
                    groupName = null;
                    groupMembers = null;
                    break;
                default:
                    current.Add(token);
                    break;
            }
        }
        Finish();
        if (groupName is not null)
        {
            groups.Add(new AddressGroup(groupName, [.. groupMembers!]));
        }
        return new AddressList([.. mailboxes], [.. groups], [.. unparsed]);
    }

    private static MailboxAddress? BuildMailbox(List<Token> tokens, List<string> unparsed)
    {
        if (tokens.Count == 0)
        {
            return null;
        }
        var comment = tokens.LastOrDefault(t => t.Kind == Kind.Comment).Text;
        var words = tokens.Where(t => t.Kind != Kind.Comment).ToList();
        if (words.Count == 0)
        {
            if (!string.IsNullOrWhiteSpace(comment))
            {
                unparsed.Add(comment);
            }
            return null;
        }
        var at = words.FindIndex(t => t.Kind == Kind.Special && t.Special == '@');
        if (at < 0)
        {
            if (words.Count == 1 && words[0].Kind == Kind.Atom)
            {
                // A local address without a domain, as old mail has ("From: nsb (Nathaniel Borenstein)").
                return new MailboxAddress(DecodeName(comment), words[0].Text);
            }
            unparsed.Add(Phrase(words) ?? string.Empty);
            return null;
        }
        // The address is the run of tokens around '@' with no white space inside; words before it are a name
        // whose angle brackets were forgotten.
        var start = at;
        while (start > 0 && !words[start].SpaceBefore)
        {
            start--;
        }
        var end = at + 1;
        while (end < words.Count && !words[end].SpaceBefore)
        {
            end++;
        }
        var address = new StringBuilder();
        for (var k = start; k < end; k++)
        {
            address.Append(words[k].Kind == Kind.Quoted ? Quote(words[k].Text) : words[k].Text);
        }
        var name = start > 0 ? Phrase(words.GetRange(0, start)) : DecodeName(comment);
        for (var k = end; k < words.Count; k++)
        {
            // Text after the address that is not a comment: keep it visible rather than lose it.
            if (words[k].Kind != Kind.Special)
            {
                unparsed.Add(words[k].Text);
            }
        }
        return new MailboxAddress(name, address.ToString());
    }

    private static string? Phrase(List<Token> tokens)
    {
        var builder = new StringBuilder();
        foreach (var token in tokens)
        {
            if (token.Kind == Kind.Comment)
            {
                continue;
            }
            if (builder.Length > 0 && (token.SpaceBefore || token.Kind == Kind.Quoted))
            {
                builder.Append(' ');
            }
            builder.Append(token.Text);
        }
        if (builder.Length == 0)
        {
            var comment = tokens.FirstOrDefault(t => t.Kind == Kind.Comment).Text;
            return DecodeName(comment);
        }
        return DecodeName(builder.ToString());
    }

    private static string? DecodeName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var decoded = EncodedWords.Decode(name.Trim()).Trim();
        return decoded.Length == 0 ? null : decoded;
    }

    private static string StripRoute(string address)
    {
        // Obsolete source routes (RFC 5322 section 4.4): "<@relay1,@relay2:user@host>".
        var trimmed = address.Trim();
        if (trimmed.StartsWith('@'))
        {
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                trimmed = trimmed[(colon + 1)..];
            }
        }
        return trimmed;
    }

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        var space = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                space = true;
                i++;
                continue;
            }
            switch (c)
            {
                case '"':
                    var (value, next) = ContentParameterList.ReadQuoted(text, i);
                    tokens.Add(new Token(Kind.Quoted, value, space));
                    i = next;
                    break;
                case '(':
                    var end = ContentParameterList.SkipComment(text, i);
                    var inner = text[(i + 1)..Math.Max(i + 1, end - (end <= text.Length && text[end - 1] == ')' ? 1 : 0))];
                    tokens.Add(new Token(Kind.Comment, inner.Replace("\\", string.Empty, StringComparison.Ordinal), space));
                    i = end;
                    break;
                case '[':
                    var close = text.IndexOf(']', i);
                    close = close < 0 ? text.Length : close + 1;
                    tokens.Add(new Token(Kind.Literal, text[i..close], space));
                    i = close;
                    break;
                case '<' or '>' or '@' or ',' or ':' or ';' or '.':
                    tokens.Add(new Token(Kind.Special, c.ToString(), space, c));
                    i++;
                    break;
                default:
                    var start = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('"' or '(' or '<' or '>' or '@' or ',' or ':' or ';' or '[') && !(text[i] == '.' && i + 1 < text.Length && text[i + 1] == '.'))
                    {
                        if (text[i] == '.' && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]) || text[i + 1] is '@' or '<' or ',' or '"'))
                        {
                            break;
                        }
                        i++;
                    }
                    if (i == start)
                    {
                        tokens.Add(new Token(Kind.Special, c.ToString(), space, c));
                        i++;
                    }
                    else
                    {
                        tokens.Add(new Token(Kind.Atom, text[start..i], space));
                    }
                    break;
            }
            space = false;
        }
        return tokens;
    }
}
