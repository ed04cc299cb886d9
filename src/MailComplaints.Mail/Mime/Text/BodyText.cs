namespace MailComplaints.Mail.Mime.Text;

/// <summary>Chooses the text of a message the way a reader would see it (RFC 2046 sections 5.1.3-5.1.4, RFC 2387).</summary>
internal static class BodyText
{
    /// <summary>The text with every line break "\n"; with <paramref name="trim"/>, without white space at either end.</summary>
    public static string? GetText(MimeEntity body, bool trim)
    {
        // The usual mail is a lone text part: that is decoded straight into its final form, and both steps below give the same string back.
        var text = TextOf(body, depth: 0, trim)?.ReplaceLineEndings("\n");
        return trim ? text?.Trim() : text;
    }

    public static MimePart? FindPart(MimeEntity body, string subtype) =>
        Leaves(body).FirstOrDefault(part => part.ContentType.Is("text", subtype) && !part.IsAttachment);

    public static IEnumerable<MimePart> Attachments(MimeEntity body) =>
        Leaves(body).Where(part => part.IsAttachment);

    /// <summary>The leaf parts, in order, without descending into enclosed messages.</summary>
    public static IEnumerable<MimePart> Leaves(MimeEntity body)
    {
        var stack = new Stack<MimeEntity>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case MimePart part:
                    yield return part;
                    break;
                case Multipart multipart:
                    for (var i = multipart.Parts.Count - 1; i >= 0; i--)
                    {
                        stack.Push(multipart.Parts[i]);
                    }
                    break;
            }
        }
    }

    // trim: whether a lone text part may be trimmed while it is decoded; only the top call passes it, as only there is
    // the whole text trimmed anyway.
    private static string? TextOf(MimeEntity entity, int depth, bool trim = false)
    {
        if (depth > 100)
        {
            return null;
        }
        switch (entity)
        {
            case MimePart part when part.IsAttachment:
                return null;
            case MimePart part when part.ContentType.Is("text", "plain") || (part.ContentType.Is("text") && part.ContentType.MediaSubtype is not ("html" or "enriched" or "richtext" or "calendar" or "rfc822-headers" or "x-vcard" or "vcard")):
                return Plain(part, trim);
            case MimePart part when part.ContentType.Is("text", "html"):
                return HtmlText.ToText(part.GetText());
            case MimePart part when part.ContentType.Is("text", "enriched") || part.ContentType.Is("text", "richtext"):
                return EnrichedToText(part.GetText());
            case MimePart:
                return null;
            case MessagePart message when depth == 0 || message.ContentType.Is("message", "rfc822"):
                return TextOf(message.Message.Body, depth + 1);
            case Multipart multipart when multipart.ContentType.Is("multipart", "alternative"):
                return Alternative(multipart, depth);
            case Multipart multipart when multipart.ContentType.Is("multipart", "related"):
                // The root; when it holds no text (a misplaced root), the first part that does.
                if (multipart.Parts.Count == 0)
                {
                    return null;
                }
                var root = Root(multipart);
                return TextOf(root, depth + 1) ?? FirstText(multipart.Parts.Where(part => part != root), depth);
            case Multipart multipart when multipart.ContentType.Is("multipart", "report"):
                // RFC 6522 section 3: the first part is for people; when it is missing, show the report fields.
                return multipart.Parts.Count == 0 ? null : TextOf(multipart.Parts[0], depth + 1) ?? ReportFields(multipart);
            case Multipart multipart:
                // In a digest the enclosed messages are the content (RFC 2046 section 5.1.5); elsewhere they are attachments.
                var digest = multipart.ContentType.Is("multipart", "digest");
                var texts = multipart.Parts.Where(part => digest || part is not MessagePart)
                    .Select(part => TextOf(part, depth + 1))
                    .Where(text => !string.IsNullOrWhiteSpace(text))
                    .ToList();
                if (texts.Count == 0 && !digest)
                {
                    // A bare forward: no text of its own, the forwarded message is what was sent.
                    return multipart.Parts.OfType<MessagePart>().Select(part => TextOf(part.Message.Body, depth + 1)).FirstOrDefault(text => !string.IsNullOrWhiteSpace(text));
                }
                return texts.Count == 0 ? null : string.Join("\n\n", texts);
            default:
                return null;
        }
    }

    private static string? FirstText(IEnumerable<MimeEntity> parts, int depth) =>
        parts.Select(part => TextOf(part, depth + 1)).FirstOrDefault(text => !string.IsNullOrWhiteSpace(text));

    private static string? ReportFields(Multipart report) =>
        report.Parts.OfType<MimePart>()
            .FirstOrDefault(part => part.ContentType.Is("message") && part.ContentType.MediaSubtype.EndsWith("-notification", StringComparison.Ordinal)
                || part.ContentType.Is("message", "delivery-status") || part.ContentType.Is("message", "feedback-report"))
            ?.GetText();

    /// <summary>text/enriched (RFC 1896) and the older text/richtext: formatting commands dropped, "&lt;&lt;" is "&lt;".</summary>
    private static string EnrichedToText(string enriched)
    {
        var text = new System.Text.StringBuilder(enriched.Length);
        for (var i = 0; i < enriched.Length; i++)
        {
            if (enriched[i] != '<')
            {
                text.Append(enriched[i]);
                continue;
            }
            if (i + 1 < enriched.Length && enriched[i + 1] == '<')
            {
                text.Append('<');
                i++;
                continue;
            }
            var close = enriched.IndexOf('>', i);
            if (close < 0)
            {
                text.Append(enriched, i, enriched.Length - i);
                break;
            }
            var command = enriched.AsSpan(i + 1, close - i - 1).Trim();
            if (command.Equals("nl", StringComparison.OrdinalIgnoreCase) || command.Equals("np", StringComparison.OrdinalIgnoreCase))
            {
                text.Append('\n'); // richtext line and page breaks
            }
            i = close;
        }
        return text.ToString();
    }

    private static string? Alternative(Multipart multipart, int depth)
    {
        // Each alternative's text is computed once: nested alternatives would otherwise cost exponential time.
        var texts = new string?[multipart.Parts.Count];
        var computed = new bool[multipart.Parts.Count];
        string? Text(int i)
        {
            if (!computed[i])
            {
                texts[i] = TextOf(multipart.Parts[i], depth + 1);
                computed[i] = true;
            }
            return texts[i];
        }

        // RFC 2046 section 5.1.4 orders alternatives from plainest to richest; the worker wants the plain one.
        for (var i = 0; i < multipart.Parts.Count; i++)
        {
            if (ContainsPlain(multipart.Parts[i]) && Text(i) is { } plain && !string.IsNullOrWhiteSpace(plain))
            {
                return plain;
            }
        }
        for (var i = multipart.Parts.Count - 1; i >= 0; i--)
        {
            if (Text(i) is { } text && !string.IsNullOrWhiteSpace(text))
            {
                return text;
            }
        }
        return null;
    }

    private static bool ContainsPlain(MimeEntity entity) => entity switch
    {
        MimePart part => part.ContentType.Is("text", "plain"),
        Multipart multipart => multipart.Parts.Any(ContainsPlain),
        _ => false,
    };

    private static MimeEntity Root(Multipart related)
    {
        // RFC 2387 section 3.2: the start parameter names the root by Content-ID; else it is the first part.
        var start = related.ContentType.Parameters["start"]?.Trim('<', '>', ' ');
        return (start is null ? null : related.Parts.FirstOrDefault(part => part.ContentId == start)) ?? related.Parts[0];
    }

    private static string Plain(MimePart part, bool trim)
    {
        var format = part.ContentType.Parameters["format"];
        if (string.Equals(format, "flowed", StringComparison.OrdinalIgnoreCase))
        {
            var delSp = string.Equals(part.ContentType.Parameters["delsp"], "yes", StringComparison.OrdinalIgnoreCase);
            return FlowedText.Unwrap(part.GetText(), delSp);
        }
        return part.GetLines(trim);
    }
}
