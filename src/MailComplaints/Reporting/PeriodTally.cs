using System.Runtime.InteropServices;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Procedure;

namespace MailComplaints.Reporting;

/// <summary>
/// The counts of one period, kept as its messages and cases are read one at a time: what <see cref="AnalysisBuilder"/> makes
/// the figures of. It keeps no message or case, only the numbers the percentiles need, the complainants' addresses and, when
/// asked, the period's causes and measures.
/// </summary>
internal sealed class PeriodTally(ProcedureTerms terms, DateOnly today, bool keepsFindings)
{
    private readonly Dictionary<DateOnly, int> complaintsPerMonth = [];
    private readonly Dictionary<string, int> complaintsPerComplainant = new(StringComparer.Ordinal);
    private readonly List<int> acknowledgementDays = [];
    private readonly List<int> decisionDays = [];
    private readonly List<(string? Category, Finding Finding)> findings = [];
    private int acknowledgedWithinBound;
    private int acknowledgementsJudged;

    // The messages, by what became of them.
    public int Registered { get; private set; }
    public int RejectedLate { get; private set; }
    public int RejectedOtherChannel { get; private set; }
    public int RejectedRepeat { get; private set; }
    public int FollowUps { get; private set; }
    public int MachineMail { get; private set; }
    public int OtherIgnored { get; private set; }
    public int Failed { get; private set; }

    // The complainants of every complaint, registered or rejected.
    public int Complainants => complaintsPerComplainant.Count;
    public int ComplainantsMoreThanOnce => complaintsPerComplainant.Values.Count(complaints => complaints > 1);
    public int ComplaintsOfRepeatComplainants => complaintsPerComplainant.Values.Where(complaints => complaints > 1).Sum();
    public int UnknownComplainants { get; private set; }

    // The registered complaints from here on.
    public KeyedCounts Categories { get; } = new();
    public KeyedCounts Languages { get; } = new();
    public int ByEmail { get; private set; }
    public int Relayed { get; private set; }

    public int Acknowledged { get; private set; }
    public int NotAcknowledged { get; private set; }
    public IReadOnlyList<int> AcknowledgementWorkingDays => acknowledgementDays;
    public Share AcknowledgedWithinBound => new(acknowledgedWithinBound, acknowledgementsJudged);

    public int Decided { get; private set; }
    public int Undecided { get; private set; }
    public IReadOnlyList<int> DecisionDays => decisionDays;
    public int DecidedWithinTerm { get; private set; }
    public int DecidedWithinMaximum { get; private set; }
    public int DecidedAfterTermWithinMaximum { get; private set; }
    public int DecidedAfterMaximum { get; private set; }

    public int Extended { get; private set; }
    public int Extensions { get; private set; }
    public KeyedCounts ExtensionReasons { get; } = new();

    public CaseStandings Complaints { get; } = new();
    public CaseStandings Escalated { get; } = new();
    public CaseStandings Referred { get; } = new();

    public KeyedCounts WithCause { get; } = new();
    public KeyedCounts WithMeasure { get; } = new();

    /// <summary>The period's complaints with a cause or a measure under <paramref name="category"/>, by case number (only when it keeps findings).</summary>
    public IEnumerable<Finding> Findings(string? category) =>
        findings.Where(finding => finding.Category == category).Select(finding => finding.Finding).OrderBy(finding => finding.CaseNumber, StringComparer.Ordinal);

    /// <summary>The complaints (registered or rejected) received in the month that begins on <paramref name="month"/>.</summary>
    public int ComplaintsIn(DateOnly month) => complaintsPerMonth.GetValueOrDefault(month);

    public void Add(AnalysedMessage message)
    {
        switch (message.Outcome)
        {
            case MessageOutcome.Registered:
                Registered++;
                break;
            case MessageOutcome.Rejected when message.CaseStatus is not CaseStatus.Rejected:
                // A repeat of a decided complaint has no case of its own and points at the decided one.
                RejectedRepeat++;
                break;
            case MessageOutcome.Rejected when message.CaseStatusReason == nameof(RejectionReason.OtherChannel):
                RejectedOtherChannel++;
                break;
            case MessageOutcome.Rejected:
                RejectedLate++;
                break;
            case MessageOutcome.FollowUp:
                FollowUps++;
                break;
            case MessageOutcome.Ignored when message.MachineMail:
                MachineMail++;
                break;
            case MessageOutcome.Ignored:
                OtherIgnored++;
                break;
            case MessageOutcome.Failed:
                Failed++;
                break;
        }
        if (message.Outcome is MessageOutcome.Registered or MessageOutcome.Rejected)
        {
            var day = WorkingDayCalendar.DateIn(message.ReceivedAt);
            CollectionsMarshal.GetValueRefOrAddDefault(complaintsPerMonth, new DateOnly(day.Year, day.Month, 1), out _)++;
        }
    }

