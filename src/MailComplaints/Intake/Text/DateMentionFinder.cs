using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using static MailComplaints.Intake.Text.DateVocabulary;

namespace MailComplaints.Intake.Text;

/// <summary>A phrase that names a day, where it stands, and the day it names (null: no such day, as 31/02).</summary>
internal readonly record struct FoundDate(int Index, int Length, string Phrase, DateOnly? Date, string Meaning);

/// <summary>A pattern for one kind of date phrase and how to read its match.</summary>
/// <param name="NeedsDigit">Whether every phrase it reads holds a day number, year or count in digits.</param>
internal sealed record Reader(Func<Regex> Pattern, Func<Match, DateOnly, FoundDate> Read, bool NeedsDigit = false);

/// <summary>
/// A reader to try where a word starts, with what must follow that word for the reader to have a chance: when
/// <paramref name="NextInitials"/> is set, one to three white-space characters and then a letter of it (or a
/// non-ASCII character, which the pattern judges itself).
/// </summary>
internal readonly record struct Attempt(Reader Reader, SearchValues<char>? NextInitials);

/// <summary>
/// Finds every phrase in a text that names a day and resolves it against the day of receipt. Which of them
/// the complaint is about is <see cref="IncidentDateReader"/>'s business. All patterns have bounded
/// quantifiers and no nested repetition, so each costs linear time in the text.
/// </summary>
internal static partial class DateMentionFinder
{
    // A missing year is sought back this far, which always reaches a leap year for 29 February.
    private const int YearsToLookBack = 8;

    // "De monteur komt op 25 november", written on 18 November, speaks of the coming day, not of last year's.
    private const int ComingDaysHorizon = 31;

    // The longest stretch from the start of a phrase to its first digit: "on Wednesday, September 3" has 22 characters
    // before the 3 ("on" and up to three spaces, the longest weekday, ".,", spaces, the longest month, ".", spaces).
    private const int MostCharactersBeforeDigit = 40;

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // Each pattern is tried only where a word that can start its phrases begins, anchored there with \G,
    // rather than letting every pattern scan every position: most words of a complaint start none. Before a
    // pattern runs, two cheap checks rule out most of the rest: a date needs a digit close by, and a phrase
    // that starts with a common word ("the", "this", "a") needs a next word with the right first letter.
    // Digits are [0-9], not \d, which would also take other scripts' digits that int.Parse refuses.
    private static readonly Reader Iso = new(IsoDate, Written, NeedsDigit: true);
    private static readonly Reader Numeric = new(NumericDate, Written, NeedsDigit: true);
    private static readonly Reader DayMonth = new(DayMonthDate, Written, NeedsDigit: true);
    private static readonly Reader MonthDay = new(MonthDayDate, Written, NeedsDigit: true);
    private static readonly Reader Relative = new(RelativeDay, RelativeDayOf);
    private static readonly Reader Weekday = new(RelativeWeekday, RelativeWeekdayOf);
    private static readonly Reader Period = new(PreviousPeriod, PreviousPeriodOf);
    private static readonly Reader Ago = new(TimeAgo, TimeAgoOf);

    private static readonly Attempt[] AfterDigit = [new(Iso, null), new(Numeric, null), new(DayMonth, null), new(Ago, null)];

    private static readonly FrozenDictionary<string, Attempt[]>.AlternateLookup<ReadOnlySpan<char>> ByFirstWord = FirstWordsOfPhrases();

    private static readonly int LongestFirstWord = ByFirstWord.Dictionary.Keys.Max(word => word.Length);

    private static readonly bool[] FirstWordShapes = ShapesOf(ByFirstWord.Dictionary.Keys.Where(word => word.All(char.IsAsciiLetter)));

    public static List<FoundDate> Find(string text, DateOnly received)
    {
        var found = new List<FoundDate>();
        var nextDigit = -1;
        // A phrase starts where a run of letters and digits starts; the rest of the run is skipped. Each character is looked at once.
        for (int start = 0, runEnd; start < text.Length; start = runEnd)
        {
            if (!char.IsLetterOrDigit(text[start]))
            {
                runEnd = start + 1;
                continue;
            }
            var wordEnd = start;
            while (wordEnd < text.Length && char.IsLetter(text[wordEnd]))
            {
                wordEnd++;
            }
            runEnd = wordEnd;
            while (runEnd < text.Length && char.IsLetterOrDigit(text[runEnd]))
            {
                runEnd++;
            }
            var attempts = char.IsAsciiDigit(text[start]) ? AfterDigit : AttemptsAfter(text.AsSpan(start, wordEnd - start));
            if (attempts.Length == 0)
            {
                continue;
            }
            if (nextDigit < start && nextDigit != int.MaxValue)
            {
                var digit = text.AsSpan(start).IndexOfAnyInRange('0', '9');
                nextDigit = digit < 0 ? int.MaxValue : start + digit;
            }
            foreach (var (reader, nextInitials) in attempts)
            {
                if ((reader.NeedsDigit && nextDigit - start >= MostCharactersBeforeDigit) || (nextInitials is not null && !NextWordMayStart(text, wordEnd, nextInitials)))
                {
                    continue;
                }
                // IsMatch allocates nothing; most attempts fail.
                if (reader.Pattern().IsMatch(text.AsSpan(), start))
                {
                    found.Add(reader.Read(reader.Pattern().Match(text, start), received));
                }
            }
        }
        return WithoutOverlaps(found);
    }

