using System.Net;
using System.Text;

namespace MailComplaints.Mail.Mime.Text;

/// <summary>
/// Turns an HTML body into readable text: block elements become line breaks and paragraphs, list items
/// get a dash, link targets are kept after the link text, scripts, styles and comments are dropped.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> Paragraphs = new(StringComparer.Ordinal)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "pre", "hr", "section", "article", "header", "footer", "address", "dl",
    };

    private static readonly HashSet<string> Lines = new(StringComparer.Ordinal) { "br", "tr", "li", "dt", "dd", "caption" };

    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "script", "style", "head", "title", "template", "noscript", "xml" };

    /// <summary>The readable text of <paramref name="html"/>.</summary>
    public static string ToText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var output = new StringBuilder(html.Length / 2);
        string? href = null;
        var linkTextStart = 0;
        var pre = 0;
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            var end = lt < 0 ? html.Length : lt;
            AppendText(output, html.AsSpan(i, end - i), pre > 0);
            if (lt < 0)
            {
                break;
            }
            if (html.AsSpan(lt).StartsWith("<!--", StringComparison.Ordinal))
            {
                var close = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                i = close < 0 ? html.Length : close + 3;
                continue;
            }
            var gt = FindTagEnd(html, lt + 1);
            if (gt < 0)
            {
                AppendText(output, html.AsSpan(lt), pre > 0);
                break;
            }
            var tag = html.AsSpan(lt + 1, gt - lt - 1);
            var closing = tag.StartsWith("/");
            var name = TagName(closing ? tag[1..] : tag);
            if (name.Length == 0)
            {
                if (tag.IsEmpty || !(tag[0] is '!' or '?' or '/'))
                {
                    // Not a tag ("1 < 2"): the '<' is text.
                    output.Append('<');
                    i = lt + 1;
                    continue;
                }
                i = gt + 1; // a doctype, processing instruction or stray end tag
                continue;
            }
            i = gt + 1;
            if (!closing && Skipped.Contains(name) && !tag.EndsWith("/"))
            {
                var close = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                i = close < 0 ? html.Length : Math.Max(i, FindTagEnd(html, close + 1) + 1);
                if (i <= 0)
                {
                    i = html.Length;
                }
                continue;
            }
            if (name == "pre")
            {
                pre += closing ? -1 : 1;
                pre = Math.Max(pre, 0);
            }
            if (Paragraphs.Contains(name))
            {
                Break(output, 2);
            }
            else if (Lines.Contains(name))
            {
                Break(output, 1);
                if (name == "li" && !closing)
                {
                    output.Append("- ");
                }
            }
            else if (name is "td" or "th" && !closing && output.Length > 0 && output[^1] != '\n')
            {
                output.Append('\t');
            }
            else if (name == "a")
            {
                if (!closing)
                {
                    href = Attribute(tag, "href");
                    linkTextStart = output.Length;
                }
                else if (href is not null)
                {
                    var linkText = output.ToString(linkTextStart, output.Length - linkTextStart).Trim();
                    var target = href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href[7..] : href;
                    if (IsShownTarget(href) && !string.Equals(linkText, target, StringComparison.OrdinalIgnoreCase))
                    {
                        output.Append(" <").Append(href).Append('>');
                    }
                    href = null;
                }
            }
            else if (name == "img" && !closing && Attribute(tag, "alt") is { Length: > 0 } alt)
            {
                output.Append(alt);
            }
        }
        return Tidy(output);
    }

    private static bool IsShownTarget(string href) =>
        href.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
        || href.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase);

    private static int FindTagEnd(string html, int from)
    {
        var quote = '\0';
        for (var k = from; k < html.Length; k++)
        {
            var c = html[k];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'' && k > from && html[k - 1] == '=')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return k;
            }
        }
        return -1;
    }

    private static string TagName(ReadOnlySpan<char> tag)
    {
        var length = 0;
        while (length < tag.Length && (char.IsAsciiLetterOrDigit(tag[length]) || tag[length] == ':'))
        {
            length++;
        }
        if (length == 0 || !char.IsAsciiLetter(tag[0]))
        {
            return string.Empty;
        }
        var name = tag[..length].ToString().ToLowerInvariant();
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? name[(colon + 1)..] : name;
    }

    private static string? Attribute(ReadOnlySpan<char> tag, string name)
    {
        var text = tag.ToString();
        var at = 0;
        while ((at = text.IndexOf(name, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = at == 0 ? ' ' : text[at - 1];
            var k = at + name.Length;
            at = k;
            if (!char.IsWhiteSpace(before))
            {
                continue;
            }
            while (k < text.Length && char.IsWhiteSpace(text[k]))
            {
                k++;
            }
            if (k >= text.Length || text[k] != '=')
            {
                continue;
            }
            k++;
            while (k < text.Length && char.IsWhiteSpace(text[k]))
            {
                k++;
            }
            if (k >= text.Length)
            {
                return null;
            }
            string value;
            if (text[k] is '"' or '\'')
            {
                var close = text.IndexOf(text[k], k + 1);
                value = close < 0 ? text[(k + 1)..] : text[(k + 1)..close];
            }
            else
            {
                var stop = k;
                while (stop < text.Length && !char.IsWhiteSpace(text[stop]) && text[stop] != '>')
                {
                    stop++;
                }
                value = text[k..stop];
            }
            return WebUtility.HtmlDecode(value).Trim();
        }
        return null;
    }

    private static void AppendText(StringBuilder output, ReadOnlySpan<char> raw, bool pre)
    {
        if (raw.IsEmpty)
        {
            return;
        }
        var decoded = raw.Contains('&') ? WebUtility.HtmlDecode(raw.ToString()) : raw.ToString();
        if (pre)
        {
            output.Append(decoded.ReplaceLineEndings("\n"));
            return;
        }
        foreach (var c in decoded)
        {
            if (char.IsWhiteSpace(c) && c != '\u00A0')
            {
                if (output.Length > 0 && output[^1] is not (' ' or '\n' or '\t'))
                {
                    output.Append(' ');
                }
                continue;
            }
            output.Append(c == '\u00A0' ? ' ' : c);
        }
    }

    private static void Break(StringBuilder output, int newlines)
    {
        while (output.Length > 0 && output[^1] is ' ' or '\t')
        {
            output.Length--;
        }
        if (output.Length == 0)
        {
            return;
        }
        var existing = 0;
        for (var k = output.Length - 1; k >= 0 && output[k] == '\n'; k--)
        {
            existing++;
        }
        for (var k = existing; k < newlines; k++)
        {
            output.Append('\n');
        }
    }

    private static string Tidy(StringBuilder output)
    {
        var lines = output.ToString().Split('\n');
        var result = new StringBuilder(output.Length);
        var blank = 0;
        foreach (var raw in lines)
        {
            var line = raw.Trim(' ', '\t');
            if (line.Length == 0)
            {
                blank++;
                continue;
            }
            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }
            blank = 0;
            result.Append(line);
        }
        return result.ToString();
    }
}
