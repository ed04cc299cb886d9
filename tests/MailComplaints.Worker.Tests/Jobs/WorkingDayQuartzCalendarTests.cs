using System.Text;
using MailComplaints.Procedure;
using MailComplaints.Worker.Jobs;
using Quartz;
using Quartz.Extensibility;
using Quartz.Impl;
using Quartz.Impl.Calendar;
using Quartz.Serialization.SystemTextJson;

namespace MailComplaints.Worker.Tests.Jobs;

public sealed class WorkingDayQuartzCalendarTests
{
    private static readonly WorkingDayQuartzCalendar Calendar = new(new WorkingDayCalendar([new DateOnly(2026, 4, 8)]));

    // 09:00 in Amsterdam (summer time) on the given April 2026 day.
    private static DateTimeOffset NineInTheMorning(int day) => new(2026, 4, day, 7, 0, 0, TimeSpan.Zero);

    [Test]
    public void Working_days_are_included_and_weekends_holidays_and_closure_days_are_not()
    {
        Assert.That(Calendar.IsTimeIncluded(NineInTheMorning(2)), Is.True, "Thursday before Easter");
        Assert.That(Calendar.IsTimeIncluded(NineInTheMorning(3)), Is.False, "Goede Vrijdag");
        Assert.That(Calendar.IsTimeIncluded(NineInTheMorning(4)), Is.False, "Saturday");
        Assert.That(Calendar.IsTimeIncluded(NineInTheMorning(6)), Is.False, "Tweede Paasdag");
        Assert.That(Calendar.IsTimeIncluded(NineInTheMorning(7)), Is.True, "Tuesday after Easter");
        Assert.That(Calendar.IsTimeIncluded(NineInTheMorning(8)), Is.False, "closure day");
    }

    [Test]
    public void Days_are_Amsterdam_days_not_UTC_days()
    {
        // 22:30 UTC on Thursday 2 April is 00:30 on Goede Vrijdag in Amsterdam.
        Assert.That(Calendar.IsTimeIncluded(new DateTimeOffset(2026, 4, 2, 22, 30, 0, TimeSpan.Zero)), Is.False);
        Assert.That(Calendar.IsTimeIncluded(new DateTimeOffset(2026, 4, 2, 21, 30, 0, TimeSpan.Zero)), Is.True);
    }

    [Test]
    public void The_next_included_time_after_Good_Friday_is_midnight_starting_the_Tuesday_after_Easter()
    {
        Assert.That(Calendar.GetNextIncludedTimeUtc(NineInTheMorning(3)), Is.EqualTo(new DateTimeOffset(2026, 4, 6, 22, 0, 0, TimeSpan.Zero)));
        Assert.That(Calendar.GetNextIncludedTimeUtc(NineInTheMorning(7)), Is.EqualTo(NineInTheMorning(7)), "an included time is its own next");
        Assert.That(Calendar.GetNextIncludedTimeUtc(NineInTheMorning(8)), Is.EqualTo(new DateTimeOffset(2026, 4, 8, 22, 0, 0, TimeSpan.Zero)), "after the closure day");
    }

    [Test]
    public void A_base_calendar_still_excludes_what_it_excludes()
    {
        // Only 08:00-18:00 Amsterdam time is business time; the base calendar excludes the rest.
        var businessHours = new DailyCalendar(new TimeOnly(8, 0), new TimeOnly(18, 0), null) { InvertTimeRange = true, TimeZone = WorkingDayCalendar.Amsterdam };
        var calendar = new WorkingDayQuartzCalendar(WorkingDayCalendar.Statutory) { CalendarBase = businessHours };

        Assert.That(calendar.IsTimeIncluded(new DateTimeOffset(2026, 4, 7, 4, 0, 0, TimeSpan.Zero)), Is.False, "06:00 on a working day");
        Assert.That(calendar.GetNextIncludedTimeUtc(NineInTheMorning(3)), Is.EqualTo(new DateTimeOffset(2026, 4, 7, 6, 0, 0, TimeSpan.Zero)).Within(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void A_daily_trigger_on_the_calendar_skips_the_Easter_weekend_and_the_closure_day()
    {
        var trigger = (IOperableTrigger)TriggerBuilder.Create(TimeProvider.System).WithIdentity("daily")
            .StartAt(NineInTheMorning(2)).WithCalendarName(WorkingDayQuartzCalendar.Name)
            .WithSimpleSchedule(schedule => schedule.WithInterval(TimeSpan.FromDays(1)).RepeatForever()).Build();

        var fireTimes = new List<DateTimeOffset> { trigger.ComputeFirstFireTimeUtc(Calendar)!.Value };
        while (fireTimes.Count < 5)
        {
            trigger.Triggered(Calendar);
            fireTimes.Add(trigger.NextFireTimeUtc!.Value);
        }

        Assert.That(fireTimes, Is.EqualTo(new[] { 2, 7, 9, 10, 13 }.Select(NineInTheMorning)));
    }

    [Test]
    public void The_calendar_round_trips_through_the_stores_json_serializer()
    {
        var serializer = new SystemTextJsonObjectSerializer(new SystemTextJsonSerializerRegistry().AddWorkingDayCalendar());
        var calendar = new WorkingDayQuartzCalendar(new WorkingDayCalendar([new DateOnly(2026, 12, 28), new DateOnly(2026, 5, 15)]));

        var stored = serializer.Serialize<ICalendar>(calendar);
        var read = serializer.Deserialize<ICalendar>(stored);

        Assert.That(Encoding.UTF8.GetString(stored), Does.Contain("\"2026-05-15\"").And.Contain("\"2026-12-28\""));
        Assert.That(read, Is.TypeOf<WorkingDayQuartzCalendar>());
        var workingDays = ((WorkingDayQuartzCalendar)read!).WorkingDays;
        Assert.That(workingDays.ExtraClosureDays, Is.EqualTo(new[] { new DateOnly(2026, 5, 15), new DateOnly(2026, 12, 28) }));
        Assert.That(read.IsTimeIncluded(new DateTimeOffset(2026, 5, 15, 10, 0, 0, TimeSpan.Zero)), Is.False);
        Assert.That(read.Description, Is.EqualTo(calendar.Description));
        Assert.That(read, Is.EqualTo(calendar));
    }

    [Test]
    public void Without_the_registration_the_store_refuses_the_calendar_instead_of_losing_its_closure_days()
    {
        var serializer = new SystemTextJsonObjectSerializer();

        Assert.That(() => serializer.Serialize<ICalendar>(Calendar), Throws.Exception);
    }

    [Test]
    public void A_clone_is_an_equal_but_separate_calendar()
    {
        var clone = Calendar.Clone();

        Assert.That(clone, Is.Not.SameAs(Calendar));
        Assert.That(clone, Is.EqualTo(Calendar));
        Assert.That(clone, Is.Not.EqualTo(new WorkingDayQuartzCalendar(WorkingDayCalendar.Statutory)));
    }
}
