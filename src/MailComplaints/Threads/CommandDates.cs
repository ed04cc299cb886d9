using System.Globalization;
using System.Text.RegularExpressions;
using MailComplaints.Intake.Text;

namespace MailComplaints.Threads;

/// <summary>
/// Reads the date a handler writes at the start of a command's text: <c>2027-03-03</c>, <c>3-3-2027</c>, <c>3/3/2027</c>,
/// <c>3.3.2027</c> (day first), <c>3 maart 2027</c>, <c>3 mrt 2027</c>, <c>3 March 2027</c>, <c>March 3, 2027</c>,
/// <c>Mar 3 2027</c>. The year is required: a term is never guessed. Dates that do not exist (31 februari) are refused.
/// </summary>
public static partial class CommandDates
{
    /// <summary>Reads a date at the start of <paramref name="text"/>; <paramref name="consumedLength"/> is how many characters it took, leading white space included.</summary>
    public static bool TryParse(string? text, out DateOnly date, out int consumedLength) => TryParse(text, out date, out consumedLength, out _);

    /// <summary>What is wrong with text that looks like a date: <see cref="CommandProblem.NotADate"/> or <see cref="CommandProblem.NoYear"/>, and the text.</summary>
    internal sealed record DateProblem(CommandProblem Problem, string Found);

    /// <summary>As <see cref="TryParse(string?, out DateOnly, out int)"/>; <paramref name="problem"/> says why text that looks like a date is not one, and is null when nothing at the start looks like a date.</summary>
    internal static bool TryParse(string? text, out DateOnly date, out int consumedLength, out DateProblem? problem)
    {
        date = default;
        consumedLength = 0;
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        foreach (var pattern in new[] { Iso(), Numeric(), DayMonthYear(), MonthDayYear() })
        {
            var match = pattern.Match(text);
            if (!match.Success)
            {
                continue;
            }
            var month = match.Groups["mn"].Success ? DateVocabulary.Months[match.Groups["mn"].Value] : Number(match.Groups["m"].Value);
            var (day, year) = (Number(match.Groups["d"].Value), Number(match.Groups["y"].Value));
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                problem = new DateProblem(CommandProblem.NotADate, match.Value.Trim());
                return false;
            }
            date = new DateOnly(year, month, day);
            consumedLength = match.Length;
            return true;
        }
        if (WithoutYear().Match(text) is { Success: true } partial)
        {
            problem = new DateProblem(CommandProblem.NoYear, partial.Value.Trim());
        }
        return false;
    }

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private const string End = @"(?![\p{L}\p{N}]|[-/.]\p{N})";
    private const string Month = "(?<mn>" + DateVocabulary.MonthPattern + @")(?!\p{L})\.?";

    [GeneratedRegex(@"^\s*(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})" + End, RegexOptions.CultureInvariant)]
    private static partial Regex Iso();

    [GeneratedRegex(@"^\s*(?<d>\d{1,2})(?<s>[-/.])(?<m>\d{1,2})\k<s>(?<y>\d{4})" + End, RegexOptions.CultureInvariant)]
    private static partial Regex Numeric();

    [GeneratedRegex(@"^\s*(?<d>\d{1,2})(?:st|nd|rd|th|ste|de|e)?\.?\s+" + Month + @",?\s+(?<y>\d{4})" + End, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"^\s*" + Month + @"\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>\d{4})" + End, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthDayYear();

    // Only to say what is wrong: a day and a month with no year or a short one ("3 maart", "3-3", "3-3-27").
    [GeneratedRegex(@"^\s*(?:\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{1,3})?(?!\p{N})|\d{1,2}\.?\s+(?:" + DateVocabulary.MonthPattern + @")(?!\p{L})\.?(?:,?\s+\d{1,3}(?!\p{N}))?|(?:" + DateVocabulary.MonthPattern + @")(?!\p{L})\.?\s+\d{1,2}(?!\p{N}))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WithoutYear();
}
