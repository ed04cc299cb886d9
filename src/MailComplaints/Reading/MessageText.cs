using System.Text;
using MimeKit;
using MimeKit.Text;

namespace MailComplaints.Reading;

/// <summary>
/// The text the worker registers, chosen the way a reader sees the message (RFC 2046 sections 5.1.3–5.1.5, RFC 2387).
/// Unlike MimeKit's <c>TextBody</c>, which takes only the first text of a multipart/mixed, every inline text part is
/// kept, as RFC 8621's textBody does: a complaint written around an attached photo is one text. text/enriched and
/// text/richtext are read; so is a lone part whose Content-Type cannot be parsed (RFC 2045 section 5.2: then it is
/// text/plain). HTML becomes text through <see cref="HtmlToText"/>. Line ends are "\n".
/// </summary>
public static class MessageText
{
    private const int MaxDepth = 100;

    /// <summary>The text of <paramref name="message"/>, without white space at either end; null when it has none.</summary>
    public static string? Of(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.Body is { } body ? TextOf(body, 0)?.ReplaceLineEndings("\n").Trim() : null;
        return text;
    }

    private static string? TextOf(MimeEntity entity, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }
        switch (entity)
        {
            case MimePart part when MessageParts.IsAttachment(part) && !(depth == 0 && HasUnreadableContentType(part)):
                return null;
            case TextPart part when part.IsHtml:
                return HtmlToText.Convert(part.Text);
            case TextPart part when part.IsEnriched || part.IsRichText:
                return EnrichedToText(part.Text);
            case TextPart part when part.ContentType.MediaSubtype.ToLowerInvariant() is "calendar" or "x-vcard" or "vcard":
                return null;
            case TextPart part:
                return Plain(part);
            case MimePart part when depth == 0 && HasUnreadableContentType(part):
                return MessageParts.Text(part);
            case MimePart:
                return null;
            case TextRfc822Headers:
                return null;
            case MessagePart { Message.Body: { } enclosed } message when depth == 0 || message.ContentType.IsMimeType("message", "rfc822"):
                return TextOf(enclosed, depth + 1);
            case Multipart multipart when multipart.Count == 0:
                return null;
            case MultipartAlternative alternative:
                return Alternative(alternative, depth);
            case MultipartRelated related:
                // The root; when it holds no text (a misplaced root), the first part that does.
                var root = related.Root ?? related[0];
                return TextOf(root, depth + 1) ?? FirstText(related.Where(part => part != root), depth);
            case MultipartReport report:
                // RFC 6522 section 3: the first part is for people; when it holds nothing, show the report fields.
                return TextOf(report[0], depth + 1) ?? ReportFields(report);
            case Multipart multipart:
                // In a digest the enclosed messages are the content (RFC 2046 section 5.1.5); elsewhere they are attachments.
                var digest = multipart.ContentType.IsMimeType("multipart", "digest");
                var texts = multipart.Where(part => digest || part is not MessagePart)
                    .Select(part => TextOf(part, depth + 1))
                    .Where(text => !string.IsNullOrWhiteSpace(text))
                    .ToList();
                if (texts.Count == 0 && !digest)
                {
                    // A bare forward: no text of its own, the forwarded message is what was sent.
                    return multipart.OfType<MessagePart>().Where(part => part is not TextRfc822Headers).Select(part => part.Message?.Body).OfType<MimeEntity>()
                        .Select(enclosed => TextOf(enclosed, depth + 1)).FirstOrDefault(text => !string.IsNullOrWhiteSpace(text));
                }
                return texts.Count == 0 ? null : string.Join("\n\n", texts);
            default:
                return null;
        }
    }

    // MimeKit gives a part whose Content-Type it cannot parse application/octet-stream; the header says otherwise.
    private static bool HasUnreadableContentType(MimePart part) =>
        part.Headers[HeaderId.ContentType] is { } value && !ContentType.TryParse(value, out _)
        && part.ContentDisposition is null && part.ContentType.IsMimeType("application", "octet-stream");

    private static string? FirstText(IEnumerable<MimeEntity> parts, int depth) =>
        parts.Select(part => TextOf(part, depth + 1)).FirstOrDefault(text => !string.IsNullOrWhiteSpace(text));

    private static string? ReportFields(MultipartReport report) =>
        report.OfType<MimePart>()
            .FirstOrDefault(part => part is MessageDeliveryStatus or MessageDispositionNotification or MessageFeedbackReport
                || part.ContentType.IsMimeType("message", "global-delivery-status") || part.ContentType.IsMimeType("message", "global-disposition-notification"))
            is { } fields ? MessageParts.Text(fields) : null;

    private static string? Alternative(MultipartAlternative alternative, int depth)
    {
        // Each alternative's text is computed once: nested alternatives would otherwise cost exponential time.
        var texts = new string?[alternative.Count];
        var computed = new bool[alternative.Count];
        string? Text(int i)
        {
            if (!computed[i])
            {
                texts[i] = TextOf(alternative[i], depth + 1);
                computed[i] = true;
            }
            return texts[i];
        }

        // RFC 2046 section 5.1.4 orders alternatives from plainest to richest; the worker wants the plain one.
        for (var i = 0; i < alternative.Count; i++)
        {
            if (ContainsPlain(alternative[i]) && Text(i) is { } plain && !string.IsNullOrWhiteSpace(plain))
            {
                return plain;
            }
        }
        for (var i = alternative.Count - 1; i >= 0; i--)
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
        TextPart part => part.IsPlain,
        Multipart multipart => multipart.Any(ContainsPlain),
        _ => false,
    };

    private static string Plain(TextPart part)
    {
        var text = part.Text;
        if (!part.IsFlowed)
        {
            return text;
        }
        var deleteSpace = string.Equals(part.ContentType.Parameters["delsp"], "yes", StringComparison.OrdinalIgnoreCase);
        return new FlowedToText { DeleteSpace = deleteSpace }.Convert(text);
    }

    /// <summary>text/enriched (RFC 1896) and the older text/richtext: formatting commands dropped, "&lt;&lt;" is "&lt;".</summary>
    private static string EnrichedToText(string enriched)
    {
        var text = new StringBuilder(enriched.Length);
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
}
