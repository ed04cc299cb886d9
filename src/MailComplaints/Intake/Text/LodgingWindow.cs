using MailComplaints.Procedure;

namespace MailComplaints.Intake.Text;

/// <summary>
/// The procedure's rule that a complaint is lodged "within two weeks after the event": with a window of
/// 14 days, an event on 1 November may be complained about up to and including 15 November; received on
/// 16 November it is late. An unknown event date is never late.
/// </summary>
public sealed record LodgingWindow
{
    /// <summary>A window of <paramref name="days"/> days after the event.</summary>
    public LodgingWindow(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        Days = days;
    }

    /// <summary>The email-only procedure's window (<see cref="ProcedureSettings.LodgingWindowDays"/>).</summary>
    public static LodgingWindow Default { get; } = new(ProcedureSettings.Default.LodgingWindowDays);

    /// <summary>How many days after the event a complaint is still in time.</summary>
    public int Days { get; }

    /// <summary>The last day on which a complaint about an event on <paramref name="incident"/> is in time.</summary>
    public DateOnly LastDayToLodge(DateOnly incident) => incident.AddDays(Days);

    /// <summary>True when the event lies more than <see cref="Days"/> days before receipt; false when it is unknown.</summary>
    public bool IsLate(DateOnly received, DateOnly? incident) => incident is { } date && received > LastDayToLodge(date);
}
