using System.Text;
using System.Text.RegularExpressions;

namespace MailComplaints.Intake.Text;

/// <summary>
/// Keeps what the sender wrote in this message and drops what they did not: lines quoted with "&gt;",
/// an earlier mail below an attribution line ("Op … schreef …:", "On … wrote:") or below a header block
/// ("-----Original Message-----", "Van: … Verzonden: …", "From: … Sent: …"), and the signature (after a
/// "-- " line or a closing such as "Met vriendelijke groet" or "Kind regards"). Works line by line in one
/// pass; the lines kept stay as they were.
/// </summary>
public static partial class QuotedTextStripper
{
    // An attribution or header block is only believed when its second half follows within a few lines.
    private const int HeaderBlockLines = 5;

    // A closing ends the message only as a short line of its own ("Met vriendelijke groet, Jan"), not
    // inside a sentence that happens to start with "Groeten".
    private const int ClosingLineMaxLength = 60;

    /// <summary>The sender's own text of <paramref name="text"/>; empty when there is none.</summary>
    public static string OwnText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var own = new StringBuilder(text.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (EndsOwnText(lines, i))
            {
                break;
            }
            if (IsQuoted(line) || IsAttributionAboveQuotes(lines, i))
            {
                continue;
            }
            own.Append(line).Append('\n');
        }
        return own.ToString().TrimEnd();
    }

    private static bool IsQuoted(string line) => line.TrimStart().StartsWith('>');

    private static bool EndsOwnText(string[] lines, int index)
    {
        var line = lines[index];
        return line.TrimEnd() == "--"
            || ForwardSeparator().IsMatch(line)
            || (line.Length <= ClosingLineMaxLength && Closing().IsMatch(line))
            || (HeaderFrom().IsMatch(line) && AnyOfNext(lines, index, HeaderSent))
            || (Attribution(lines, index) && !NextTextIsQuoted(lines, index));
    }

    // Bottom-posting: the attribution sits above "&gt;" lines and the sender's answer follows below them.
    private static bool IsAttributionAboveQuotes(string[] lines, int index) => Attribution(lines, index) && NextTextIsQuoted(lines, index);

    private static bool Attribution(string[] lines, int index)
    {
        var line = lines[index].Trim();
        if (!line.StartsWith("Op ", StringComparison.OrdinalIgnoreCase) && !line.StartsWith("On ", StringComparison.OrdinalIgnoreCase)
            && !line.StartsWith("Am ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        // Mail programs wrap long attribution lines, so the verb may stand on the next line.
        var joined = index + 1 < lines.Length && !line.EndsWith(':') ? line + " " + lines[index + 1].Trim() : line;
        return joined.EndsWith(':')
            && (joined.Contains(" schreef", StringComparison.OrdinalIgnoreCase)
                || joined.Contains(" wrote", StringComparison.OrdinalIgnoreCase)
                || joined.Contains(" schrieb", StringComparison.OrdinalIgnoreCase));
    }

    private static bool NextTextIsQuoted(string[] lines, int index)
    {
        for (var next = index + 1; next < lines.Length && next <= index + 2; next++)
        {
            if (IsQuoted(lines[next]))
            {
                return true;
            }
        }
        return false;
    }

    private static bool AnyOfNext(string[] lines, int index, Func<Regex> pattern)
    {
        for (var next = index + 1; next < lines.Length && next <= index + HeaderBlockLines; next++)
        {
            if (pattern().IsMatch(lines[next]))
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"^\s{0,3}-{2,40}\s{0,3}(?:original message|oorspronkelijk bericht|origineel bericht|forwarded message|doorgestuurd bericht|ursprüngliche nachricht|weitergeleitete nachricht)\s{0,3}-{0,40}\s*$|^\s{0,3}begin (?:forwarded message|doorgestuurd bericht)\s{0,3}:",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardSeparator();

    [GeneratedRegex(@"^\s{0,10}(?:(?:met\s{1,3})?(?:vriendelijke|hartelijke|beste|warme|vr\.?)?\s{0,3}(?:groet|groeten|groetjes|gr\.)|mvg|m\.?\s?v\.?\s?g\.?|hoogachtend|(?:kind|best|warm|kindest|many)?\s{0,3}regards|(?:yours\s{1,3})?(?:sincerely|faithfully|truly)|best wishes|cheers|mit freundlichen grüßen|(?:viele|beste)\s{1,3}grüße|verzonden (?:vanaf|met|vanuit) mijn|sent from my)(?!\w)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Closing();

    [GeneratedRegex(@"^\s{0,3}\*{0,2}(?:van|from|von)\*{0,2}\s{0,3}:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^\s{0,3}\*{0,2}(?:verzonden|sent|datum|date|gesendet)\*{0,2}\s{0,3}:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderSent();
}