    public void Add(AnalysedCase @case)
    {
        if (@case.ComplainantKey is { } key)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(complaintsPerComplainant, key, out _)++;
        }
        else
        {
            UnknownComplainants++;
        }
        if (@case.Status == CaseStatus.Rejected)
        {
            return;
        }
        Categories.Add(@case.Category);
        Languages.Add(@case.Language);
        ByEmail += @case.Channel == CaseChannel.Email ? 1 : 0;
        Relayed += @case.Channel == CaseChannel.Relay ? 1 : 0;
        AddAcknowledgement(@case);
        AddDecision(@case);
        if (@case.Extensions > 0)
        {
            Extended++;
            Extensions += @case.Extensions;
            ExtensionReasons.Add(@case.ExtensionReason?.Trim());
        }
        Complaints.Add(@case);
        if (@case.Escalated)
        {
            Escalated.Add(@case);
        }
        if (@case.Referred)
        {
            Referred.Add(@case);
        }
        if (@case.Cause is not null)
        {
            WithCause.Add(@case.Category);
        }
        if (@case.Measure is not null)
        {
            WithMeasure.Add(@case.Category);
        }
        if (keepsFindings && (@case.Cause is not null || @case.Measure is not null))
        {
            findings.Add((@case.Category, new Finding(@case.Number, @case.Cause, @case.Measure)));
        }
    }

    // Judged: what was acknowledged, and what was not while its last day has passed.
    private void AddAcknowledgement(AnalysedCase @case)
    {
        var acknowledgeBy = @case.AcknowledgeBy ?? terms.For(@case.ReceivedAt).AcknowledgeBy;
        if (@case.AcknowledgedAt is { } sent)
        {
            Acknowledged++;
            acknowledgementsJudged++;
            acknowledgementDays.Add(Math.Max(0, terms.Calendar.WorkingDaysBetween(WorkingDayCalendar.DateIn(@case.ReceivedAt), WorkingDayCalendar.DateIn(sent))));
            acknowledgedWithinBound += WorkingDayCalendar.DateIn(sent) <= acknowledgeBy ? 1 : 0;
        }
        else
        {
            NotAcknowledged++;
            acknowledgementsJudged += acknowledgeBy < today ? 1 : 0;
        }
    }

    // Against the terms as the procedure sets them from the day of receipt; extensions have their own figures.
    private void AddDecision(AnalysedCase @case)
    {
        if (@case.ClosedAt is null)
        {
            Undecided++;
        }
        if (!CaseStandings.IsDecided(@case))
        {
            return;
        }
        var received = WorkingDayCalendar.DateIn(@case.ReceivedAt);
        var decidedOn = WorkingDayCalendar.DateIn(@case.ClosedAt!.Value);
        var withinTerm = decidedOn <= terms.HandlingTermFrom(received);
        var withinMaximum = decidedOn <= terms.Calendar.EndOfTermInMonths(received, terms.Settings.MaximumTermMonths);
        Decided++;
        decisionDays.Add(decidedOn.DayNumber - received.DayNumber);
        DecidedWithinTerm += withinTerm ? 1 : 0;
        DecidedWithinMaximum += withinMaximum ? 1 : 0;
        DecidedAfterTermWithinMaximum += !withinTerm && withinMaximum ? 1 : 0;
        DecidedAfterMaximum += withinMaximum ? 0 : 1;
    }
}

/// <summary>How many complaints had each key (a category, a language, a reason); null (none) is a key too.</summary>
internal sealed class KeyedCounts
{
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);
    private int none;

    /// <summary>The keys counted, null among them when it was.</summary>
    public IEnumerable<string?> Keys => none > 0 ? counts.Keys.Append(null) : counts.Keys;

    /// <summary>How many had <paramref name="key"/>.</summary>
    public int this[string? key] => key is null ? none : counts.GetValueOrDefault(key);

    public void Add(string? key)
    {
        if (key is null)
        {
            none++;
        }
        else
        {
            CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
        }
    }
}

/// <summary>Complaints by where they stand now: the statuses that have a figure, and the decided ones by the complainant's answer.</summary>
internal sealed class CaseStandings
{
    public int Count { get; private set; }
    public int WithTheDirector { get; private set; }
    public int WithTheThirdParty { get; private set; }
    public int Withdrawn { get; private set; }
    public int Agreed { get; private set; }
    public int Disagreed { get; private set; }
    public int NotRecorded { get; private set; }

    /// <summary>Whether the complaint was decided: closed as resolved.</summary>
    public static bool IsDecided(AnalysedCase @case) => @case is { Status: CaseStatus.Resolved, ClosedAt: not null };

    public void Add(AnalysedCase @case)
    {
        Count++;
        WithTheDirector += @case.Status == CaseStatus.Escalated ? 1 : 0;
        WithTheThirdParty += @case.Status == CaseStatus.Referred ? 1 : 0;
        Withdrawn += @case.Status == CaseStatus.Withdrawn ? 1 : 0;
        if (IsDecided(@case))
        {
            Agreed += @case.ComplainantAgrees == true ? 1 : 0;
            Disagreed += @case.ComplainantAgrees == false ? 1 : 0;
            NotRecorded += @case.ComplainantAgrees is null ? 1 : 0;
        }
    }
}
