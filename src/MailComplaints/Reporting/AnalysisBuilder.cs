using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Procedure;

namespace MailComplaints.Reporting;

/// <summary>
/// Computes the figures of a <see cref="ComplaintsAnalysis"/> from what <see cref="AnalysisRepository"/> read: pure, on the
/// working-day calendar and the procedure's terms. A message or a case belongs to the period of its Amsterdam date of receipt.
/// Percentiles are nearest-rank: the smallest value such that at least that share of the complaints took no longer.
/// </summary>
public sealed class AnalysisBuilder(ProcedureTerms terms)
{
    /// <summary>The analysis of <paramref name="period"/> beside the period before it, as the register stands at <paramref name="madeAt"/>.</summary>
    public ComplaintsAnalysis Build(ReportPeriod period, IReadOnlyList<AnalysedMessage> messages, IReadOnlyList<AnalysedCase> cases, DateTimeOffset madeAt)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(cases);
        var previous = period.Before();
        var inbox = Split(messages, message => message.ReceivedAt, period, previous);
        var all = Split(cases, @case => @case.ReceivedAt, period, previous);
        var registered = all.Where(@case => @case.Status != CaseStatus.Rejected);
        var settings = terms.Settings;
        return new ComplaintsAnalysis(
            period,
            previous,
            madeAt,
            new ProcedureBounds(settings.AcknowledgeWithinWorkingDays, settings.HandlingTermWeeks, settings.MaximumTermMonths),
            ReceivedPerMonth(period, previous, inbox),
            Outcomes(inbox),
            Categories(registered),
            new ChannelCounts(registered.Count(@case => @case.Channel == CaseChannel.Email), registered.Count(@case => @case.Channel == CaseChannel.Relay)),
            Languages(registered),
            Acknowledgement(registered, madeAt),
            Decision(registered),
            Extensions(registered),
            Escalations(registered.Where(@case => @case.Escalated)),
            Referrals(registered.Where(@case => @case.Referred)),
            ResolutionsOf(registered),
            registered.Count(@case => @case.Status == CaseStatus.Withdrawn),
            Repeats(all),
            CausesAndMeasures(registered));
    }

    private static Pair<T> Split<T>(IReadOnlyList<T> items, Func<T, DateTimeOffset> receivedAt, ReportPeriod period, ReportPeriod previous) => new(
        items.Where(item => period.Contains(WorkingDayCalendar.DateIn(receivedAt(item)))).ToList(),
        items.Where(item => previous.Contains(WorkingDayCalendar.DateIn(receivedAt(item)))).ToList());

    private static List<MonthCount> ReceivedPerMonth(ReportPeriod period, ReportPeriod previous, Pair<AnalysedMessage> inbox)
    {
        var complaints = inbox.Where(message => message.Outcome is MessageOutcome.Registered or MessageOutcome.Rejected);
        return period.Months.Zip(previous.Months, (month, before) => new MonthCount(month, before, new Compared<int>(
            complaints.Period.Count(message => InMonth(message.ReceivedAt, month)), complaints.Previous.Count(message => InMonth(message.ReceivedAt, before))))).ToList();
    }

    private static bool InMonth(DateTimeOffset instant, DateOnly month)
    {
        var day = WorkingDayCalendar.DateIn(instant);
        return day.Year == month.Year && day.Month == month.Month;
    }

    private static MessageOutcomes Outcomes(Pair<AnalysedMessage> inbox) => new(
        inbox.Count(message => message.Outcome == MessageOutcome.Registered),
        inbox.Count(message => Rejection(message) == RejectionReason.Late),
        inbox.Count(message => Rejection(message) == RejectionReason.OtherChannel),
        inbox.Count(message => Rejection(message) == RejectionReason.Duplicate),
        inbox.Count(message => message.Outcome == MessageOutcome.FollowUp),
        inbox.Count(message => message.Outcome == MessageOutcome.Ignored && message.MachineMail),
        inbox.Count(message => message.Outcome == MessageOutcome.Ignored && !message.MachineMail),
        inbox.Count(message => message.Outcome == MessageOutcome.Failed));

    // A rejected complaint is a closed case with its rule; a repeat of a decided complaint has no case of its own and points
    // at the decided one.
    private static RejectionReason? Rejection(AnalysedMessage message) => message switch
    {
        { Outcome: not MessageOutcome.Rejected } => null,
        { CaseStatus: CaseStatus.Rejected, CaseStatusReason: nameof(RejectionReason.OtherChannel) } => RejectionReason.OtherChannel,
        { CaseStatus: CaseStatus.Rejected } => RejectionReason.Late,
        _ => RejectionReason.Duplicate,
    };

    // Every configured category in its order (also when nothing was filed under it), then keys no longer configured, then none.
    private List<CategoryCount> Categories(Pair<AnalysedCase> registered) => CategoryKeys(registered)
        .Select(key => new CategoryCount(key, registered.Count(@case => @case.Category == key)))
        .Where(count => count.Key is not null || count.Complaints.Period + count.Complaints.Previous > 0)
        .ToList();

    private List<string?> CategoryKeys(Pair<AnalysedCase> registered)
    {
        var configured = terms.Settings.Categories.Select(category => category.Key).ToList();
        var others = registered.Period.Concat(registered.Previous).Select(@case => @case.Category).OfType<string>()
            .Where(key => !configured.Contains(key)).Distinct().Order(StringComparer.Ordinal);
        return [.. configured, .. others, null];
    }

    private static readonly string[] Bilingual = ["nl", "en"];

    // Dutch and English always, then any other language written, then none known.
    private static List<LanguageCount> Languages(Pair<AnalysedCase> registered) =>
        Bilingual.Concat(registered.Period.Concat(registered.Previous).Select(@case => @case.Language).OfType<string>().Where(language => language is not ("nl" or "en"))
            .Distinct().Order(StringComparer.Ordinal)).Append(null)
        .Select(language => new LanguageCount(language, registered.Count(@case => @case.Language == language)))
        .Where(count => count.Language is "nl" or "en" || count.Complaints.Period + count.Complaints.Previous > 0)
        .ToList();

    private AcknowledgementFigures Acknowledgement(Pair<AnalysedCase> registered, DateTimeOffset madeAt)
    {
        var bound = terms.Settings.AcknowledgeWithinWorkingDays;
        var days = registered.Where(@case => @case.AcknowledgedAt is not null).Each(list => list.Select(AcknowledgementWorkingDays));
        var today = WorkingDayCalendar.DateIn(madeAt);
        // Judged: what was acknowledged, and what was not while its last day has passed.
        Share WithinBound(List<AnalysedCase> list) => new(
            list.Count(@case => @case.AcknowledgedAt is { } sent && WorkingDayCalendar.DateIn(sent) <= AcknowledgeBy(@case)),
            list.Count(@case => @case.AcknowledgedAt is not null || AcknowledgeBy(@case) < today));
        return new AcknowledgementFigures(
            registered.Count(@case => @case.AcknowledgedAt is not null),
            registered.Count(@case => @case.AcknowledgedAt is null),
            days.Select(list => Percentile(list, 50)),
            days.Select(list => Percentile(list, 90)),
            registered.Select(WithinBound),
            Enumerable.Range(0, bound + 2).Select(n => new AcknowledgementDays(n, n > bound,
                days.Select(list => list.Count(day => n > bound ? day > bound : day == n)))).ToList());
    }

    private int AcknowledgementWorkingDays(AnalysedCase @case) =>
        Math.Max(0, terms.Calendar.WorkingDaysBetween(WorkingDayCalendar.DateIn(@case.ReceivedAt), WorkingDayCalendar.DateIn(@case.AcknowledgedAt!.Value)));

    private DateOnly AcknowledgeBy(AnalysedCase @case) => @case.AcknowledgeBy ?? terms.For(@case.ReceivedAt).AcknowledgeBy;

    private DecisionFigures Decision(Pair<AnalysedCase> registered)
    {
        var decided = registered.Where(IsDecided);
        var days = decided.Each(list => list.Select(@case => DecidedOn(@case).DayNumber - WorkingDayCalendar.DateIn(@case.ReceivedAt).DayNumber));
        return new DecisionFigures(
            decided.Select(list => list.Count),
            registered.Count(@case => @case.ClosedAt is null),
            days.Select(list => Percentile(list, 50)),
            days.Select(list => Percentile(list, 90)),
            decided.Select(list => new Share(list.Count(WithinTerm), list.Count)),
            decided.Select(list => new Share(list.Count(WithinMaximum), list.Count)),
            decided.Count(@case => !WithinTerm(@case) && WithinMaximum(@case)),
            decided.Count(@case => !WithinMaximum(@case)));
    }

    private static bool IsDecided(AnalysedCase @case) => @case is { Status: CaseStatus.Resolved, ClosedAt: not null };

    private static DateOnly DecidedOn(AnalysedCase @case) => WorkingDayCalendar.DateIn(@case.ClosedAt!.Value);

    // Against the terms as the procedure sets them from the day of receipt; extensions have their own figures.
    private bool WithinTerm(AnalysedCase @case) => DecidedOn(@case) <= terms.HandlingTermFrom(WorkingDayCalendar.DateIn(@case.ReceivedAt));

    private bool WithinMaximum(AnalysedCase @case) =>
        DecidedOn(@case) <= terms.Calendar.EndOfTermInMonths(WorkingDayCalendar.DateIn(@case.ReceivedAt), terms.Settings.MaximumTermMonths);

    private static ExtensionFigures Extensions(Pair<AnalysedCase> registered)
    {
        var extended = registered.Where(@case => @case.Extensions > 0);
        var reasons = extended.Period.Concat(extended.Previous).Select(@case => @case.ExtensionReason?.Trim()).Distinct()
            .Select(reason => new ReasonCount(reason, extended.Count(@case => @case.ExtensionReason?.Trim() == reason)))
            .OrderBy(count => count.Reason is null).ThenByDescending(count => count.Complaints.Period).ThenByDescending(count => count.Complaints.Previous)
            .ThenBy(count => count.Reason, StringComparer.Ordinal).ToList();
        return new ExtensionFigures(extended.Select(list => list.Count), extended.Select(list => list.Sum(@case => @case.Extensions)), reasons);
    }

    private static EscalationFigures Escalations(Pair<AnalysedCase> escalated) => new(
        escalated.Select(list => list.Count),
        escalated.Count(@case => @case.Status == CaseStatus.Escalated),
        escalated.Count(@case => @case.Status == CaseStatus.Referred),
        ResolutionsOf(escalated),
        escalated.Count(@case => @case.Status == CaseStatus.Withdrawn));

    private static ReferralFigures Referrals(Pair<AnalysedCase> referred) => new(
        referred.Select(list => list.Count),
        referred.Count(@case => @case.Status == CaseStatus.Referred),
        ResolutionsOf(referred),
        referred.Count(@case => @case.Status == CaseStatus.Withdrawn));

    private static Resolutions ResolutionsOf(Pair<AnalysedCase> cases) => new(
        cases.Count(@case => IsDecided(@case) && @case.ComplainantAgrees == true),
        cases.Count(@case => IsDecided(@case) && @case.ComplainantAgrees == false),
        cases.Count(@case => IsDecided(@case) && @case.ComplainantAgrees is null));

    private static RepeatComplainants Repeats(Pair<AnalysedCase> all)
    {
        var perComplainant = all.Where(@case => @case.ComplainantKey is not null)
            .Each(list => list.GroupBy(@case => @case.ComplainantKey, StringComparer.Ordinal).Select(group => group.Count()));
        return new RepeatComplainants(
            perComplainant.Select(counts => counts.Count),
            perComplainant.Select(counts => counts.Count(count => count > 1)),
            perComplainant.Select(counts => counts.Where(count => count > 1).Sum()),
            all.Count(@case => @case.ComplainantKey is null));
    }

    private List<CategoryFindings> CausesAndMeasures(Pair<AnalysedCase> registered) => CategoryKeys(registered)
        .Select(key => new CategoryFindings(key,
            registered.Count(@case => @case.Category == key && @case.Cause is not null),
            registered.Count(@case => @case.Category == key && @case.Measure is not null),
            registered.Period.Where(@case => @case.Category == key && (@case.Cause is not null || @case.Measure is not null))
                .OrderBy(@case => @case.Number, StringComparer.Ordinal).Select(@case => new Finding(@case.Number, @case.Cause, @case.Measure)).ToList()))
        .Where(findings => findings.WithCause.Period + findings.WithCause.Previous + findings.WithMeasure.Period + findings.WithMeasure.Previous > 0)
        .ToList();

    private static int? Percentile(List<int> values, int percent)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1];
    }

    // The same items split into the period's and the previous period's, counted and transformed side by side.
    private sealed record Pair<T>(List<T> Period, List<T> Previous)
    {
        public Pair<T> Where(Func<T, bool> predicate) => new(Period.Where(predicate).ToList(), Previous.Where(predicate).ToList());

        public Pair<TOut> Each<TOut>(Func<List<T>, IEnumerable<TOut>> map) => new(map(Period).ToList(), map(Previous).ToList());

        public Compared<int> Count(Func<T, bool> predicate) => new(Period.Count(predicate), Previous.Count(predicate));

        public Compared<TResult> Select<TResult>(Func<List<T>, TResult> map) => new(map(Period), map(Previous));
    }
}
