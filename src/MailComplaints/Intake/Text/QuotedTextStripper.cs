using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace MailComplaints.Intake.Text;

/// <summary>
/// Keeps what the sender wrote in this message and drops what they did not: lines quoted with "&gt;",
/// an earlier mail below an attribution line ("Op … schreef …:", "On … wrote:") or below a header block
/// ("-----Original Message-----", Outlook's line of underscores, "Van: … Verzonden: …", "From: … Sent: …"), and the
/// signature (after a "-- " line, a closing such as "Met vriendelijke groet" or "Kind regards", or the line a phone or
/// mail app adds: "Verstuurd vanaf mijn iPhone", "Get Outlook for Android"). Works line by line in one
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
    public static string OwnText(string? text) => OwnText(text, keepClosing: false);

    /// <summary>
    /// The sender's own text with its closing and what follows it ("Met vriendelijke groet,", a name): a message to pass
    /// on as it was written. Quoted mail, a "-- " signature and the line a phone or mail app adds still go.
    /// </summary>
    public static string OwnTextWithClosing(string? text) => OwnText(text, keepClosing: true);

    private static string OwnText(string? text, bool keepClosing)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        var lines = new Lines(text.Replace("\r\n", "\n", StringComparison.Ordinal));
        // Most mail keeps its first lines as they are: then the own text is a prefix of the text, cut without copying line by line.
        StringBuilder? own = null;
        var kept = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            // Nearly every line starts so that no check can take it, and is kept without running them.
            var checks = MayEndOrBeLeftOut(lines[i]);
            if (checks && EndsOwnText(lines, i, keepClosing))
            {
                break;
            }
            if (checks && (IsQuoted(lines[i]) || IsAttributionAboveQuotes(lines, i)))
            {
                own ??= new StringBuilder(text.Length).Append(lines.Text.AsSpan(0, lines.StartOf(kept)));
                continue;
            }
            if (own is null)
            {
                kept++;
            }
            else
            {
                own.Append(lines[i]).Append('\n');
            }
        }
        if (own is not null)
        {
            return own.ToString().TrimEnd();
        }
        var prefix = lines.Text.AsSpan(0, lines.EndOf(kept - 1)).TrimEnd();
        return prefix.Length == lines.Text.Length ? lines.Text : prefix.ToString();
    }

    /// <summary>The lines of a text split at '\n', as <see cref="string.Split(char, StringSplitOptions)"/> would, without copying them.</summary>
    private readonly struct Lines
    {
        private readonly int[] starts;

        public Lines(string text)
        {
            Text = text;
            starts = new int[text.AsSpan().Count('\n') + 2];
            var line = 1;
            for (var at = text.IndexOf('\n'); at >= 0; at = text.IndexOf('\n', at + 1))
            {
                starts[line++] = at + 1;
            }
            // One past the end, as if a line break followed the last line.
            starts[line] = text.Length + 1;
        }

        public string Text { get; }

        public int Count => starts.Length - 1;

        public ReadOnlySpan<char> this[int index] => Text.AsSpan(starts[index], EndOf(index) - starts[index]);

        public int StartOf(int index) => starts[index];

        // Where line index ends, before its line break; 0 for the line before the first.
        public int EndOf(int index) => index < 0 ? 0 : starts[index + 1] - 1;
    }

    private static bool IsQuoted(ReadOnlySpan<char> line) => line.TrimStart().StartsWith('>');

    private static bool EndsOwnText(Lines lines, int index, bool keepClosing)
    {
        var line = lines[index];
        return line.TrimEnd().SequenceEqual("--")
            || (FirstAfterWhiteSpace(line, 3) == '_' && UnderscoreSeparator().IsMatch(line))
            || (MayBeForwardSeparator(line) && ForwardSeparator().IsMatch(line))
            || (line.Length <= ClosingLineMaxLength && MayBeClosing(line) && (MailAppLine().IsMatch(line) || (!keepClosing && Closing().IsMatch(line))))
            || (MayBeHeaderFrom(line) && HeaderFrom().IsMatch(line) && AnyOfNext(lines, index, HeaderSent))
            || (Attribution(lines, index) && !NextTextIsQuoted(lines, index));
    }

    // Every check below needs the line to start (after white space) with one of these: "--", a separator or "begin", a
    // closing, "*From:" or "Van:", an attribution "Op"/"On"/"Am", a quote mark. Other non-ASCII letters go on to the checks.
    private static bool MayEndOrBeLeftOut(ReadOnlySpan<char> line)
    {
        var start = line.IndexOfAnyExcept(WhiteSpace);
        return start >= 0 && (!char.IsAscii(line[start]) || FirstCharactersThatMatter.Contains(line[start]));
    }

    private static readonly SearchValues<char> FirstCharactersThatMatter = SearchValues.Create("-_*>abcdfghkmorstvwyABCDFGHKMORSTVWY");

    // The white space of \s, which is char.IsWhiteSpace: ASCII's and the Unicode separators.
    private static readonly SearchValues<char> WhiteSpace = SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(code => (char)code).Where(char.IsWhiteSpace).ToArray());

    // The patterns below are tried on every line; each is first checked against the character it must start with,
    // which rejects nearly every line of a complaint without running the pattern. Non-ASCII characters always go on
    // to the pattern, which decides about case-insensitive equivalents (Kelvin sign, long s) as it always did.

    // ^\s{0,3} followed by '-' or "begin".
    private static bool MayBeForwardSeparator(ReadOnlySpan<char> line) =>
        FirstAfterWhiteSpace(line, 3) is '-' or 'b' or 'B' or >= '\u0080';

    // ^\s{0,10} (with \s{0,3} more inside) followed by the first two letters of a closing: "met", "groet", "mvg", "m.v.g.",
    // "vr.", "kind regards", "yours sincerely", "cheers", "verzonden vanaf", ….
    private static bool MayBeClosing(ReadOnlySpan<char> line)
    {
        var start = line.TrimStart();
        if (start.Length < 2)
        {
            return false;
        }
        if (!char.IsAscii(start[0]) || !char.IsAscii(start[1]))
        {
            return true;
        }
        return ((char)(start[0] | 0x20), (char)(start[1] | 0x20)) switch
        {
            ('m', _) => true,
            ('v', 'r' or 'i' or 'e') or ('h', 'a' or 'o') or ('s', 'i' or 'e') => true,
            ('g', 'e') or ('o', 'u') or ('d', 'o') or ('b', 'e') or ('w', 'a') or ('g', 'r') or ('k', 'i') or ('r', 'e') or ('y', 'o') or ('f', 'a') or ('t', 'r') or ('c', 'h') => true,
            _ => false,
        };
    }

    // A colon, and ^\s{0,3} followed by "*", "van", "from" or "von".
    private static bool MayBeHeaderFrom(ReadOnlySpan<char> line) =>
        line.Contains(':') && FirstAfterWhiteSpace(line, 3) is '*' or 'v' or 'V' or 'f' or 'F' or >= '\u0080';

    // The first character after at most maxWhiteSpace white-space characters (\s); '\0' when the line ends first or more white space follows.
    private static char FirstAfterWhiteSpace(ReadOnlySpan<char> line, int maxWhiteSpace)
    {
        var i = 0;
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            if (i++ == maxWhiteSpace)
            {
                return '\0';
            }
        }
        return i < line.Length ? line[i] : '\0';
    }

    // Bottom-posting: the attribution sits above "&gt;" lines and the sender's answer follows below them.
    private static bool IsAttributionAboveQuotes(Lines lines, int index) => Attribution(lines, index) && NextTextIsQuoted(lines, index);

    private static bool Attribution(Lines lines, int index)
    {
        var trimmed = lines[index].Trim();
        if (!trimmed.StartsWith("Op ", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("On ", StringComparison.OrdinalIgnoreCase)
            && !trimmed.StartsWith("Am ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var line = trimmed.ToString();
        // Mail programs wrap long attribution lines, so the verb may stand on the next line.
        var joined = index + 1 < lines.Count && !line.EndsWith(':') ? string.Concat(line, " ", lines[index + 1].Trim()) : line;
        return joined.EndsWith(':')
            && (joined.Contains(" schreef", StringComparison.OrdinalIgnoreCase)
                || joined.Contains(" wrote", StringComparison.OrdinalIgnoreCase)
                || joined.Contains(" schrieb", StringComparison.OrdinalIgnoreCase));
    }

    private static bool NextTextIsQuoted(Lines lines, int index)
    {
        for (var next = index + 1; next < lines.Count && next <= index + 2; next++)
        {
            if (IsQuoted(lines[next]))
            {
                return true;
            }
        }
        return false;
    }

    private static bool AnyOfNext(Lines lines, int index, Func<Regex> pattern)
    {
        for (var next = index + 1; next < lines.Count && next <= index + HeaderBlockLines; next++)
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

    [GeneratedRegex(@"^\s{0,10}(?:(?:met\s{1,3})?(?:vriendelijke|hartelijke|beste|warme|vr\.?)?\s{0,3}(?:groet|groeten|groetjes|gr\.)|mvg|m\.?\s?v\.?\s?g\.?|hoogachtend|(?:kind|best|warm|kindest|many)?\s{0,3}regards|(?:yours\s{1,3})?(?:sincerely|faithfully|truly)|best wishes|cheers|mit freundlichen grüßen|(?:viele|beste)\s{1,3}grüße)(?!\w)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Closing();

    // The line a phone or mail app adds below what was written.
    [GeneratedRegex(@"^\s{0,10}(?:(?:verzonden|verstuurd) (?:vanaf|met|vanuit|via) (?:mijn|outlook|mail|yahoo|bluemail|gmail)|(?:sent|get) (?:from|with|via) (?:my|outlook|mail for|yahoo|bluemail|gmail)|get outlook for|(?:download )?outlook voor (?:ios|android))(?!\w)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MailAppLine();

    // Outlook's separator above the earlier mail it quotes.
    [GeneratedRegex(@"^\s{0,3}_{8,}\s*$")]
    private static partial Regex UnderscoreSeparator();

    [GeneratedRegex(@"^\s{0,3}\*{0,2}(?:van|from|von)\*{0,2}\s{0,3}:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^\s{0,3}\*{0,2}(?:verzonden|sent|datum|date|gesendet)\*{0,2}\s{0,3}:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderSent();
}
