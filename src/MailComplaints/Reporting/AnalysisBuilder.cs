using MailComplaints.Procedure;

namespace MailComplaints.Reporting;

/// <summary>
/// Computes the figures of a <see cref="ComplaintsAnalysis"/> from what <see cref="AnalysisRepository"/> reads, one message and
/// one case at a time: each is counted in the period of its Amsterdam date of receipt (a <see cref="PeriodTally"/>) and let go,
/// so that a national register's two periods are never in memory at once. Pure, on the working-day calendar and the
/// procedure's terms. Percentiles are nearest-rank: the smallest value such that at least that share of the complaints took no longer.
/// </summary>
public sealed class AnalysisBuilder
{
    private static readonly string[] Bilingual = ["nl", "en"];

    private readonly ProcedureTerms terms;
    private readonly ReportPeriod period;
    private readonly ReportPeriod previous;
    private readonly DateTimeOffset madeAt;
    private readonly PeriodTally current;
    private readonly PeriodTally before;

    /// <summary>Starts the analysis of <paramref name="period"/> beside the period before it, as the register stands at <paramref name="madeAt"/>.</summary>
    public AnalysisBuilder(ProcedureTerms terms, ReportPeriod period, DateTimeOffset madeAt)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(period);
        this.terms = terms;
        this.period = period;
        previous = period.Before();
        this.madeAt = madeAt;
        var today = WorkingDayCalendar.DateIn(madeAt);
        // Only the period's own causes and measures are listed; the period before counts them.
        current = new PeriodTally(terms, today, keepsFindings: true);
        before = new PeriodTally(terms, today, keepsFindings: false);
    }

    /// <summary>Counts a message of the ledger; one received outside both periods is left out.</summary>
    public void Add(AnalysedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        TallyOf(message.ReceivedAt)?.Add(message);
    }

    /// <summary>Counts a case, registered or rejected; one received outside both periods is left out.</summary>
    public void Add(AnalysedCase @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        TallyOf(@case.ReceivedAt)?.Add(@case);
    }

    /// <summary>The analysis of what was added.</summary>
    public ComplaintsAnalysis Build()
    {
        var settings = terms.Settings;
        var categories = CategoryKeys();
        return new ComplaintsAnalysis(
            period,
            previous,
            madeAt,
            new ProcedureBounds(settings.AcknowledgeWithinWorkingDays, settings.HandlingTermWeeks, settings.MaximumTermMonths),
            ReceivedPerMonth(),
            Outcomes(),
            Categories(categories),
            new ChannelCounts(Both(tally => tally.ByEmail), Both(tally => tally.Relayed)),
            Languages(),
            Acknowledgement(),
            Decision(),
            Extensions(),
            Escalations(),
            Referrals(),
            Resolutions(tally => tally.Complaints),
            Both(tally => tally.Complaints.Withdrawn),
            Repeats(),
            CausesAndMeasures(categories));
    }

    private PeriodTally? TallyOf(DateTimeOffset receivedAt)
    {
        var day = WorkingDayCalendar.DateIn(receivedAt);
        return period.Contains(day) ? current : previous.Contains(day) ? before : null;
    }

    // A figure of the period beside the same figure of the period before.
    private Compared<T> Both<T>(Func<PeriodTally, T> figure) => new(figure(current), figure(before));

    private Resolutions Resolutions(Func<PeriodTally, CaseStandings> standings) =>
        new(Both(tally => standings(tally).Agreed), Both(tally => standings(tally).Disagreed), Both(tally => standings(tally).NotRecorded));

    // Every configured category in its order (also when nothing was filed under it), then keys no longer configured, then none.
    private List<string?> CategoryKeys()
    {
        var configured = terms.Settings.Categories.Select(category => category.Key).ToList();
        var others = current.Categories.Keys.Concat(before.Categories.Keys).OfType<string>()
            .Where(key => !configured.Contains(key)).Distinct().Order(StringComparer.Ordinal);
        return [.. configured, .. others, null];
    }

    // Dutch and English always, then any other language written, then none known.
    private List<LanguageCount> Languages() =>
        Bilingual.Concat(current.Languages.Keys.Concat(before.Languages.Keys).OfType<string>().Where(language => language is not ("nl" or "en"))
            .Distinct().Order(StringComparer.Ordinal)).Append(null)
        .Select(language => new LanguageCount(language, Both(tally => tally.Languages[language])))
        .Where(count => count.Language is "nl" or "en" || count.Complaints.Period + count.Complaints.Previous > 0)
        .ToList();

    private AcknowledgementFigures Acknowledgement()
    {
        var bound = terms.Settings.AcknowledgeWithinWorkingDays;
        return new AcknowledgementFigures(
            Both(tally => tally.Acknowledged),
            Both(tally => tally.NotAcknowledged),
            Both(tally => Percentile(tally.AcknowledgementWorkingDays, 50)),
            Both(tally => Percentile(tally.AcknowledgementWorkingDays, 90)),
            Both(tally => tally.AcknowledgedWithinBound),
            Enumerable.Range(0, bound + 2).Select(n => new AcknowledgementDays(n, n > bound,
                Both(tally => tally.AcknowledgementWorkingDays.Count(day => n > bound ? day > bound : day == n)))).ToList());
    }

    // The reasons as last given, trimmed; most frequent first, a reason no longer kept (erased) last.
    private ExtensionFigures Extensions()
    {
        var reasons = current.ExtensionReasons.Keys.Concat(before.ExtensionReasons.Keys).Distinct()
            .Select(reason => new ReasonCount(reason, Both(tally => tally.ExtensionReasons[reason])))
            .OrderBy(count => count.Reason is null).ThenByDescending(count => count.Complaints.Period).ThenByDescending(count => count.Complaints.Previous)
            .ThenBy(count => count.Reason, StringComparer.Ordinal).ToList();
        return new ExtensionFigures(Both(tally => tally.Extended), Both(tally => tally.Extensions), reasons);
    }

    private List<MonthCount> ReceivedPerMonth() => period.Months.Zip(previous.Months, (month, monthBefore) =>
        new MonthCount(month, monthBefore, new Compared<int>(current.ComplaintsIn(month), before.ComplaintsIn(monthBefore)))).ToList();

    private MessageOutcomes Outcomes() => new(
        Both(tally => tally.Registered),
        Both(tally => tally.RejectedLate),
        Both(tally => tally.RejectedOtherChannel),
        Both(tally => tally.RejectedRepeat),
        Both(tally => tally.FollowUps),
        Both(tally => tally.MachineMail),
        Both(tally => tally.OtherIgnored),
        Both(tally => tally.Failed));

    private List<CategoryCount> Categories(List<string?> keys) => keys
        .Select(key => new CategoryCount(key, Both(tally => tally.Categories[key])))
        .Where(count => count.Key is not null || count.Complaints.Period + count.Complaints.Previous > 0)
        .ToList();

    private DecisionFigures Decision() => new(
        Both(tally => tally.Decided),
        Both(tally => tally.Undecided),
        Both(tally => Percentile(tally.DecisionDays, 50)),
        Both(tally => Percentile(tally.DecisionDays, 90)),
        Both(tally => new Share(tally.DecidedWithinTerm, tally.Decided)),
        Both(tally => new Share(tally.DecidedWithinMaximum, tally.Decided)),
        Both(tally => tally.DecidedAfterTermWithinMaximum),
        Both(tally => tally.DecidedAfterMaximum));

    private EscalationFigures Escalations() => new(
        Both(tally => tally.Escalated.Count),
        Both(tally => tally.Escalated.WithTheDirector),
        Both(tally => tally.Escalated.WithTheThirdParty),
        Resolutions(tally => tally.Escalated),
        Both(tally => tally.Escalated.Withdrawn));

    private ReferralFigures Referrals() => new(
        Both(tally => tally.Referred.Count),
        Both(tally => tally.Referred.WithTheThirdParty),
        Resolutions(tally => tally.Referred),
        Both(tally => tally.Referred.Withdrawn));

    private RepeatComplainants Repeats() => new(
        Both(tally => tally.Complainants),
        Both(tally => tally.ComplainantsMoreThanOnce),
        Both(tally => tally.ComplaintsOfRepeatComplainants),
        Both(tally => tally.UnknownComplainants));

    private List<CategoryFindings> CausesAndMeasures(List<string?> keys) => keys
        .Select(key => new CategoryFindings(key, Both(tally => tally.WithCause[key]), Both(tally => tally.WithMeasure[key]), current.Findings(key).ToList()))
        .Where(findings => findings.WithCause.Period + findings.WithCause.Previous + findings.WithMeasure.Period + findings.WithMeasure.Previous > 0)
        .ToList();

    private static int? Percentile(IReadOnlyList<int> values, int percent)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1];
    }
}
