namespace MailComplaints.Storage;

/// <summary>
/// Instants go to the database as UTC <see cref="DateTime"/> (what all three providers store natively)
/// and come back as <see cref="DateTimeOffset"/> in UTC, whatever kind the provider reports.
/// </summary>
internal static class Instants
{
    public static DateTime ToDatabase(this DateTimeOffset instant) => instant.UtcDateTime;

    public static DateTime? ToDatabase(this DateTimeOffset? instant) => instant?.UtcDateTime;

    public static DateTimeOffset FromDatabase(this DateTime stored) =>
        new(DateTime.SpecifyKind(stored, DateTimeKind.Utc), TimeSpan.Zero);

    public static DateTimeOffset? FromDatabase(this DateTime? stored) => stored?.FromDatabase();

    public static DateTime? ToDatabase(this DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);

    public static DateOnly? DateFromDatabase(this DateTime? stored) => stored is { } value ? DateOnly.FromDateTime(value) : null;
}
