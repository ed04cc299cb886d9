using System.Text;
using MimeKit.Text;

namespace MailComplaints.Reading;

/// <summary>
/// Turns an HTML body into readable text: block elements become line breaks and paragraphs, list items get a dash,
/// link targets are kept after the link text, images by their alt text; scripts, styles, the head and comments are
/// dropped. Built on MimeKit's <see cref="HtmlTokenizer"/> (HTML5 tokenizing rules, entities decoded, raw-text
/// elements handled) rather than AngleSharp: a complaint needs its words in order, not a document tree, and a
/// token stream costs memory in proportion to the text, whatever the nesting of hostile HTML.
/// </summary>
public static class HtmlToText
{
    private static readonly HashSet<string> Paragraphs = new(StringComparer.Ordinal)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "pre", "hr", "section", "article", "header", "footer", "address", "dl",
    };

    private static readonly HashSet<string> Lines = new(StringComparer.Ordinal) { "br", "tr", "li", "dt", "dd", "caption" };

    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "script", "style", "head", "title", "template", "noscript", "xml" };

    /// <summary>The readable text of <paramref name="html"/>.</summary>
    public static string Convert(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var output = new StringBuilder(html.Length / 2);
        string? href = null;
        var linkTextStart = 0;
        var pre = 0;
        string? skipping = null;
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader);
        while (tokenizer.ReadNextToken(out var token))
        {
            if (token is HtmlTagToken tag)
            {
                var name = LocalName(tag.Name);
                if (skipping is not null)
                {
                    if (tag.IsEndTag && name == skipping)
                    {
                        skipping = null;
                    }
                    continue;
                }
                if (!tag.IsEndTag && !tag.IsEmptyElement && Skipped.Contains(name))
                {
                    skipping = name;
                    continue;
                }
                Tag(output, tag, name, ref href, ref linkTextStart, ref pre);
            }
            else if (token is HtmlDataToken data && skipping is null && token is not HtmlScriptDataToken)
            {
                AppendText(output, data.Data, pre > 0);
            }
        }
        return Tidy(output);
    }

    private static void Tag(StringBuilder output, HtmlTagToken tag, string name, ref string? href, ref int linkTextStart, ref int pre)
    {
        var closing = tag.IsEndTag;
        if (name == "pre")
        {
            pre = Math.Max(pre + (closing ? -1 : 1), 0);
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

    // "o:p" (Word's paragraphs) is "p".
    private static string LocalName(string name)
    {
        var lower = name.ToLowerInvariant();
        var colon = lower.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? lower[(colon + 1)..] : lower;
    }

    private static string? Attribute(HtmlTagToken tag, string name) =>
        tag.Attributes.FirstOrDefault(attribute => string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))?.Value?.Trim();

    private static bool IsShownTarget(string href) =>
        href.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
        || href.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase);

    private static void AppendText(StringBuilder output, string text, bool pre)
    {
        if (pre)
        {
            output.Append(text.ReplaceLineEndings("\n"));
            return;
        }
        foreach (var c in text)
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
        var result = new StringBuilder(output.Length);
        var blank = 0;
        foreach (var raw in output.ToString().Split('\n'))
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
