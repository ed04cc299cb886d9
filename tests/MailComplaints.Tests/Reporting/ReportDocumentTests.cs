using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailComplaints.Reporting;
using MailComplaints.Templates;

namespace MailComplaints.Tests.Reporting;

/// <summary>The report of <see cref="ReportDataSet"/> as HTML, CSV and JSON: the same figures in each, and HTML that needs nothing from outside.</summary>
public sealed partial class ReportDocumentTests
{
    private ReportExample example = null!;

    [OneTimeSetUp]
    public async Task MakeTheReport() => example = await ReportExample.MakeAsync();

    [OneTimeTearDown]
    public async Task Remove() => await example.DisposeAsync();

    private ComplaintsAnalysis Analysis => example.Analysis;

    private static List<string[]> CsvRows(string csv) => csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
        .Select(line => CsvField().Matches(line).Select(match => match.Groups[1].Success ? match.Groups[1].Value.Replace("\"\"", "\"", StringComparison.Ordinal) : match.Groups[2].Value).ToArray())
        .ToList();

    [Test]
    public void The_CSV_has_one_row_per_figure_after_the_periods()
    {
        var csv = ReportRenderer.Csv(Analysis);
        var rows = CsvRows(csv);

        Assert.That(csv, Does.StartWith("section,label,period,previous\r\nperiod,year,2026,2025\r\ncomplaints-per-month,2026-01,1,0\r\n"));
        var figures = ReportFigures.Of(Analysis).SelectMany(section => section.Figures.Select(figure => new[]
        {
            section.Code, figure.Label.Csv, figure.Period?.ToString(CultureInfo.InvariantCulture) ?? "", figure.Previous?.ToString(CultureInfo.InvariantCulture) ?? "",
        })).ToList();
        Assert.That(rows.Skip(1), Is.EqualTo(figures));
        Assert.That(rows.Select(row => row.Length), Is.All.EqualTo(4));
    }

