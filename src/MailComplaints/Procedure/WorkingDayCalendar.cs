using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace MailComplaints.Procedure;

/// <summary>A day on which no term of the procedure ends: a general holiday or a configured closure day.</summary>
public sealed record Holiday(DateOnly Date, string DutchName, string EnglishName);

/// <summary>
/// The one calendar all deadline arithmetic uses: Dutch working days per the Algemene termijnenwet (Atw).
/// Not working days are Saturdays, Sundays, the general holidays of Atw article 3 (with Goede Vrijdag, which
/// its second paragraph adds) and the configured extra closure days (days decreed equal to holidays under
/// article 3, third paragraph, and the organisation's own closures). Dates are Amsterdam calendar dates;
/// <see cref="DateIn"/> and <see cref="EndOfDay"/> convert from and to stored UTC instants.
/// The rules in force today are applied to every year (Koningsdag on 26/27 April exists since 2014).
/// </summary>
public sealed class WorkingDayCalendar
{
    /// <summary>The procedure's time zone: deadlines are Amsterdam calendar days.</summary>
    public static TimeZoneInfo Amsterdam { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    private readonly FrozenSet<DateOnly> extraClosureDays;

    // The general holidays of each year asked about, computed once: deadline arithmetic asks for thousands of days.
    private readonly ConcurrentDictionary<int, FrozenSet<DateOnly>> holidaysByYear = new();

    /// <summary>A calendar with the statutory holidays and <paramref name="extraClosureDays"/> (duplicates are ignored).</summary>
    public WorkingDayCalendar(IEnumerable<DateOnly> extraClosureDays)
    {
        ArgumentNullException.ThrowIfNull(extraClosureDays);
        this.extraClosureDays = extraClosureDays.ToFrozenSet();
        ExtraClosureDays = [.. this.extraClosureDays.Order()];
    }

    /// <summary>The statutory calendar without extra closure days.</summary>
    public static WorkingDayCalendar Statutory { get; } = new([]);

    /// <summary>The configured extra closure days, in date order.</summary>
    public IReadOnlyList<DateOnly> ExtraClosureDays { get; }

    /// <summary>Easter Sunday of <paramref name="year"/> in the Gregorian calendar.</summary>
    public static DateOnly EasterSunday(int year)
    {
        // The anonymous Gregorian computus: the paschal full moon from the Metonic cycle (golden number),
        // corrected for the century leap years and the lunar drift, then the Sunday after it.
        var golden = year % 19;
        var century = year / 100;
        var yearOfCentury = year % 100;
        var skippedLeapDays = century / 4;
        var centuryRemainder = century % 4;
        var lunarCorrection = (century - ((century + 8) / 25) + 1) / 3;
        var epact = ((19 * golden) + century - skippedLeapDays - lunarCorrection + 15) % 30;
        var weekdayOffset = (32 + (2 * centuryRemainder) + (2 * (yearOfCentury / 4)) - epact - (yearOfCentury % 4)) % 7;
        var lateMarchCorrection = (golden + (11 * epact) + (22 * weekdayOffset)) / 451;
        var daysFromMarch = epact + weekdayOffset - (7 * lateMarchCorrection) + 114;
        return new DateOnly(year, daysFromMarch / 31, (daysFromMarch % 31) + 1);
    }

    /// <summary>
    /// The days of <paramref name="year"/> that are not working days though they may fall on a weekday: the
    /// general holidays (Eerste Paasdag and Eerste Pinksterdag included, though always Sundays) and the extra
    /// closure days in that year, in date order.
    /// </summary>
    public IReadOnlyList<Holiday> HolidaysIn(int year)
    {
        var easter = EasterSunday(year);
        var kingsDay = new DateOnly(year, 4, 27);
        List<Holiday> holidays =
        [
            new(new DateOnly(year, 1, 1), "Nieuwjaarsdag", "New Year's Day"),
            new(easter.AddDays(-2), "Goede Vrijdag", "Good Friday"),
            new(easter, "Eerste Paasdag", "Easter Sunday"),
            new(easter.AddDays(1), "Tweede Paasdag", "Easter Monday"),
            new(kingsDay.DayOfWeek == DayOfWeek.Sunday ? kingsDay.AddDays(-1) : kingsDay, "Koningsdag", "King's Day"),
            new(new DateOnly(year, 5, 5), "Bevrijdingsdag", "Liberation Day"),
            new(easter.AddDays(39), "Hemelvaartsdag", "Ascension Day"),
            new(easter.AddDays(49), "Eerste Pinksterdag", "Whit Sunday"),
            new(easter.AddDays(50), "Tweede Pinksterdag", "Whit Monday"),
            new(new DateOnly(year, 12, 25), "Eerste Kerstdag", "Christmas Day"),
            new(new DateOnly(year, 12, 26), "Tweede Kerstdag", "Boxing Day"),
        ];
        holidays.AddRange(ExtraClosureDays.Where(day => day.Year == year && holidays.TrueForAll(h => h.Date != day))
            .Select(day => new Holiday(day, "Sluitingsdag", "Closure day")));
        return [.. holidays.OrderBy(h => h.Date)];
    }

    /// <summary>Whether a term can end on <paramref name="date"/>: not a weekend, general holiday or closure day.</summary>
    public bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !extraClosureDays.Contains(date)
        && !IsGeneralHoliday(date);

    /// <summary><paramref name="date"/> itself when it is a working day, otherwise the first working day after it (Atw article 1).</summary>
    public DateOnly NextWorkingDayOnOrAfter(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }
        return date;
    }

