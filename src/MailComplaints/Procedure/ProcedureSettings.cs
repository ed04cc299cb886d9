namespace MailComplaints.Procedure;

/// <summary>
/// Section <c>Procedure</c>: the complaints procedure's terms. The defaults below are the email-only procedure
/// (a lodging window, an acknowledgement, a handling term within a maximum, then the director, then an
/// independent third party) and the worker's defaults for the section. <c>appsettings.University.json</c> holds
/// the university IT department's procedure.
/// </summary>
public sealed record ProcedureSettings
{
    /// <summary>The email-only procedure.</summary>
    public static ProcedureSettings Default { get; } = new();

    /// <summary>Prefix of case numbers (<c>KL-2026-00042</c>).</summary>
    public string CaseNumberPrefix { get; init; } = "KL";

    /// <summary>How many days after the event a complaint may be lodged.</summary>
    public int LodgingWindowDays { get; init; } = 14;

    /// <summary>The acknowledgement, stating the handling term, goes out within this many working days.</summary>
    public int AcknowledgeWithinWorkingDays { get; init; } = 5;

    /// <summary>The handling term, from the day of receipt.</summary>
    public int HandlingTermWeeks { get; init; } = 6;

    /// <summary>No term runs beyond this many months after receipt without an extension.</summary>
    public int MaximumTermMonths { get; init; } = 3;

    /// <summary>Extra days off: days decreed equal to holidays, company closures.</summary>
    public IReadOnlyList<DateOnly> ClosureDays { get; init; } = [];

    /// <summary>When the acknowledgement is not out this many working days after receipt, an error is logged and the director mailed.</summary>
    public int AcknowledgementAlarmWorkingDays { get; init; } = 1;

    /// <summary>The handler is reminded this many working days before the handling term ends.</summary>
    public int ReminderWorkingDays { get; init; } = 5;

    /// <summary>Handler and director are alarmed this many working days before the maximum term when no extension was given.</summary>
    public int MaximumTermAlarmWorkingDays { get; init; } = 5;

    /// <summary>At the end of the handling term without a decision, the case goes to the director (and the complainant is told).</summary>
    public bool EscalateAtTermEnd { get; init; } = true;

    /// <summary>After escalation the complainant hears within this term how the complaint will be handled; the director's term.</summary>
    public Term DirectorTerm { get; init; } = new(1, TermUnit.Months);

    /// <summary>
    /// When not 0: the complainant must have the confirmation that the director has the complaint (the escalation mail)
    /// within this many working days, a deadline of its own; not out by then, an error is logged and the director mailed.
    /// </summary>
    public int DirectorConfirmationWorkingDays { get; init; }

    /// <summary>The time of day (Amsterdam) each working day when every handler with open cases gets the morning overview; null: none.</summary>
    public TimeSpan? MorningOverviewTime { get; init; } = new TimeSpan(7, 30, 0);

    /// <summary>
    /// The time of day (Amsterdam) from which, on the first working day after a quarter or a year ends, every director gets
    /// the report of it (<see cref="Reporting.PeriodicReport"/>); null: none.
    /// </summary>
    public TimeSpan? ReportTime { get; init; } = new TimeSpan(7, 0, 0);

    /// <summary>At the end of the director's term without a decision, the case goes to the third party (the university's board); otherwise the director is reminded.</summary>
    public bool ReferAtDirectorTermEnd { get; init; }

    /// <summary>The independent third party whose decision binds.</summary>
    public ThirdParty ThirdParty { get; init; } = new("de onafhankelijke klachtencommissie", "", null);

    /// <summary>The categories a handler files a case under (<c>#categorie</c>): complaint areas as ISO 10002 suggests analysing them.</summary>
    public IReadOnlyList<CaseCategory> Categories { get; init; } =
    [
        new("bejegening", "Bejegening", "Treatment by staff"),
        new("dienstverlening", "Kwaliteit van de dienstverlening", "Quality of service"),
        new("informatie", "Informatie en communicatie", "Information and communication"),
        new("termijnen", "Wachttijden en termijnen", "Waiting times and deadlines"),
        new("kosten", "Kosten en facturen", "Costs and invoices"),
        new("overig", "Overig", "Other"),
    ];

    /// <inheritdoc />
    public bool Equals(ProcedureSettings? other) => other is not null && CaseNumberPrefix == other.CaseNumberPrefix && LodgingWindowDays == other.LodgingWindowDays
        && AcknowledgeWithinWorkingDays == other.AcknowledgeWithinWorkingDays && HandlingTermWeeks == other.HandlingTermWeeks
        && MaximumTermMonths == other.MaximumTermMonths && ClosureDays.SequenceEqual(other.ClosureDays)
        && AcknowledgementAlarmWorkingDays == other.AcknowledgementAlarmWorkingDays && ReminderWorkingDays == other.ReminderWorkingDays
        && MaximumTermAlarmWorkingDays == other.MaximumTermAlarmWorkingDays
        && EscalateAtTermEnd == other.EscalateAtTermEnd && DirectorTerm == other.DirectorTerm && ReferAtDirectorTermEnd == other.ReferAtDirectorTermEnd
        && DirectorConfirmationWorkingDays == other.DirectorConfirmationWorkingDays && MorningOverviewTime == other.MorningOverviewTime && ReportTime == other.ReportTime
        && ThirdParty == other.ThirdParty && Categories.SequenceEqual(other.Categories);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CaseNumberPrefix, LodgingWindowDays, AcknowledgeWithinWorkingDays, HandlingTermWeeks, MaximumTermMonths, ClosureDays.Count, DirectorTerm, ThirdParty);
}

/// <summary>The independent third party (a complaints committee, the university's board): name, postal address and, when it takes mail, its address.</summary>
public sealed record ThirdParty(string Name, string Address, string? Email);

/// <summary>What a handler may do in the procedure.</summary>
public enum HandlerRole
{
    /// <summary>Handles the cases assigned to them.</summary>
    Handler,

    /// <summary>Receives escalations and may re-assign any case.</summary>
    Director,

    /// <summary>The head of the handlers' department: hears of every new case; changes nothing by mail.</summary>
    DepartmentHead,
}

/// <summary>A person registered in <c>Handlers</c>: only they can change a case by mail.</summary>
public sealed record Handler(string Name, string Email, HandlerRole Role)
{
    /// <summary>The complainants whose account manager this handler is: addresses, and domains (with their subdomains).</summary>
    public IReadOnlyList<string> Complainants { get; init; } = [];

    /// <summary>Words that send a complaint naming one of them, in its subject or text, to this handler.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];
}
