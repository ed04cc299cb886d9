namespace MailComplaints.Reporting;

/// <summary>
/// The geometry of a section's bar chart, in pixels: for each figure a label on the left and two bars, the period's (dark)
/// above the previous period's (hatched), each with its number at its end, all on one scale. The template draws it as inline
/// SVG; numbers only, so that no markup is made in code.
/// </summary>
public static class ReportChart
{
    /// <summary>The width of the drawing.</summary>
    public const int Width = 640;

    /// <summary>Where the bars start; the labels end just before.</summary>
    public const int BarsStart = 300;

    /// <summary>The length of the longest bar.</summary>
    public const int LongestBar = 300;

    private const int RowHeight = 36;
    private const int BarHeight = 13;
    private const int Margin = 6;

    /// <summary>The height of a chart of <paramref name="rows"/> figures.</summary>
    public static int Height(int rows) => rows * RowHeight + 2 * Margin;

    /// <summary>The bars of each figure, in order.</summary>
    public static IReadOnlyList<ChartBars> Of(IReadOnlyList<Figure> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var largest = figures.SelectMany(figure => new[] { figure.Period ?? 0, figure.Previous ?? 0 }).DefaultIfEmpty(0).Max();
        int Length(decimal? value) => largest <= 0 || value is not > 0 ? 0 : Math.Max(1, (int)Math.Round(LongestBar * value.Value / largest, MidpointRounding.AwayFromZero));
        return figures.Select((figure, row) =>
        {
            var top = Margin + row * RowHeight;
            return new ChartBars(figure, top + RowHeight / 2 + 4, top + 3, Length(figure.Period), top + 4 + BarHeight, Length(figure.Previous), BarHeight);
        }).ToList();
    }
}

/// <summary>Where one figure's label and bars go: the label's baseline, each bar's top and length, and the bars' height.</summary>
public sealed record ChartBars(Figure Figure, int LabelY, int PeriodY, int PeriodLength, int PreviousY, int PreviousLength, int BarHeight);
