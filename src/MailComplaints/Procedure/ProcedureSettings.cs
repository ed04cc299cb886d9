namespace MailComplaints.Procedure;

/// <summary>
/// Section <c>Procedure</c>: the complaints procedure's terms. The defaults are the email-only procedure
/// (two-week lodging window, acknowledgement within 5 working days, handling term 6 weeks, at most 3 months).
/// </summary>
public sealed record ProcedureSettings(
    string CaseNumberPrefix,
    int LodgingWindowDays,
    int AcknowledgeWithinWorkingDays,
    int HandlingTermWeeks,
    int MaximumTermMonths,
    IReadOnlyList<DateOnly> ClosureDays)
{
    /// <summary>The email-only procedure.</summary>
    public static ProcedureSettings Default { get; } = new("KL", 14, 5, 6, 3, []);

    /// <inheritdoc />
    public bool Equals(ProcedureSettings? other) => other is not null && CaseNumberPrefix == other.CaseNumberPrefix && LodgingWindowDays == other.LodgingWindowDays
        && AcknowledgeWithinWorkingDays == other.AcknowledgeWithinWorkingDays && HandlingTermWeeks == other.HandlingTermWeeks
        && MaximumTermMonths == other.MaximumTermMonths && ClosureDays.SequenceEqual(other.ClosureDays);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CaseNumberPrefix, LodgingWindowDays, AcknowledgeWithinWorkingDays, HandlingTermWeeks, MaximumTermMonths, ClosureDays.Count);
}

/// <summary>What a handler may do in the procedure.</summary>
public enum HandlerRole
{
    /// <summary>Handles the cases assigned to them.</summary>
    Handler,

    /// <summary>Receives escalations and may re-assign any case.</summary>
    Director,
}

/// <summary>A person registered in <c>Handlers</c>: only they can change a case by mail.</summary>
public sealed record Handler(string Name, string Email, HandlerRole Role);
