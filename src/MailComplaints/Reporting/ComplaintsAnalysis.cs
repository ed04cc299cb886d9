namespace MailComplaints.Reporting;

/// <summary>
/// The analysis of the complaints procedure over a period beside the period before it (ISO 10002: analysis, satisfaction,
/// monitoring). Every figure is about the complaints received in the period (Amsterdam dates) and what became of them up to
/// <see cref="MadeAt"/>; the messages' outcomes are about every message received in it. docs/report.md says how each is counted.
/// </summary>
public sealed record ComplaintsAnalysis(
    ReportPeriod Period,
    ReportPeriod PreviousPeriod,
    DateTimeOffset MadeAt,
    ProcedureBounds Bounds,
    IReadOnlyList<MonthCount> ReceivedPerMonth,
    MessageOutcomes Outcomes,
    IReadOnlyList<CategoryCount> Categories,
    ChannelCounts Channels,
    IReadOnlyList<LanguageCount> Languages,
    AcknowledgementFigures Acknowledgement,
    DecisionFigures Decision,
    ExtensionFigures Extensions,
    EscalationFigures Escalations,
    ReferralFigures Referrals,
    Resolutions Agreement,
    Compared<int> Withdrawn,
    RepeatComplainants RepeatComplainants,
    IReadOnlyList<CategoryFindings> CausesAndMeasures);

/// <summary>A figure in the period and in the period before it.</summary>
public sealed record Compared<T>(T Period, T Previous);

/// <summary>A part of a whole: <see cref="Count"/> of <see cref="Of"/>, with the percentage (one decimal; null of nothing).</summary>
public sealed record Share(int Count, int Of)
{
    /// <summary>Count as a percentage of Of, rounded to one decimal; null when Of is 0.</summary>
    public decimal? Percent => Of == 0 ? null : Math.Round(100m * Count / Of, 1, MidpointRounding.AwayFromZero);
}

/// <summary>The procedure's bounds the figures are held to, as configured when the report was made.</summary>
public sealed record ProcedureBounds(int AcknowledgeWithinWorkingDays, int HandlingTermWeeks, int MaximumTermMonths);

/// <summary>The complaints received in one month of the period and in the same month of the period before.</summary>
public sealed record MonthCount(DateOnly Month, DateOnly PreviousMonth, Compared<int> Complaints);

/// <summary>
/// What became of every message received: complaints registered or rejected (late, not by email, a repeat of a decided
/// complaint), mail added to an open case, machine mail and other mail ignored, mail that could not be processed.
/// </summary>
public sealed record MessageOutcomes(
    Compared<int> Registered,
    Compared<int> RejectedLate,
    Compared<int> RejectedOtherChannel,
    Compared<int> RejectedRepeat,
    Compared<int> FollowUps,
    Compared<int> MachineMail,
    Compared<int> OtherIgnored,
    Compared<int> Failed)
{
    /// <summary>The complaints received: registered and rejected.</summary>
    public Compared<int> Complaints => new(Registered.Period + RejectedLate.Period + RejectedOtherChannel.Period + RejectedRepeat.Period,
        Registered.Previous + RejectedLate.Previous + RejectedOtherChannel.Previous + RejectedRepeat.Previous);

    /// <summary>Every message received.</summary>
    public Compared<int> Messages => new(Complaints.Period + FollowUps.Period + MachineMail.Period + OtherIgnored.Period + Failed.Period,
        Complaints.Previous + FollowUps.Previous + MachineMail.Previous + OtherIgnored.Previous + Failed.Previous);
}

/// <summary>The registered complaints filed under one category (its key in <c>Procedure:Categories</c>; null: none set).</summary>
public sealed record CategoryCount(string? Key, Compared<int> Complaints);

/// <summary>The registered complaints written in one language (<c>nl</c>, <c>en</c>; null: not known).</summary>
public sealed record LanguageCount(string? Language, Compared<int> Complaints);

