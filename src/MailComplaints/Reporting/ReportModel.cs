using System.Globalization;
using MailComplaints.Procedure;
using MailComplaints.Templates;

namespace MailComplaints.Reporting;

/// <summary>
/// The values the report's template (<c>templates/&lt;lang&gt;/report.html.scriban</c>) is rendered with: the periods, the
/// sections of <see cref="ReportFigures"/> with their numbers formatted for the reader's language and their charts' geometry,
/// and the causes and measures by category. Every word the reader sees comes from the template: a figure is given by its
/// code, a category by its name in the language, a month by the culture's name for it.
/// </summary>
public static class ReportModel
{
    /// <summary>The model of <paramref name="analysis"/> in <paramref name="language"/>.</summary>
    public static Dictionary<string, object?> Of(ComplaintsAnalysis analysis, string language, IReadOnlyList<CaseCategory> categories, string organisation)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(categories);
        var culture = MailTemplates.CultureOf(language);
        string CategoryName(string key) => categories.FirstOrDefault(category => category.Key == key)?.NameIn(language) ?? key;
        (string Code, string Text) Label(FigureLabel label) => label switch
        {
            FigureLabel.Category { Key: { } key } => ("", CategoryName(key)),
            FigureLabel.Category => ("no-category", ""),
            FigureLabel.Month month => ("", MonthName(month, analysis.Period, culture)),
            FigureLabel.Text text => ("", text.Words),
            _ => (label.Csv, ""),
        };
        Dictionary<string, object?> Row(Figure figure, Dictionary<string, object?>? more = null)
        {
            var (code, text) = Label(figure.Label);
            var row = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = code, ["text"] = text, ["period"] = Format(figure.Unit, figure.Period, culture), ["previous"] = Format(figure.Unit, figure.Previous, culture),
            };
            foreach (var (name, value) in more ?? [])
            {
                row[name] = value;
            }
            return row;
        }
        var previous = analysis.PreviousPeriod;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["organisation"] = organisation,
            ["year"] = analysis.Period.Year,
            ["quarter"] = analysis.Period.Quarter ?? 0,
            ["previousYear"] = previous.Year,
            ["previousQuarter"] = previous.Quarter ?? 0,
            ["madeDate"] = MailTemplates.FormatDate(WorkingDayCalendar.DateIn(analysis.MadeAt), language),
            ["acknowledgeWithinWorkingDays"] = analysis.Bounds.AcknowledgeWithinWorkingDays,
            ["handlingTermWeeks"] = analysis.Bounds.HandlingTermWeeks,
            ["maximumTermMonths"] = analysis.Bounds.MaximumTermMonths,
            ["chartWidth"] = ReportChart.Width,
            ["barsStart"] = ReportChart.BarsStart,
            ["sections"] = ReportFigures.Of(analysis).Select(section => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = section.Code,
                ["rows"] = section.Figures.Select(figure => Row(figure)).ToList(),
                ["chartHeight"] = ReportChart.Height(section.Charted.Count),
                ["bars"] = ReportChart.Of(section.Charted).Select(bars => Row(bars.Figure, new(StringComparer.Ordinal)
                {
                    ["labelY"] = bars.LabelY,
                    ["periodY"] = bars.PeriodY,
                    ["periodLength"] = bars.PeriodLength,
                    ["periodEnd"] = ReportChart.BarsStart + bars.PeriodLength + 4,
                    ["periodTextY"] = bars.PeriodY + bars.BarHeight - 2,
                    ["previousY"] = bars.PreviousY,
                    ["previousLength"] = bars.PreviousLength,
                    ["previousEnd"] = ReportChart.BarsStart + bars.PreviousLength + 4,
                    ["previousTextY"] = bars.PreviousY + bars.BarHeight - 2,
                    ["barHeight"] = bars.BarHeight,
                })).ToList(),
            }).ToList(),
            ["findings"] = analysis.CausesAndMeasures.Where(category => category.Findings.Count > 0).Select(category => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = category.Key is null ? "no-category" : "",
                ["text"] = category.Key is { } key ? CategoryName(key) : "",
                ["cases"] = category.Findings.Select(finding => new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["caseNumber"] = finding.CaseNumber, ["cause"] = finding.Cause ?? "", ["measure"] = finding.Measure ?? "",
                }).ToList(),
            }).ToList(),
        };
    }

    // The month's name; in a quarter's report with the month of the quarter before it is compared with.
    private static string MonthName(FigureLabel.Month month, ReportPeriod period, CultureInfo culture) => period.Quarter is null
        ? culture.DateTimeFormat.GetMonthName(month.Of.Month)
        : $"{culture.DateTimeFormat.GetMonthName(month.Of.Month)} / {culture.DateTimeFormat.GetMonthName(month.Before.Month)}";

    /// <summary>A figure's number as the reader's language writes it: <c>12</c>, <c>92,3%</c> (Dutch) or <c>92.3%</c>; none is a dash.</summary>
    public static string Format(FigureUnit unit, decimal? value, CultureInfo culture) => value switch
    {
        null => "–",
        { } number when unit == FigureUnit.Percent => number.ToString("0.0", culture) + "%",
        { } number => number.ToString("0", culture),
    };
}
