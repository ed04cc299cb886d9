using System.Text.Json;
using MailComplaints.Procedure;
using MailComplaints.Reading;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace MailComplaints.Worker.Tests.Cli;

/// <summary><c>report</c> on the register a real intake made, and the directors' report through <c>run --once</c>.</summary>
public sealed class ReportVerbTests
{
    private static readonly DateTime Arrived = new(2026, 11, 3, 9, 20, 0, DateTimeKind.Utc);
    private InProcessWorker worker = null!;
    private FakeTimeProvider clock = null!;

    [SetUp]
    public async Task TakeInAComplaint()
    {
        clock = new FakeTimeProvider(new DateTimeOffset(Arrived).AddMinutes(5));
        worker = new InProcessWorker { Clock = clock };
        Complaints.Deliver(worker.Inbox, Complaints.Dutch(), Arrived, "1762161600.M1P1.test");
        var run = await worker.RunAsync("run", "--once");
        Assert.That(run.ExitCode, Is.Zero, run.Error);
    }

    [TearDown]
    public void RemoveWorker() => worker.Dispose();

    [Test]
    public async Task The_CSV_and_the_JSON_count_the_complaint_taken_in()
    {
        var csv = await worker.RunAsync("report", "--year", "2026", "--format", "csv");
        var json = await worker.RunAsync("report", "--year", "2026", "--quarter", "4", "--format", "json");

        Assert.That(csv.ExitCode, Is.Zero, csv.Error);
        Assert.That(csv.Output, Does.StartWith("section,label,period,previous\r\nperiod,year,2026,2025\r\n")
            .And.Contain("\r\ncomplaints-per-month,2026-11,1,0\r\n").And.Contain("\r\noutcomes,registered,1,0\r\n").And.Contain("\r\nacknowledgement,acknowledged,1,0\r\n"));
        Assert.That(json.ExitCode, Is.Zero, json.Error);
        using var analysis = JsonDocument.Parse(json.Output);
        Assert.That(analysis.RootElement.GetProperty("period").GetProperty("code").GetString(), Is.EqualTo("2026-Q4"));
        Assert.That(analysis.RootElement.GetProperty("previousPeriod").GetProperty("code").GetString(), Is.EqualTo("2026-Q3"));
        Assert.That(analysis.RootElement.GetProperty("outcomes").GetProperty("registered").GetProperty("period").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task The_HTML_goes_to_the_file_named_in_the_language_asked()
    {
        var file = Path.Combine(worker.Root, "report.html");

        var result = await worker.RunAsync("report", "--year", "2026", "--quarter", "4", "--language", "en", "--out", file);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output.Trim(), Is.EqualTo($"{file}: the report of 2026-Q4 beside 2026-Q3"));
        Assert.That(await File.ReadAllTextAsync(file), Does.Contain("<html lang=\"en\">").And.Contain("<h1>Complaints report Q4 2026</h1>").And.Not.Contain("<script"));
    }

    [TestCase("1999", null)]
    [TestCase("2027", null)]
    [TestCase("2026", "5")]
    [TestCase("2026", "0")]
    public async Task A_period_that_is_none_or_has_not_begun_is_refused_with_exit_2_saying_what_is_allowed(string year, string? quarter)
    {
        var result = await worker.RunAsync(quarter is null ? ["report", "--year", year] : ["report", "--year", year, "--quarter", quarter]);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error.Trim(), Does.StartWith($"--year {year}").And.EndWith("give a year from 2000 to 2026 and, for a quarter, 1 to 4, one that has begun."));
        Assert.That(result.Output, Is.Empty);
    }

    [Test]
    public async Task Run_once_mails_the_director_the_year_s_report_on_the_first_working_day_of_January_once()
    {
        worker.Settings["Procedure:ReportTime"] = "07:00";
        clock.Advance(WorkingDayCalendar.StartOfDay(new DateOnly(2027, 1, 4)).AddHours(7).AddMinutes(5) - clock.GetUtcNow());

        Assert.That((await worker.RunAsync("run", "--once")).ExitCode, Is.Zero);
        Assert.That((await worker.RunAsync("run", "--once")).ExitCode, Is.Zero);

        // The director also hears of the complaint's term, which ended meanwhile.
        var reports = worker.SentMails().Where(mail => mail.To.Mailboxes.Single().Address == "directeur@example.org" && mail.Attachments.Any()).ToList();
        Assert.That(reports.Select(mail => mail.Subject), Is.EqualTo(new[] { "Klachtenrapportage 2026: 1 klacht(en)" }), "once");
        Assert.That(reports[0].Attachments.OfType<MimePart>().Select(part => part.FileName), Is.EquivalentTo(new[] { "report-2026.html", "report-2026.csv" }));
        Assert.That(MessageText.Of(reports[0]), Does.Contain("Beste Directeur,"));
    }
}