/// <summary>The registered complaints by the channel they came in by: by email, or relayed from another channel.</summary>
public sealed record ChannelCounts(Compared<int> Email, Compared<int> Relay);

/// <summary>
/// How soon the registered complaints were acknowledged, in working days after the day of receipt, against the procedure's
/// bound (each case's own last day for it).
/// </summary>
public sealed record AcknowledgementFigures(
    Compared<int> Acknowledged,
    Compared<int> NotAcknowledged,
    Compared<int?> MedianWorkingDays,
    Compared<int?> Percentile90WorkingDays,
    Compared<Share> WithinBound,
    IReadOnlyList<AcknowledgementDays> Distribution);

/// <summary>The acknowledgements sent <see cref="WorkingDays"/> working days after receipt; with <see cref="OrMore"/>, that many or more.</summary>
public sealed record AcknowledgementDays(int WorkingDays, bool OrMore, Compared<int> Complaints);

/// <summary>
/// The time from receipt to the decision (the case closed as resolved), in days, against the handling term and the maximum
/// term counted from the day of receipt; and the complaints not decided yet.
/// </summary>
public sealed record DecisionFigures(
    Compared<int> Decided,
    Compared<int> Undecided,
    Compared<int?> MedianDays,
    Compared<int?> Percentile90Days,
    Compared<Share> WithinTerm,
    Compared<Share> WithinMaximum,
    Compared<int> AfterTermWithinMaximum,
    Compared<int> AfterMaximum);

/// <summary>The complaints whose term was extended, how often, and the reasons (the last reason given for each).</summary>
public sealed record ExtensionFigures(Compared<int> ExtendedComplaints, Compared<int> Extensions, IReadOnlyList<ReasonCount> Reasons);

/// <summary>How many extended complaints had this reason; a null reason was not kept (erased).</summary>
public sealed record ReasonCount(string? Reason, Compared<int> Complaints);

/// <summary>Whether the complainants agreed with the solution of the complaints decided.</summary>
public sealed record Resolutions(Compared<int> Agreed, Compared<int> Disagreed, Compared<int> NotRecorded)
{
    /// <summary>The complaints decided.</summary>
    public Compared<int> Decided => new(Agreed.Period + Disagreed.Period + NotRecorded.Period, Agreed.Previous + Disagreed.Previous + NotRecorded.Previous);

    /// <summary>The complainants who agreed, of those whose answer was recorded.</summary>
    public Compared<Share> AgreedShare => new(new Share(Agreed.Period, Agreed.Period + Disagreed.Period), new Share(Agreed.Previous, Agreed.Previous + Disagreed.Previous));
}

/// <summary>The complaints put before the director, and where each stands now.</summary>
public sealed record EscalationFigures(Compared<int> Escalated, Compared<int> WithTheDirector, Compared<int> Referred, Resolutions Decided, Compared<int> Withdrawn);

/// <summary>The complaints referred to the independent third party, and where each stands now.</summary>
public sealed record ReferralFigures(Compared<int> Referred, Compared<int> WithTheThirdParty, Resolutions Decided, Compared<int> Withdrawn);

/// <summary>
/// The complainants of the complaints received (registered and rejected), by address; a complaint whose complainant was
/// erased has none and counts as <see cref="Unknown"/>.
/// </summary>
public sealed record RepeatComplainants(Compared<int> Complainants, Compared<int> MoreThanOnce, Compared<int> TheirComplaints, Compared<int> Unknown);

/// <summary>The causes and measures recorded for the registered complaints of one category (null: none set).</summary>
public sealed record CategoryFindings(string? Key, Compared<int> WithCause, Compared<int> WithMeasure, IReadOnlyList<Finding> Findings);

/// <summary>The cause and the measure recorded for one complaint of the period.</summary>
public sealed record Finding(string CaseNumber, string? Cause, string? Measure);
