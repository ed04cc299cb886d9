using System.Globalization;

namespace MailComplaints.Reporting;

/// <summary>
/// What a report covers: a calendar year, or one quarter of it, in Amsterdam dates. A year is compared with the year before
/// it, a quarter with the quarter before it (the first quarter with the last quarter of the year before).
/// </summary>
public sealed record ReportPeriod
{
    private ReportPeriod(int year, int? quarter)
    {
        Year = year;
        Quarter = quarter;
    }

    /// <summary>The earliest year a report can be made for.</summary>
    public const int FirstYear = 2000;

    /// <summary>The calendar year.</summary>
    public int Year { get; }

    /// <summary>The quarter (1–4), or null for the whole year.</summary>
    public int? Quarter { get; }

    /// <summary>The first day of the period.</summary>
    public DateOnly First => new(Year, Quarter is { } quarter ? (quarter - 1) * 3 + 1 : 1, 1);

    /// <summary>The first day after the period (the period ends before it).</summary>
    public DateOnly End => Quarter is null ? First.AddYears(1) : First.AddMonths(3);

    /// <summary>The first day of each of the period's months, in order.</summary>
    public IReadOnlyList<DateOnly> Months => Enumerable.Range(0, Quarter is null ? 12 : 3).Select(First.AddMonths).ToList();

    /// <summary>How the period is written in file names, the CSV and the worker's state: <c>2026</c>, <c>2026-Q3</c>.</summary>
    public string Code => Quarter is { } quarter ? string.Create(CultureInfo.InvariantCulture, $"{Year}-Q{quarter}") : Year.ToString(CultureInfo.InvariantCulture);

    /// <summary>The period it is compared with: the year before, or the quarter before.</summary>
    public ReportPeriod Before() => Quarter switch
    {
        null => new ReportPeriod(Year - 1, null),
        1 => new ReportPeriod(Year - 1, 4),
        { } quarter => new ReportPeriod(Year, quarter - 1),
    };

    /// <summary>Whether <paramref name="day"/> lies in the period.</summary>
    public bool Contains(DateOnly day) => day >= First && day < End;

    /// <summary>The calendar year <paramref name="year"/>; throws <see cref="ArgumentOutOfRangeException"/> before <see cref="FirstYear"/> or after 9998.</summary>
    public static ReportPeriod OfYear(int year) => new(CheckYear(year), null);

    /// <summary>Quarter <paramref name="quarter"/> (1–4) of <paramref name="year"/>; throws <see cref="ArgumentOutOfRangeException"/> naming what is allowed.</summary>
    public static ReportPeriod OfQuarter(int year, int quarter) => quarter is >= 1 and <= 4
        ? new ReportPeriod(CheckYear(year), quarter)
        : throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "A quarter is 1, 2, 3 or 4.");

    /// <summary>
    /// The period whose report is due on or after <paramref name="today"/>: the quarter that ended last, except that in the
    /// first quarter the year that ended takes the place of its fourth quarter (the annual report covers it).
    /// </summary>
    public static ReportPeriod LastEndedBefore(DateOnly today)
    {
        var quarter = (today.Month - 1) / 3 + 1;
        return quarter == 1 ? OfYear(today.Year - 1) : OfQuarter(today.Year, quarter - 1);
    }

    private static int CheckYear(int year) => year is >= FirstYear and <= 9998
        ? year
        : throw new ArgumentOutOfRangeException(nameof(year), year, $"A report covers a year from {FirstYear} on.");

    /// <inheritdoc />
    public override string ToString() => Code;
}
