using System.Globalization;

namespace MailComplaints.Reporting;

/// <summary>What a figure's number is: a count, a percentage, days or working days.</summary>
public enum FigureUnit
{
    /// <summary>How many.</summary>
    Count,

    /// <summary>A percentage, one decimal.</summary>
    Percent,

    /// <summary>Calendar days.</summary>
    Days,

    /// <summary>Working days.</summary>
    WorkingDays,
}

/// <summary>What a figure is of: one of a closed set, each written in the CSV as <see cref="Csv"/> and worded by the report's template.</summary>
public abstract record FigureLabel
{
    /// <summary>The label in the CSV.</summary>
    public abstract string Csv { get; }

    /// <summary>A figure the template words by its code (<c>rejected-late</c>), as docs/report.md lists them.</summary>
    public sealed record Code(string Name) : FigureLabel
    {
        /// <inheritdoc />
        public override string Csv => Name;
    }

    /// <summary>A category by its key; null: the complaints filed under none (<c>none</c> in the CSV).</summary>
    public sealed record Category(string? Key) : FigureLabel
    {
        /// <inheritdoc />
        public override string Csv => Key ?? "none";
    }

    /// <summary>A month of the period, compared with the same month of the period before (<c>2026-07</c> in the CSV).</summary>
    public sealed record Month(DateOnly Of, DateOnly Before) : FigureLabel
    {
        /// <inheritdoc />
        public override string Csv => Of.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>Words a handler wrote (an extension's reason).</summary>
    public sealed record Text(string Words) : FigureLabel
    {
        /// <inheritdoc />
        public override string Csv => Words;
    }
}

/// <summary>One figure of the period beside the period before; a null value is none (no complaint to measure).</summary>
public sealed record Figure(FigureLabel Label, FigureUnit Unit, decimal? Period, decimal? Previous)
{
    /// <summary>Drawn as a pair of bars in the section's chart.</summary>
    public bool InChart { get; init; }
}

/// <summary>A section of the report: its code (<c>outcomes</c>), its figures, and whether it has a chart.</summary>
public sealed record FigureSection(string Code, IReadOnlyList<Figure> Figures)
{
    /// <summary>The figures drawn in the section's chart; none: the section has a table only.</summary>
    public IReadOnlyList<Figure> Charted => Figures.Where(figure => figure.InChart).ToList();
}

/// <summary>
/// The analysis as sections of figures, in the report's order: what the HTML's tables and charts and the CSV's rows are made
/// of, so that they carry the same figures. The texts of causes and measures are not figures; the HTML lists them.
/// </summary>
public static class ReportFigures
{
    /// <summary>Every section of <paramref name="analysis"/>.</summary>
    public static IReadOnlyList<FigureSection> Of(ComplaintsAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var outcomes = analysis.Outcomes;
        var acknowledgement = analysis.Acknowledgement;
        var decision = analysis.Decision;
        var bounds = analysis.Bounds;
        return
        [
            new("complaints-per-month", analysis.ReceivedPerMonth.Select(month => Counted(new FigureLabel.Month(month.Month, month.PreviousMonth), month.Complaints, chart: true)).ToList()),
            new("outcomes",
            [
                Counted("registered", outcomes.Registered, chart: true),
                Counted("rejected-late", outcomes.RejectedLate, chart: true),
                Counted("rejected-other-channel", outcomes.RejectedOtherChannel, chart: true),
                Counted("rejected-repeat", outcomes.RejectedRepeat, chart: true),
                Counted("follow-up", outcomes.FollowUps, chart: true),
                Counted("machine-mail", outcomes.MachineMail, chart: true),
                Counted("ignored-other", outcomes.OtherIgnored, chart: true),
                Counted("failed", outcomes.Failed, chart: true),
                Counted("complaints", outcomes.Complaints),
                Counted("messages", outcomes.Messages),
            ]),
            new("categories", analysis.Categories.Select(category => Counted(new FigureLabel.Category(category.Key), category.Complaints, chart: true)).ToList()),
            new("channels", [Counted("email", analysis.Channels.Email), Counted("relay", analysis.Channels.Relay)]),
            new("languages", analysis.Languages.Select(language => Counted(language.Language ?? "unknown", language.Complaints)).ToList()),
            new("acknowledgement",
            [
                Counted("acknowledged", acknowledgement.Acknowledged),
                Counted("not-acknowledged", acknowledgement.NotAcknowledged),
                Measured("median", FigureUnit.WorkingDays, acknowledgement.MedianWorkingDays),
                Measured("percentile-90", FigureUnit.WorkingDays, acknowledgement.Percentile90WorkingDays),
                .. Shared("within-bound", acknowledgement.WithinBound),
            ]),
            new("acknowledgement-working-days", acknowledgement.Distribution.Select(days =>
                Counted(days.OrMore ? "more" : days.WorkingDays.ToString(CultureInfo.InvariantCulture), days.Complaints, chart: true)).ToList()),
            new("decision",
            [
                Counted("decided", decision.Decided),
                Counted("undecided", decision.Undecided),
                Measured("median", FigureUnit.Days, decision.MedianDays),
                Measured("percentile-90", FigureUnit.Days, decision.Percentile90Days),
                .. Shared("within-term", decision.WithinTerm),
                .. Shared("within-maximum", decision.WithinMaximum),
            ]),
            new("decision-against-term",
            [
                Counted("within-term", new Compared<int>(decision.WithinTerm.Period.Count, decision.WithinTerm.Previous.Count), chart: true),
                Counted("after-term-within-maximum", decision.AfterTermWithinMaximum, chart: true),
                Counted("after-maximum", decision.AfterMaximum, chart: true),
            ]),
            new("extensions", [Counted("extended-complaints", analysis.Extensions.ExtendedComplaints), Counted("extensions", analysis.Extensions.Extensions)]),
            new("extension-reasons", analysis.Extensions.Reasons.Select(reason =>
                Counted(reason.Reason is { } words ? new FigureLabel.Text(words) : new FigureLabel.Code("not-kept"), reason.Complaints)).ToList()),
            new("escalations",
            [
                Counted("escalated", analysis.Escalations.Escalated),
                Counted("with-the-director", analysis.Escalations.WithTheDirector),
                Counted("referred", analysis.Escalations.Referred),
                .. Decided(analysis.Escalations.Decided),
                Counted("withdrawn", analysis.Escalations.Withdrawn),
            ]),
            new("referrals",
            [
                Counted("referred", analysis.Referrals.Referred),
                Counted("with-the-third-party", analysis.Referrals.WithTheThirdParty),
                .. Decided(analysis.Referrals.Decided),
                Counted("withdrawn", analysis.Referrals.Withdrawn),
            ]),
            new("agreement",
            [
                .. Decided(analysis.Agreement).Select(figure => figure with { InChart = true }),
                Counted("decided", analysis.Agreement.Decided),
                Percentage("agreed-percent", analysis.Agreement.AgreedShare),
            ]),
            new("withdrawals", [Counted("withdrawn", analysis.Withdrawn)]),
            new("repeat-complainants",
            [
                Counted("complainants", analysis.RepeatComplainants.Complainants),
                Counted("more-than-once", analysis.RepeatComplainants.MoreThanOnce),
                Counted("their-complaints", analysis.RepeatComplainants.TheirComplaints),
                Counted("unknown", analysis.RepeatComplainants.Unknown),
            ]),
            new("causes", analysis.CausesAndMeasures.Select(category => Counted(new FigureLabel.Category(category.Key), category.WithCause)).ToList()),
            new("measures", analysis.CausesAndMeasures.Select(category => Counted(new FigureLabel.Category(category.Key), category.WithMeasure)).ToList()),
        ];
    }

    private static IEnumerable<Figure> Decided(Resolutions resolutions) =>
        [Counted("agreed", resolutions.Agreed), Counted("disagreed", resolutions.Disagreed), Counted("agreement-not-recorded", resolutions.NotRecorded)];

    private static IEnumerable<Figure> Shared(string code, Compared<Share> share) =>
        [Counted(code, new Compared<int>(share.Period.Count, share.Previous.Count)), Percentage(code + "-percent", share)];

    private static Figure Percentage(string code, Compared<Share> share) => new(new FigureLabel.Code(code), FigureUnit.Percent, share.Period.Percent, share.Previous.Percent);

    private static Figure Counted(string code, Compared<int> count, bool chart = false) => Counted(new FigureLabel.Code(code), count, chart);

    private static Figure Counted(FigureLabel label, Compared<int> count, bool chart = false) =>
        new(label, FigureUnit.Count, count.Period, count.Previous) { InChart = chart };

    private static Figure Measured(string code, FigureUnit unit, Compared<int?> value) => new(new FigureLabel.Code(code), unit, value.Period, value.Previous);
}