    /// <summary>
    /// The <paramref name="days"/>-th working day after <paramref name="from"/> (day 1 is the first working day
    /// after it, whatever <paramref name="from"/> is); for a negative count the working day that many working days
    /// before it (−1 is the last working day before <paramref name="from"/>); 0 gives <paramref name="from"/>.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly from, int days)
    {
        var step = Math.Sign(days);
        var date = from;
        for (var remaining = Math.Abs(days); remaining > 0;)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date))
            {
                remaining--;
            }
        }
        return date;
    }

    /// <summary>
    /// The number of working days after <paramref name="from"/> up to and including <paramref name="to"/>; when
    /// <paramref name="to"/> lies before <paramref name="from"/>, minus the working days from <paramref name="to"/>
    /// up to but excluding <paramref name="from"/>. So <c>WorkingDaysBetween(d, AddWorkingDays(d, n)) == n</c>.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -WorkingDaysBetween(to.AddDays(-1), from.AddDays(-1));
        }
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// The last day of a term of <paramref name="weeks"/> weeks starting the day after <paramref name="start"/>:
    /// the same weekday <paramref name="weeks"/> weeks later, moved to the next working day when it is none.
    /// </summary>
    public DateOnly EndOfTermInWeeks(DateOnly start, int weeks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weeks);
        return NextWorkingDayOnOrAfter(start.AddDays(7 * weeks));
    }

    /// <summary>
    /// The last day of a term of <paramref name="months"/> months starting the day after <paramref name="start"/>:
    /// the same day of the month (the month's last day when it has no such day), moved to the next working day
    /// when it is none.
    /// </summary>
    public DateOnly EndOfTermInMonths(DateOnly start, int months)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(months);
        return NextWorkingDayOnOrAfter(start.AddMonths(months));
    }

    /// <summary>The Amsterdam calendar date at <paramref name="instant"/>.</summary>
    public static DateOnly DateIn(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Amsterdam).DateTime);

    /// <summary>Today's Amsterdam date by <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateIn(clock.GetUtcNow());
    }

    /// <summary>The instant (UTC) at which <paramref name="date"/> begins in Amsterdam: midnight there.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date) =>
        new(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Amsterdam));

    /// <summary>
    /// The instant (UTC) at which <paramref name="date"/> is over in Amsterdam: the midnight that begins the next
    /// day. A term ending on <paramref name="date"/> has expired at and after this instant, not before.
    /// </summary>
    public static DateTimeOffset EndOfDay(DateOnly date) => StartOfDay(date.AddDays(1));

    private bool IsGeneralHoliday(DateOnly date)
    {
        // Every general holiday lies in one of three stretches of the year; most days need no Easter at all.
        if (date.Month is 1 or 12)
        {
            return (date.Month, date.Day) is (1, 1) or (12, 25) or (12, 26);
        }
        if (date.Month is < 3 or > 6)
        {
            return false;
        }
        return holidaysByYear.GetOrAdd(date.Year, year => HolidaysIn(year).Select(holiday => holiday.Date).ToFrozenSet()).Contains(date);
    }
}
