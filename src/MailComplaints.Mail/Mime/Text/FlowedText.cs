using System.Text;

namespace MailComplaints.Mail.Mime.Text;

/// <summary>Reads format=flowed text (RFC 3676): soft line breaks joined, space-stuffing removed, quote depth kept.</summary>
public static class FlowedText
{
    /// <summary>Joins flowed lines into paragraphs; with <paramref name="delSp"/> the space before a soft break is removed (section 4.2).</summary>
    public static string Unwrap(string text, bool delSp)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.ReplaceLineEndings("\n");
        var lines = (normalized.EndsWith('\n') ? normalized[..^1] : normalized).Split('\n');
        var result = new StringBuilder(text.Length);
        var paragraph = new StringBuilder();
        var paragraphDepth = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var depth = 0;
            while (depth < line.Length && line[depth] == '>')
            {
                depth++;
            }
            var content = line[depth..];
            if (content.StartsWith(' '))
            {
                content = content[1..]; // space-stuffing (section 4.4)
            }
            if (paragraphDepth >= 0 && depth != paragraphDepth)
            {
                // A quote depth change ends a paragraph even after a soft break (section 4.5).
                EndParagraph(result, paragraph, paragraphDepth);
            }
            paragraphDepth = depth;
            var soft = content.EndsWith(' ') && content != "-- ";
            if (soft && delSp)
            {
                content = content[..^1];
            }
            paragraph.Append(content);
            if (!soft)
            {
                EndParagraph(result, paragraph, depth);
                paragraphDepth = -1;
            }
        }
        if (paragraph.Length > 0)
        {
            EndParagraph(result, paragraph, Math.Max(paragraphDepth, 0));
        }
        if (!text.EndsWith('\n') && result.Length > 0 && result[^1] == '\n')
        {
            result.Length--;
        }
        return result.ToString();
    }

    private static void EndParagraph(StringBuilder result, StringBuilder paragraph, int depth)
    {
        if (depth > 0)
        {
            result.Append('>', depth).Append(' ');
        }
        result.Append(paragraph).Append('\n');
        paragraph.Clear();
    }
}
