using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Templates;

namespace MailComplaints.Reporting;

/// <summary>The formats a report is written in.</summary>
public enum ReportFormat
{
    /// <summary>One page for a director to read and print: charts as inline SVG, each with its numbers in a table.</summary>
    Html,

    /// <summary>One row per figure: section, label, period, previous.</summary>
    Csv,

    /// <summary>The <see cref="ComplaintsAnalysis"/> as it is.</summary>
    Json,
}

/// <summary>
/// Writes an analysis as HTML (the template <c>report</c> in the reader's language), as CSV and as JSON. The three carry the
/// same figures: the HTML's tables and charts and the CSV's rows are both <see cref="ReportFigures"/>, the JSON is the record.
/// </summary>
public sealed class ReportRenderer(MailTemplates templates, ProcedureSettings procedure, MailSettings mail)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
    };

    /// <summary>The report in <paramref name="format"/>, in <paramref name="language"/> where the format has words (HTML).</summary>
    public string Write(ComplaintsAnalysis analysis, ReportFormat format, string language) => format switch
    {
        ReportFormat.Csv => Csv(analysis),
        ReportFormat.Json => Json(analysis),
        _ => Html(analysis, language),
    };

    /// <summary>The report as one HTML page in <paramref name="language"/> (Dutch when the templates have no such language).</summary>
    public string Html(ComplaintsAnalysis analysis, string language) =>
        templates.RenderDocument("report", language, ReportModel.Of(analysis, language, procedure.Categories, mail.FromName ?? mail.FromAddress));

    /// <summary>
    /// The figures as CSV (RFC 4180, CRLF): a header <c>section,label,period,previous</c>, the periods (<c>period,year</c> and,
    /// for a quarter, <c>period,quarter</c>), then one row per figure; numbers written invariantly, none left empty.
    /// </summary>
    public static string Csv(ComplaintsAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var csv = new StringBuilder();
        void Line(string section, string label, decimal? period, decimal? previous) => csv
            .Append(Field(section)).Append(',').Append(Field(label)).Append(',')
            .Append(period?.ToString(CultureInfo.InvariantCulture)).Append(',').Append(previous?.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        csv.Append("section,label,period,previous\r\n");
        Line("period", "year", analysis.Period.Year, analysis.PreviousPeriod.Year);
        if (analysis.Period.Quarter is { } quarter)
        {
            Line("period", "quarter", quarter, analysis.PreviousPeriod.Quarter);
        }
        foreach (var section in ReportFigures.Of(analysis))
        {
            foreach (var figure in section.Figures)
            {
                Line(section.Code, figure.Label.Csv, figure.Period, figure.Previous);
            }
        }
        return csv.ToString();
    }

    /// <summary>The analysis as JSON (camelCase names, enumerations by name, dates as yyyy-MM-dd).</summary>
    public static string Json(ComplaintsAnalysis analysis) => JsonSerializer.Serialize(analysis, JsonOptions);

    // A field with a comma, a quote or a line break is quoted, its quotes doubled; a field that a spreadsheet would read as a
    // formula (=, +, -, @ first) gets a leading apostrophe: the labels include what handlers wrote.
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
