using System.Collections.Frozen;

namespace MailComplaints.Intake.Text;

/// <summary>Month names, weekday names and counting words in Dutch and English, with their abbreviations.</summary>
internal static class DateVocabulary
{
    /// <summary>The month alternation for the patterns; longer names first so that "juni" is not read as "jun".</summary>
    public const string MonthPattern =
        "januari|january|februari|february|maart|march|april|mei|may|juni|june|juli|july|augustus|august|september|oktober|october|november|december|"
        + "jan|feb|mrt|mar|apr|jun|jul|aug|sept|sep|okt|oct|nov|dec";

    public const string WeekdayPattern = "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday";

    /// <summary>Short weekday names; only believed in front of a day number ("ma 2 nov"), as "do" and "zo" are words too.</summary>
    public const string WeekdayAbbreviationPattern = "ma|di|wo|do|vr|za|zo|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun";

    public const string CountPattern = "één|een|a|an|one|twee|two|drie|three|vier|four|vijf|five|zes|six|zeven|seven|acht|eight|negen|nine|tien|ten|[0-9]{1,2}";

    public static readonly FrozenDictionary<string, int> Months = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["januari"] = 1, ["january"] = 1, ["jan"] = 1,
        ["februari"] = 2, ["february"] = 2, ["feb"] = 2,
        ["maart"] = 3, ["march"] = 3, ["mrt"] = 3, ["mar"] = 3,
        ["april"] = 4, ["apr"] = 4,
        ["mei"] = 5, ["may"] = 5,
        ["juni"] = 6, ["june"] = 6, ["jun"] = 6,
        ["juli"] = 7, ["july"] = 7, ["jul"] = 7,
        ["augustus"] = 8, ["august"] = 8, ["aug"] = 8,
        ["september"] = 9, ["sept"] = 9, ["sep"] = 9,
        ["oktober"] = 10, ["october"] = 10, ["okt"] = 10, ["oct"] = 10,
        ["november"] = 11, ["nov"] = 11,
        ["december"] = 12, ["dec"] = 12,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static readonly FrozenDictionary<string, DayOfWeek> Weekdays = new Dictionary<string, DayOfWeek>(StringComparer.OrdinalIgnoreCase)
    {
        ["maandag"] = DayOfWeek.Monday, ["monday"] = DayOfWeek.Monday,
        ["dinsdag"] = DayOfWeek.Tuesday, ["tuesday"] = DayOfWeek.Tuesday,
        ["woensdag"] = DayOfWeek.Wednesday, ["wednesday"] = DayOfWeek.Wednesday,
        ["donderdag"] = DayOfWeek.Thursday, ["thursday"] = DayOfWeek.Thursday,
        ["vrijdag"] = DayOfWeek.Friday, ["friday"] = DayOfWeek.Friday,
        ["zaterdag"] = DayOfWeek.Saturday, ["saturday"] = DayOfWeek.Saturday,
        ["zondag"] = DayOfWeek.Sunday, ["sunday"] = DayOfWeek.Sunday,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, int> Counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["een"] = 1, ["één"] = 1, ["a"] = 1, ["an"] = 1, ["one"] = 1,
        ["twee"] = 2, ["two"] = 2, ["drie"] = 3, ["three"] = 3, ["vier"] = 4, ["four"] = 4,
        ["vijf"] = 5, ["five"] = 5, ["zes"] = 6, ["six"] = 6, ["zeven"] = 7, ["seven"] = 7,
        ["acht"] = 8, ["eight"] = 8, ["negen"] = 9, ["nine"] = 9, ["tien"] = 10, ["ten"] = 10,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static int Count(string word) =>
        Counts.TryGetValue(word, out var count) ? count : int.Parse(word, System.Globalization.CultureInfo.InvariantCulture);
}
