using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Procedure;

namespace MailComplaints.Reporting;

/// <summary>
/// A small analysis of 2026 beside 2025 in which every section has figures: the report template's sample values, which the
/// start-up check and <c>templates check</c> render it with.
/// </summary>
public static class ReportSample
{
    /// <summary>The sample analysis.</summary>
    public static ComplaintsAnalysis Analysis()
    {
        static DateTimeOffset At(int year, int month, int day) => WorkingDayCalendar.StartOfDay(new DateOnly(year, month, day)).AddHours(10);
        AnalysedCase Case(string number, CaseStatus status, DateTimeOffset received, DateTimeOffset? closed, bool? agrees) =>
            new(number, status, null, number.ToLowerInvariant() + "@example.nl", "nl", agrees, received, closed, null, received.AddDays(1), null, CaseChannel.Email, "bejegening", null, null);
        AnalysedCase[] cases =
        [
            Case("KL-2026-00001", CaseStatus.Resolved, At(2026, 2, 3), At(2026, 3, 2), true) with
            {
                ComplainantKey = "jan@example.nl", Cause = "De monteur had de verkeerde planning.", Measure = "Monteurs bellen voortaan de dag ervoor.",
            },
            Case("KL-2026-00002", CaseStatus.Resolved, At(2026, 5, 4), At(2026, 8, 3), false) with
            {
                ComplainantKey = "jan@example.nl", Category = "termijnen", ExtensionReason = "Wachten op het rapport van de aannemer.", Extensions = 1, Escalated = true,
            },
            Case("KL-2026-00003", CaseStatus.Referred, At(2026, 9, 7), null, null) with { Category = null, Escalated = true, Referred = true, Channel = CaseChannel.Relay },
            Case("KL-2025-00001", CaseStatus.Withdrawn, At(2025, 4, 1), At(2025, 4, 10), null) with { ComplainantKey = null, AcknowledgedAt = null },
        ];
        AnalysedMessage[] messages =
        [
            new(At(2026, 2, 3), MessageOutcome.Registered, false, CaseStatus.Resolved, null),
            new(At(2026, 5, 4), MessageOutcome.Registered, false, CaseStatus.Resolved, null),
            new(At(2026, 9, 7), MessageOutcome.Registered, false, CaseStatus.Referred, null),
            new(At(2026, 6, 1), MessageOutcome.Rejected, false, CaseStatus.Rejected, nameof(RejectionReason.Late)),
            new(At(2026, 6, 2), MessageOutcome.Ignored, true, null, null),
            new(At(2025, 4, 1), MessageOutcome.Registered, false, CaseStatus.Withdrawn, null),
            new(At(2025, 4, 2), MessageOutcome.Failed, false, null, null),
        ];
        var analysis = new AnalysisBuilder(new ProcedureTerms(ProcedureSettings.Default, WorkingDayCalendar.Statutory), ReportPeriod.OfYear(2026), At(2027, 1, 4));
        foreach (var message in messages)
        {
            analysis.Add(message);
        }
        foreach (var @case in cases)
        {
            analysis.Add(@case);
        }
        return analysis.Build();
    }

    /// <summary>The sample analysis as the report's template gets it, in Dutch.</summary>
    public static Dictionary<string, object?> Model() => ReportModel.Of(Analysis(), "nl", ProcedureSettings.Default.Categories, "Woonstichting De Linde");
}
