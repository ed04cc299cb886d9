using FsCheck;
using FsCheck.Fluent;
using MailComplaints.Procedure;
using Microsoft.Extensions.Time.Testing;

namespace MailComplaints.Tests.Procedure;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Statutory = WorkingDayCalendar.Statutory;

    private static DateOnly D(string isoDate) => DateOnly.ParseExact(isoDate, "yyyy-MM-dd", null);

    // Written out by hand and checked against an independent Easter table (python-dateutil); not computed.
    private static readonly object[] HolidayTable =
    [
        new object[] { 2025, new[] { "2025-01-01", "2025-04-18", "2025-04-20", "2025-04-21", "2025-04-26", "2025-05-05", "2025-05-29", "2025-06-08", "2025-06-09", "2025-12-25", "2025-12-26" } },
        new object[] { 2026, new[] { "2026-01-01", "2026-04-03", "2026-04-05", "2026-04-06", "2026-04-27", "2026-05-05", "2026-05-14", "2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26" } },
        new object[] { 2027, new[] { "2027-01-01", "2027-03-26", "2027-03-28", "2027-03-29", "2027-04-27", "2027-05-05", "2027-05-06", "2027-05-16", "2027-05-17", "2027-12-25", "2027-12-26" } },
        new object[] { 2028, new[] { "2028-01-01", "2028-04-14", "2028-04-16", "2028-04-17", "2028-04-27", "2028-05-05", "2028-05-25", "2028-06-04", "2028-06-05", "2028-12-25", "2028-12-26" } },
        new object[] { 2029, new[] { "2029-01-01", "2029-03-30", "2029-04-01", "2029-04-02", "2029-04-27", "2029-05-05", "2029-05-10", "2029-05-20", "2029-05-21", "2029-12-25", "2029-12-26" } },
        new object[] { 2030, new[] { "2030-01-01", "2030-04-19", "2030-04-21", "2030-04-22", "2030-04-27", "2030-05-05", "2030-05-30", "2030-06-09", "2030-06-10", "2030-12-25", "2030-12-26" } },
    ];

    private static readonly string[] HolidayNamesInDateOrder =
    [
        "Nieuwjaarsdag", "Goede Vrijdag", "Eerste Paasdag", "Tweede Paasdag", "Koningsdag", "Bevrijdingsdag",
        "Hemelvaartsdag", "Eerste Pinksterdag", "Tweede Pinksterdag", "Eerste Kerstdag", "Tweede Kerstdag",
    ];

    [TestCase(2025, "2025-04-20")]
    [TestCase(2026, "2026-04-05")]
    [TestCase(2027, "2027-03-28")]
    [TestCase(2028, "2028-04-16")]
    [TestCase(2029, "2029-04-01")]
    [TestCase(2030, "2030-04-21")]
    [TestCase(2038, "2038-04-25")]
    [TestCase(2285, "2285-03-22")]
    public void Easter_follows_the_Gregorian_computus(int year, string easter) =>
        Assert.That(WorkingDayCalendar.EasterSunday(year), Is.EqualTo(D(easter)));

    [TestCaseSource(nameof(HolidayTable))]
    public void Every_holiday_of_the_year_is_on_its_date(int year, string[] dates)
    {
        var holidays = Statutory.HolidaysIn(year);

        Assert.That(holidays.Select(h => h.Date), Is.EqualTo(dates.Select(D)));
        Assert.That(holidays.Select(h => h.DutchName), Is.EqualTo(HolidayNamesInDateOrder));
    }

    [TestCaseSource(nameof(HolidayTable))]
    public void No_holiday_is_a_working_day_and_every_other_weekday_of_the_year_is(int year, string[] dates)
    {
        var holidays = dates.Select(D).ToHashSet();
        var days = Enumerable.Range(0, new DateOnly(year, 12, 31).DayNumber - new DateOnly(year, 1, 1).DayNumber + 1)
            .Select(offset => new DateOnly(year, 1, 1).AddDays(offset));

        Assert.That(days.Where(Statutory.IsWorkingDay), Has.None.Matches<DateOnly>(d => holidays.Contains(d) || d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday));
        Assert.That(days.Where(d => !Statutory.IsWorkingDay(d) && d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)), Is.SubsetOf(holidays));
    }

    [Test]
    public void Koningsdag_moves_to_Saturday_26_April_when_27_April_is_a_Sunday()
    {
        Assert.That(new DateOnly(2025, 4, 27).DayOfWeek, Is.EqualTo(DayOfWeek.Sunday));
        Assert.That(Statutory.HolidaysIn(2025).Single(h => h.DutchName == "Koningsdag").Date, Is.EqualTo(new DateOnly(2025, 4, 26)));
        Assert.That(Statutory.HolidaysIn(2031).Single(h => h.EnglishName == "King's Day").Date, Is.EqualTo(new DateOnly(2031, 4, 26)));
    }

    [Test]
    public void Liberation_Day_is_a_holiday_every_year_not_only_every_fifth()
    {
        Assert.That(Statutory.IsWorkingDay(new DateOnly(2026, 5, 5)), Is.False, "a Tuesday in a year that is no lustrum");
        Assert.That(Statutory.IsWorkingDay(new DateOnly(2026, 5, 6)), Is.True);
    }

    [Test]
    public void A_complaint_received_on_Maundy_Thursday_is_acknowledged_within_five_working_days_around_Easter()
    {
        // Thursday 2 April 2026; Goede Vrijdag 3 April and Tweede Paasdag 6 April do not count.
        var deadline = Statutory.AddWorkingDays(new DateOnly(2026, 4, 2), 5);

        Assert.That(deadline, Is.EqualTo(new DateOnly(2026, 4, 13)));
        Assert.That(Statutory.WorkingDaysBetween(new DateOnly(2026, 4, 2), deadline), Is.EqualTo(5));
    }

    [TestCase("2025-12-23", 5, "2026-01-02", TestName = "Acknowledgement_of_a_complaint_received_before_Christmas_skips_both_Christmas_days_and_New_Years_Day")]
    [TestCase("2025-12-24", 1, "2025-12-29", TestName = "The_first_working_day_after_Christmas_Eve_2025_is_the_Monday_after_Boxing_Day")]
    [TestCase("2026-12-31", 1, "2027-01-04", TestName = "The_first_working_day_after_New_Years_Eve_2026_is_Monday_4_January")]
    [TestCase("2025-11-21", 5, "2025-11-28", TestName = "Acknowledgement_of_a_complaint_received_on_a_Friday_is_due_the_next_Friday")]
    [TestCase("2025-11-22", 5, "2025-11-28", TestName = "Acknowledgement_of_a_complaint_received_on_a_Saturday_counts_from_Monday")]
    [TestCase("2027-05-04", 2, "2027-05-10", TestName = "Liberation_Day_and_Ascension_Day_on_consecutive_days_in_2027_both_count_as_holidays")]
    public void Working_days_are_counted_after_the_day_of_receipt(string from, int days, string expected) =>
        Assert.That(Statutory.AddWorkingDays(D(from), days), Is.EqualTo(D(expected)));

    [Test]
    public void A_reminder_two_working_days_before_a_term_ending_on_the_Tuesday_after_Easter_falls_on_the_Wednesday_before_Easter()
    {
        // Tuesday 7 April 2026: Monday 6 April (Tweede Paasdag) and Friday 3 April (Goede Vrijdag) do not count.
        Assert.That(Statutory.AddWorkingDays(new DateOnly(2026, 4, 7), -2), Is.EqualTo(new DateOnly(2026, 4, 1)));
    }

    [TestCase("2026-02-23", 6, "2026-04-07", TestName = "A_six_week_term_ending_on_Easter_Monday_ends_on_the_Tuesday_after")]
    [TestCase("2026-02-20", 6, "2026-04-07", TestName = "A_six_week_term_ending_on_Good_Friday_ends_on_the_Tuesday_after_Easter")]
    [TestCase("2027-03-16", 6, "2027-04-28", TestName = "A_six_week_term_ending_on_Koningsdag_2027_ends_on_Wednesday_28_April")]
    [TestCase("2025-11-14", 6, "2025-12-29", TestName = "A_six_week_term_ending_on_Boxing_Day_2025_ends_on_the_Monday_after")]
    [TestCase("2026-11-20", 6, "2027-01-04", TestName = "A_six_week_term_ending_on_New_Years_Day_2027_ends_on_Monday_4_January")]
    [TestCase("2026-03-24", 6, "2026-05-06", TestName = "A_six_week_term_ending_on_Liberation_Day_2026_ends_on_6_May")]
    [TestCase("2026-11-03", 6, "2026-12-15", TestName = "A_six_week_term_ending_on_a_working_day_ends_on_that_day")]
    public void Week_terms_ending_on_a_non_working_day_move_to_the_next_working_day(string start, int weeks, string expected) =>
        Assert.That(Statutory.EndOfTermInWeeks(D(start), weeks), Is.EqualTo(D(expected)));

    [TestCase("2026-09-25", 3, "2026-12-28", TestName = "A_three_month_term_ending_on_Friday_25_December_2026_ends_on_Monday_28_December")]
    [TestCase("2026-11-30", 3, "2027-03-01", TestName = "A_three_month_term_from_30_November_ends_on_the_last_day_of_February_moved_to_Monday")]
    [TestCase("2027-01-06", 3, "2027-04-06", TestName = "A_three_month_term_ending_on_a_working_day_ends_on_that_day")]
    public void Month_terms_end_on_the_same_day_of_the_month_or_the_next_working_day(string start, int months, string expected) =>
        Assert.That(Statutory.EndOfTermInMonths(D(start), months), Is.EqualTo(D(expected)));

    [Test]
    public void Extra_closure_days_are_not_working_days_and_lengthen_terms()
    {
        // The Friday after Ascension Day 2026, and a company closure between Christmas and New Year.
        var calendar = new WorkingDayCalendar([new DateOnly(2026, 5, 15), new DateOnly(2026, 12, 28), new DateOnly(2026, 12, 28)]);

        Assert.That(calendar.IsWorkingDay(new DateOnly(2026, 5, 15)), Is.False);
        Assert.That(Statutory.IsWorkingDay(new DateOnly(2026, 5, 15)), Is.True);
        Assert.That(calendar.AddWorkingDays(new DateOnly(2026, 5, 13), 1), Is.EqualTo(new DateOnly(2026, 5, 18)));
        Assert.That(calendar.EndOfTermInWeeks(new DateOnly(2026, 11, 16), 6), Is.EqualTo(new DateOnly(2026, 12, 29)));
        Assert.That(calendar.ExtraClosureDays, Is.EqualTo(new[] { new DateOnly(2026, 5, 15), new DateOnly(2026, 12, 28) }));
        Assert.That(calendar.HolidaysIn(2026).Where(h => h.EnglishName == "Closure day").Select(h => h.Date), Is.EqualTo(calendar.ExtraClosureDays));
    }

    [Test]
    public void A_closure_day_on_a_holiday_is_listed_once_as_the_holiday()
    {
        var calendar = new WorkingDayCalendar([new DateOnly(2026, 12, 25)]);

        Assert.That(calendar.HolidaysIn(2026).Where(h => h.Date == new DateOnly(2026, 12, 25)).Select(h => h.DutchName), Is.EqualTo(new[] { "Eerste Kerstdag" }));
    }

    [TestCase("2026-03-28T22:59:59Z", "2026-03-28", TestName = "Before_midnight_in_Amsterdam_it_is_still_the_same_day_in_winter")]
    [TestCase("2026-03-28T23:00:00Z", "2026-03-29", TestName = "Midnight_in_Amsterdam_is_23_00_UTC_in_winter")]
    [TestCase("2026-07-01T21:59:59Z", "2026-07-01", TestName = "Before_midnight_in_Amsterdam_it_is_still_the_same_day_in_summer")]
    [TestCase("2026-07-01T22:00:00Z", "2026-07-02", TestName = "Midnight_in_Amsterdam_is_22_00_UTC_in_summer")]
    public void An_instant_falls_on_its_Amsterdam_date(string instant, string date) =>
        Assert.That(WorkingDayCalendar.DateIn(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(D(date)));

    [Test]
    public void A_term_date_is_over_at_the_next_midnight_in_Amsterdam()
    {
        Assert.That(WorkingDayCalendar.EndOfDay(new DateOnly(2026, 12, 15)), Is.EqualTo(new DateTimeOffset(2026, 12, 15, 23, 0, 0, TimeSpan.Zero)));
        Assert.That(WorkingDayCalendar.EndOfDay(new DateOnly(2026, 3, 28)), Is.EqualTo(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero)), "the day before summer time begins");
        Assert.That(WorkingDayCalendar.EndOfDay(new DateOnly(2026, 3, 29)), Is.EqualTo(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero)), "summer time began that night");
        Assert.That(WorkingDayCalendar.StartOfDay(new DateOnly(2026, 7, 2)).Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Today_is_the_Amsterdam_date_of_the_injected_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero));

        Assert.That(WorkingDayCalendar.Today(clock), Is.EqualTo(new DateOnly(2027, 1, 1)));
    }

    private static readonly Arbitrary<DateOnly> Dates =
        Gen.Choose(new DateOnly(2020, 1, 1).DayNumber, new DateOnly(2040, 12, 31).DayNumber).Select(DateOnly.FromDayNumber).ToArbitrary();

    private static readonly Arbitrary<int> Counts = Gen.Choose(-300, 300).ToArbitrary();

    [Test]
    public void Adding_working_days_always_lands_on_a_working_day() =>
        Prop.ForAll(Dates, Counts, (from, days) => days == 0 || Statutory.IsWorkingDay(Statutory.AddWorkingDays(from, days))).QuickCheckThrowOnFailure();

    [Test]
    public void Counting_the_working_days_up_to_an_added_date_gives_the_number_added() =>
        Prop.ForAll(Dates, Counts, (from, days) => Statutory.WorkingDaysBetween(from, Statutory.AddWorkingDays(from, days)) == days).QuickCheckThrowOnFailure();

    [Test]
    public void A_term_ends_on_the_first_working_day_on_or_after_its_nominal_date() =>
        Prop.ForAll(Dates, Gen.Choose(0, 104).ToArbitrary(), (start, weeks) =>
        {
            var nominal = start.AddDays(7 * weeks);
            var end = Statutory.EndOfTermInWeeks(start, weeks);
            var skipped = Enumerable.Range(0, end.DayNumber - nominal.DayNumber).Select(nominal.AddDays);
            return end >= nominal && Statutory.IsWorkingDay(end) && !skipped.Any(Statutory.IsWorkingDay);
        }).QuickCheckThrowOnFailure();

    [Test]
    public void A_term_ending_on_Good_Friday_2038_passes_Easter_and_Kings_Day_to_the_Wednesday()
    {
        // Good Friday 23 April, Easter Monday 26 April and King's Day on Tuesday 27 April: five days past the nominal end.
        Assert.That(Statutory.EndOfTermInWeeks(new DateOnly(2036, 8, 1), 90), Is.EqualTo(new DateOnly(2038, 4, 28)));
    }
}
