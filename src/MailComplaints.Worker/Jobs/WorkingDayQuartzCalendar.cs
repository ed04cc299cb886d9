using System.Text.Json;
using MailComplaints.Procedure;
using Quartz;
using Quartz.Impl.Calendar;
using Quartz.Serialization.SystemTextJson;
using Quartz.Serialization.SystemTextJson.Calendars;

namespace MailComplaints.Worker.Jobs;

/// <summary>
/// A Quartz calendar that includes working days only (Amsterdam dates, <see cref="WorkingDayCalendar"/>), so a
/// trigger using it never fires on a weekend, holiday or closure day. Full-day precision, like Quartz's own
/// <see cref="HolidayCalendar"/>. To live in the persistent store it needs
/// <see cref="WorkingDayQuartzCalendarSerializer"/>: <c>store.UseSystemTextJsonSerializer(json =&gt; json.AddWorkingDayCalendar())</c>.
/// </summary>
internal sealed class WorkingDayQuartzCalendar : BaseCalendar, IEquatable<BaseCalendar>
{
    /// <summary>The name triggers refer to this calendar by.</summary>
    public const string Name = "working-days";

    /// <summary>A Quartz calendar over <paramref name="workingDays"/>.</summary>
    public WorkingDayQuartzCalendar(WorkingDayCalendar workingDays)
        : base(WorkingDayCalendar.Amsterdam)
    {
        ArgumentNullException.ThrowIfNull(workingDays);
        WorkingDays = workingDays;
        Description = "Dutch working days (Algemene termijnenwet) and closure days";
    }

    /// <summary>The calendar deciding which days are included.</summary>
    public WorkingDayCalendar WorkingDays { get; }

    /// <inheritdoc />
    public override bool IsTimeIncluded(DateTimeOffset timeUtc) =>
        base.IsTimeIncluded(timeUtc) && WorkingDays.IsWorkingDay(WorkingDayCalendar.DateIn(timeUtc));

    /// <summary>
    /// <paramref name="timeUtc"/> when it is included, otherwise the first included instant after it: the
    /// start (Amsterdam midnight) of the next working day, or later when a base calendar excludes that.
    /// </summary>
    public override DateTimeOffset GetNextIncludedTimeUtc(DateTimeOffset timeUtc)
    {
        var candidate = timeUtc;
        while (!IsTimeIncluded(candidate))
        {
            if (CalendarBase is { } baseCalendar && !baseCalendar.IsTimeIncluded(candidate))
            {
                var fromBase = baseCalendar.GetNextIncludedTimeUtc(candidate);
                if (fromBase <= candidate)
                {
                    return fromBase; // the base calendar includes nothing later (Quartz's convention)
                }
                candidate = fromBase;
            }
            else
            {
                candidate = WorkingDayCalendar.StartOfDay(WorkingDays.NextWorkingDayOnOrAfter(WorkingDayCalendar.DateIn(candidate).AddDays(1)));
            }
        }
        return candidate;
    }

    /// <inheritdoc />
    public override ICalendar Clone() => CloneFields(new WorkingDayQuartzCalendar(WorkingDays));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BaseCalendar other && ((IEquatable<BaseCalendar>)this).Equals(other);

    // Re-implemented because BaseCalendar's Equals(BaseCalendar) is sealed and knows nothing of closure days.
    bool IEquatable<BaseCalendar>.Equals(BaseCalendar? other) =>
        other is WorkingDayQuartzCalendar calendar && base.Equals(calendar) && WorkingDays.ExtraClosureDays.SequenceEqual(calendar.WorkingDays.ExtraClosureDays);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), WorkingDays.ExtraClosureDays.Count);
}

/// <summary>
/// Writes a <see cref="WorkingDayQuartzCalendar"/> to the persistent store's JSON as its extra closure days
/// (ISO dates); the statutory holidays are computed, so they are never stored.
/// </summary>
internal sealed class WorkingDayQuartzCalendarSerializer : CalendarSerializer<WorkingDayQuartzCalendar>
{
    private const string ClosureDaysProperty = "ExtraClosureDays";

    /// <inheritdoc />
    public override string CalendarTypeName => "MailComplaintsWorkingDayCalendar";

    // The calendar is immutable, so it is built whole from the payload here and DeserializeFields has nothing left to do.
    protected override WorkingDayQuartzCalendar Create(JsonElement jsonElement, JsonSerializerOptions options)
    {
        var days = jsonElement.TryGetProperty(ClosureDaysProperty, out var array)
            ? array.EnumerateArray().Select(day => DateOnly.ParseExact(day.GetString() ?? "", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            : [];
        return new WorkingDayQuartzCalendar(new WorkingDayCalendar(days));
    }

    protected override void SerializeFields(Utf8JsonWriter writer, WorkingDayQuartzCalendar calendar, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(calendar);
        writer.WriteStartArray(ClosureDaysProperty);
        foreach (var day in calendar.WorkingDays.ExtraClosureDays)
        {
            writer.WriteStringValue(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
        writer.WriteEndArray();
    }

    protected override void DeserializeFields(WorkingDayQuartzCalendar calendar, JsonElement jsonElement, JsonSerializerOptions options)
    {
    }
}

/// <summary>Registers the working-day calendar with a persistent store's System.Text.Json serializer.</summary>
internal static class WorkingDayQuartzCalendarRegistration
{
    /// <summary><c>store.UseSystemTextJsonSerializer(json =&gt; json.AddWorkingDayCalendar())</c>.</summary>
    public static SystemTextJsonSerializerRegistry AddWorkingDayCalendar(this SystemTextJsonSerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.AddCalendarSerializer(new WorkingDayQuartzCalendarSerializer());
    }
}