    [Test]
    public void The_CSV_and_the_JSON_carry_the_same_figures()
    {
        var csv = CsvRows(ReportRenderer.Csv(Analysis)).ToDictionary(row => (row[0], row[1]), row => (row[2], row[3]));
        using var json = JsonDocument.Parse(ReportRenderer.Json(Analysis));
        var root = json.RootElement;
        string Value(JsonElement element) => element.ValueKind == JsonValueKind.Null ? "" : element.GetRawText();
        (string, string) Pair(JsonElement compared) => (Value(compared.GetProperty("period")), Value(compared.GetProperty("previous")));
        (string, string) Percent(JsonElement compared) => (Value(compared.GetProperty("period").GetProperty("percent")), Value(compared.GetProperty("previous").GetProperty("percent")));

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("period").GetProperty("code").GetString(), Is.EqualTo("2026"));
            var months = root.GetProperty("receivedPerMonth").EnumerateArray().ToList();
            Assert.That(months, Has.Count.EqualTo(12));
            foreach (var month in months)
            {
                Assert.That(csv[("complaints-per-month", month.GetProperty("month").GetString()![..7])], Is.EqualTo(Pair(month.GetProperty("complaints"))));
            }
            var outcomes = root.GetProperty("outcomes");
            foreach (var (label, name) in new[] { ("registered", "registered"), ("rejected-late", "rejectedLate"), ("rejected-other-channel", "rejectedOtherChannel"),
                ("rejected-repeat", "rejectedRepeat"), ("follow-up", "followUps"), ("machine-mail", "machineMail"), ("ignored-other", "otherIgnored"), ("failed", "failed"),
                ("complaints", "complaints"), ("messages", "messages") })
            {
                Assert.That(csv[("outcomes", label)], Is.EqualTo(Pair(outcomes.GetProperty(name))), label);
            }
            foreach (var category in root.GetProperty("categories").EnumerateArray())
            {
                Assert.That(csv[("categories", category.GetProperty("key").GetString() ?? "none")], Is.EqualTo(Pair(category.GetProperty("complaints"))));
            }
            var acknowledgement = root.GetProperty("acknowledgement");
            Assert.That(csv[("acknowledgement", "median")], Is.EqualTo(Pair(acknowledgement.GetProperty("medianWorkingDays"))));
            Assert.That(csv[("acknowledgement", "percentile-90")], Is.EqualTo(Pair(acknowledgement.GetProperty("percentile90WorkingDays"))));
            Assert.That(csv[("acknowledgement", "within-bound-percent")], Is.EqualTo(Percent(acknowledgement.GetProperty("withinBound"))));
            var decision = root.GetProperty("decision");
            Assert.That(csv[("decision", "median")], Is.EqualTo(Pair(decision.GetProperty("medianDays"))));
            Assert.That(csv[("decision", "within-term-percent")], Is.EqualTo(Percent(decision.GetProperty("withinTerm"))));
            Assert.That(csv[("decision-against-term", "after-maximum")], Is.EqualTo(Pair(decision.GetProperty("afterMaximum"))));
            Assert.That(csv[("extensions", "extensions")], Is.EqualTo(Pair(root.GetProperty("extensions").GetProperty("extensions"))));
            Assert.That(csv[("escalations", "disagreed")], Is.EqualTo(Pair(root.GetProperty("escalations").GetProperty("decided").GetProperty("disagreed"))));
            Assert.That(csv[("referrals", "with-the-third-party")], Is.EqualTo(Pair(root.GetProperty("referrals").GetProperty("withTheThirdParty"))));
            Assert.That(csv[("agreement", "agreed-percent")], Is.EqualTo(Percent(root.GetProperty("agreement").GetProperty("agreedShare"))));
            Assert.That(csv[("withdrawals", "withdrawn")], Is.EqualTo(Pair(root.GetProperty("withdrawn"))));
            Assert.That(csv[("repeat-complainants", "more-than-once")], Is.EqualTo(Pair(root.GetProperty("repeatComplainants").GetProperty("moreThanOnce"))));
            Assert.That(csv[("measures", "bejegening")], Is.EqualTo(Pair(root.GetProperty("causesAndMeasures")[0].GetProperty("withMeasure"))));
        });
    }

    [TestCase("nl")]
    [TestCase("en")]
    public void Each_table_of_the_HTML_holds_the_figures_of_its_section(string language)
    {
        var html = example.Renderer.Html(Analysis, language);
        var culture = MailTemplates.CultureOf(language);

        foreach (var section in ReportFigures.Of(Analysis))
        {
            var part = Regex.Match(html, $"<section id=\"{section.Code}\">(.*?)</section>", RegexOptions.Singleline);
            Assert.That(part.Success, $"section {section.Code}");
            var cells = TableRow().Matches(part.Groups[1].Value).Select(row => (WebUtility.HtmlDecode(row.Groups[2].Value), WebUtility.HtmlDecode(row.Groups[3].Value))).ToList();
            Assert.That(cells, Is.EqualTo(section.Figures.Select(figure => (ReportModel.Format(figure.Unit, figure.Period, culture), ReportModel.Format(figure.Unit, figure.Previous, culture)))),
                section.Code);
            Assert.That(Regex.Count(part.Groups[1].Value, "<rect class=\"bar-period\""), Is.EqualTo(section.Charted.Count), $"a pair of bars per charted figure of {section.Code}");
        }
    }

    [TestCase("nl", "Klachtenrapportage 2026", "vergeleken met 2025", "Wachten op het rapport van de aannemer.", "75,0%")]
    [TestCase("en", "Complaints report 2026", "compared with 2025", "Wachten op het rapport van de aannemer.", "75.0%")]
    public void The_HTML_is_in_the_reader_s_language_and_needs_nothing_from_outside(string language, string title, string compared, string reason, string percent)
    {
        var html = example.Renderer.Html(Analysis, language);

        Assert.That(html, Does.StartWith("<!DOCTYPE html>").And.Contain($"<html lang=\"{language}\">").And.Contain(title).And.Contain(compared).And.Contain(reason).And.Contain(percent));
        Assert.That(html, Does.Not.Contain("<script").IgnoreCase.And.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("<link").IgnoreCase
            .And.Not.Contain("<img").IgnoreCase.And.Not.Contain("@import").And.Not.Contain(" src=").And.Not.Contain("{{"));
        Assert.That(html, Does.Contain("@media print"));
        Assert.That(Regex.Count(html, "<svg class=\"chart\""), Is.EqualTo(ReportFigures.Of(Analysis).Count(section => section.Charted.Count > 0)));
        Assert.That(html, Does.Not.Contain("Jansen"), "what the erased complaint said about a person is gone");
        Assert.That(html, Does.Contain(example.Analysis.CausesAndMeasures[0].Findings[0].CaseNumber));
    }

    [Test]
    public void Words_a_handler_wrote_are_escaped_in_the_HTML_and_kept_from_being_a_formula_in_the_CSV()
    {
        var analysis = Analysis with
        {
            Extensions = Analysis.Extensions with { Reasons = [new ReasonCount("=HYPERLINK(\"x\") <b>, \"quoted\"", new Compared<int>(1, 0))] },
        };

        Assert.That(example.Renderer.Html(analysis, "nl"), Does.Contain("&#x3D;HYPERLINK(&quot;x&quot;) &lt;b&gt;, &quot;quoted&quot;").And.Not.Contain("<b>"));
        Assert.That(ReportRenderer.Csv(analysis), Does.Contain("extension-reasons,\"'=HYPERLINK(\"\"x\"\") <b>, \"\"quoted\"\"\",1,0\r\n"));
    }

    [GeneratedRegex("(?:^|,)(?:\"((?:[^\"]|\"\")*)\"|([^,]*))")]
    private static partial Regex CsvField();

    [GeneratedRegex("<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();
}