    private static Attempt[] AttemptsAfter(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || word.Length > LongestFirstWord)
        {
            return [];
        }
        // Nearly every word of a text starts no phrase; an ASCII word is first checked against the lengths and first and
        // last letters of those that do, which costs less than the case-insensitive hash of the lookup.
        if (Ascii.IsValid(word) && !FirstWordShapes[ShapeOf(word)])
        {
            return [];
        }
        return ByFirstWord.TryGetValue(word, out var attempts) ? attempts : [];
    }

    // Length, first and last letter (ASCII, either case) of a word of letters.
    private static int ShapeOf(ReadOnlySpan<char> word) => ((word.Length * 26) + ((word[0] | 0x20) - 'a')) * 26 + ((word[^1] | 0x20) - 'a');

    private static bool NextWordMayStart(string text, int wordEnd, SearchValues<char> initials)
    {
        var next = wordEnd;
        while (next < text.Length && next - wordEnd < 4 && char.IsWhiteSpace(text[next]))
        {
            next++;
        }
        return next > wordEnd && next - wordEnd <= 3 && next < text.Length && (!char.IsAscii(text[next]) || initials.Contains(text[next]));
    }

    private static FrozenDictionary<string, Attempt[]>.AlternateLookup<ReadOnlySpan<char>> FirstWordsOfPhrases()
    {
        var byWord = new Dictionary<string, List<Attempt>>(StringComparer.OrdinalIgnoreCase);
        void Starts(IEnumerable<string> words, string? nextInitials, params Reader[] readers)
        {
            var initials = nextInitials is null ? null : SearchValues.Create(nextInitials + nextInitials.ToUpperInvariant());
            foreach (var word in words.Where(word => char.IsLetter(word[0])))
            {
                if (!byWord.TryGetValue(word, out var list))
                {
                    byWord[word] = list = [];
                }
                // A word registered twice for a reader keeps the looser check.
                foreach (var reader in readers)
                {
                    var known = list.FindIndex(attempt => attempt.Reader == reader);
                    if (known < 0)
                    {
                        list.Add(new Attempt(reader, initials));
                    }
                    else if (list[known].NextInitials != initials)
                    {
                        list[known] = new Attempt(reader, null);
                    }
                }
            }
        }
        Starts(MonthPattern.Split('|'), null, MonthDay);
        Starts(WeekdayPattern.Split('|'), null, DayMonth, MonthDay, Weekday);
        Starts(WeekdayAbbreviationPattern.Split('|'), null, DayMonth, MonthDay);
        Starts(["op", "on"], null, Numeric, DayMonth, MonthDay);
        // "a week ago", "drie dagen geleden": a unit follows the count.
        Starts(CountPattern.Split('|'), "dwm", Ago);
        Starts(["eergisteren", "gisteren", "gisteravond", "gistermiddag", "gisterochtend", "gistermorgen", "gisternacht", "yesterday",
            "vandaag", "vanochtend", "vanmorgen", "vanmiddag", "vanavond", "vannacht", "today"], null, Relative);
        Starts(["the"], "d", Relative); // the day before yesterday
        Starts(["this"], "mae", Relative); // this morning, afternoon, evening
        Starts(["last"], "n", Relative); // last night
        Starts(["this"], "p", Weekday); // this past Friday; no previous period starts with "this"
        Starts(["last"], null, Weekday);
        Starts(["last"], "wmy", Period); // last week, month, year
        Starts(["afgelopen", "vorige"], null, Weekday, Period);
        Starts(["jongstleden", "past"], null, Weekday);
        Starts(["vorig", "previous"], null, Period);
        return byWord.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static bool[] ShapesOf(IEnumerable<string> words)
    {
        var shapes = new bool[(LongestFirstWord + 1) * 26 * 26];
        foreach (var word in words)
        {
            shapes[ShapeOf(word)] = true;
        }
        return shapes;
    }

    // "vorige week vrijdag" also holds "vorige week", and "the day before yesterday" holds "yesterday":
    // of phrases that overlap, the one that starts first wins, and of those the longest.
    private static List<FoundDate> WithoutOverlaps(List<FoundDate> found)
    {
        found.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : b.Length.CompareTo(a.Length));
        var kept = new List<FoundDate>(found.Count);
        var end = 0;
        foreach (var date in found)
        {
            if (date.Index >= end)
            {
                kept.Add(date);
                end = date.Index + date.Length;
            }
        }
        return kept;
    }

    private static FoundDate Written(Match match, DateOnly received)
    {
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        var month = match.Groups["mm"].Success
            ? int.Parse(match.Groups["mm"].Value, CultureInfo.InvariantCulture)
            : Months[match.Groups["month"].Value];
        var year = match.Groups["year"];
        if (match.Groups["lastYear"].Success)
        {
            var inLastYear = TryDate(received.Year - 1, month, day);
            return Found(match, inLastYear, inLastYear is null ? "no such day" : "a date in the year before the year of receipt");
        }
        if (!year.Success)
        {
            foreach (var candidate in (int[])[received.Year, received.Year + 1])
            {
                if (TryDate(candidate, month, day) is { } coming && coming > received && coming.DayNumber - received.DayNumber <= ComingDaysHorizon)
                {
                    return Found(match, coming, "a date without a year, at most a month after receipt: that coming day");
                }
            }
            for (var candidate = received.Year; candidate >= received.Year - YearsToLookBack; candidate--)
            {
                if (TryDate(candidate, month, day) is { } date && date <= received)
                {
                    return Found(match, date, "a date without a year: the most recent such day on or before receipt");
                }
            }
            return Found(match, null, "no such day");
        }
        var written = int.Parse(year.Value, CultureInfo.InvariantCulture);
        // "3-11-26": this century unless that lies ahead of the receipt year.
        var fullYear = year.Length != 2 ? written : 2000 + written <= received.Year ? 2000 + written : 1900 + written;
        var named = TryDate(fullYear, month, day);
        return Found(match, named, named is null ? "no such day" : "a date with its year");
    }

    private static DateOnly? TryDate(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    private static FoundDate RelativeDayOf(Match match, DateOnly received) =>
        match.Groups["before"].Success ? Found(match, received.AddDays(-2), "the day before yesterday")
        : match.Groups["yesterday"].Success ? Found(match, received.AddDays(-1), "yesterday")
        : Found(match, received, "the day of receipt");

    private static FoundDate RelativeWeekdayOf(Match match, DateOnly received)
    {
        var weekday = Weekdays[match.Groups["weekday"].Value];
        if (match.Groups["ofLastWeek"].Success)
        {
            var mondayOfLastWeek = MondayOf(received).AddDays(-7);
            return Found(match, mondayOfLastWeek.AddDays(((int)weekday + 6) % 7), "that weekday in the week before the week of receipt");
        }
        var back = ((int)received.DayOfWeek - (int)weekday + 7) % 7;
        return Found(match, received.AddDays(back == 0 ? -7 : -back), "the most recent such weekday before the day of receipt");
    }

    // A period resolves to its last day: the reading most favourable to the complainant.
    private static FoundDate PreviousPeriodOf(Match match, DateOnly received) =>
        match.Groups["week"].Success ? Found(match, MondayOf(received).AddDays(-1), "last week: its Sunday, the last day of the week before the week of receipt")
        : match.Groups["month"].Success ? Found(match, new DateOnly(received.Year, received.Month, 1).AddDays(-1), "last month: its last day")
        : Found(match, new DateOnly(received.Year - 1, 12, 31), "last year: its last day");

    private static FoundDate TimeAgoOf(Match match, DateOnly received)
    {
        var count = Count(match.Groups["count"].Value);
        var unit = match.Groups["unit"].Value.ToUpperInvariant();
        var date = unit.StartsWith('D') ? received.AddDays(-count)
            : unit.StartsWith('W') ? received.AddDays(-7 * count)
            : received.AddMonths(-count);
        return Found(match, date, string.Create(CultureInfo.InvariantCulture, $"{count} {(unit.StartsWith('D') ? "day" : unit.StartsWith('W') ? "week" : "month")}(s) before receipt"));
    }

    private static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static FoundDate Found(Match match, DateOnly? date, string meaning) => new(match.Index, match.Length, match.Value, date, meaning);

    // 2026-11-03
    [GeneratedRegex(@"\G(?<![\w/.-])(?<year>[0-9]{4})-(?<mm>[0-9]{1,2})-(?<day>[0-9]{1,2})(?![\w/-]|[.,][0-9])", Options)]
    private static partial Regex IsoDate();

    // 3/11, 3/11/2026, 03-11-2026, 3.11.2026, op 9-11. A hyphen needs the year or "op"/"on" in front ("3-5 werkdagen"
    // is no date), a dot needs the year ("1.5 uur"), and "24/7" is a slogan.
    [GeneratedRegex(@"\G(?:(?:op|on)\s{1,3}(?<day>[0-9]{1,2})-(?<mm>[0-9]{1,2})(?![\w/-]|[.,][0-9]|\s{1,3}(?:dag|dagen|week|weken|maand|maanden|uur|keer|days?|weeks?|months?|hours?|times)\b)|(?<![\w/.,-])(?!24/7(?![0-9/]))(?<day>[0-9]{1,2})(?:/(?<mm>[0-9]{1,2})(?:/(?<year>[0-9]{4}|[0-9]{2}))?|-(?<mm>[0-9]{1,2})-(?<year>[0-9]{4}|[0-9]{2})|\.(?<mm>[0-9]{1,2})\.(?<year>[0-9]{4}))(?![\w/-]|[.,][0-9]))", Options)]
    private static partial Regex NumericDate();

    // op 3 november 2026, maandag 2 november, ma 2 nov., 3rd of November, 3 Nov 2026
    [GeneratedRegex(@"\G\b(?:(?:op|on)\s{1,3})?(?:(?:" + WeekdayPattern + "|" + WeekdayAbbreviationPattern + @")\.?,?\s{1,3})?(?<day>[0-9]{1,2})(?:e|ste|de|st|nd|rd|th)?(?:\s{1,3}of)?\s{1,3}(?<month>" + MonthPattern + @")\b\.?(?:,?\s{1,3}(?<year>[0-9]{4})(?![0-9])|\s{1,3}(?<lastYear>(?:vorig|afgelopen)\s{1,3}jaar|last\s{1,3}year)(?!\w))?", Options)]
    private static partial Regex DayMonthDate();

    // on November 3, November 3, 2026, Tuesday, Nov 3rd
    [GeneratedRegex(@"\G\b(?:(?:op|on)\s{1,3})?(?:(?:" + WeekdayPattern + "|" + WeekdayAbbreviationPattern + @")\.?,?\s{1,3})?(?<month>" + MonthPattern + @")\b\.?\s{1,3}(?<day>[0-9]{1,2})(?:st|nd|rd|th)?\b(?![.:][0-9])(?:,?\s{1,3}(?<year>[0-9]{4})(?![0-9])|\s{1,3}(?<lastYear>(?:vorig|afgelopen)\s{1,3}jaar|last\s{1,3}year)(?!\w))?", Options)]
    private static partial Regex MonthDayDate();

    [GeneratedRegex(@"\G\b(?:(?<before>eergisteren|the\s{1,3}day\s{1,3}before\s{1,3}yesterday)|(?<yesterday>gisteren|gisteravond|gistermiddag|gisterochtend|gistermorgen|gisternacht|yesterday|last\s{1,3}night)|(?<today>vandaag|vanochtend|vanmorgen|vanmiddag|vanavond|vannacht|today|this\s{1,3}(?:morning|afternoon|evening)))(?!\w)", Options)]
    private static partial Regex RelativeDay();

    // afgelopen vrijdag, vrijdag jl., last Tuesday; vorige week vrijdag, Tuesday last week
    [GeneratedRegex(@"\G\b(?:(?:afgelopen|vorige|jongstleden|last|this\s{1,3}past|past)\s{1,3}(?<weekday>" + WeekdayPattern + @")(?!\w)|(?<weekday>" + WeekdayPattern + @")\s{1,3}(?:jongstleden(?!\w)|j\.?l\.?(?![\w.]))|(?<ofLastWeek>(?:vorige|afgelopen|last)\s{1,3}week,?\s{1,3}(?:(?:op|on)\s{1,3})?(?<weekday>" + WeekdayPattern + @")(?!\w)|(?<weekday>" + WeekdayPattern + @")\s{1,3}(?:(?:van|of)\s{1,3})?(?:de\s{1,3})?(?:vorige|afgelopen|last)\s{1,3}week(?!\w)))", Options)]
    private static partial Regex RelativeWeekday();

    [GeneratedRegex(@"\G\b(?:(?<week>(?:vorige|afgelopen)\s{1,3}week|(?:last|previous)\s{1,3}week)|(?<month>(?:vorige|afgelopen)\s{1,3}maand|(?:last|previous)\s{1,3}month)|(?<year>(?:vorig|afgelopen)\s{1,3}jaar|(?:last|previous)\s{1,3}year))(?!\w)", Options)]
    private static partial Regex PreviousPeriod();

    // drie dagen geleden, 2 weken geleden, a week ago
    [GeneratedRegex(@"\G(?<!\w)(?<count>" + CountPattern + @")\s{1,3}(?<unit>dagen|dag|days|day|weken|week|weeks|maanden|maand|months|month)\s{1,3}(?:geleden|ago)(?!\w)", Options)]
    private static partial Regex TimeAgo();
}
