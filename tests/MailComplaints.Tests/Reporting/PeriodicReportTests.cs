using MailComplaints.Intake;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Reading;
using MailComplaints.Reporting;
using MailComplaints.Storage;
using MailComplaints.Templates;
using MailComplaints.Tests.Procedure;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace MailComplaints.Tests.Reporting;

/// <summary>The directors' report: the year in the first working week of January, a quarter in the first working week after it; once each.</summary>
public sealed class PeriodicReportTests(StorageProvider provider) : ProcedureFixture(provider)
{
    private PeriodicReport Report()
    {
        var settings = ProcedureSettings.Default;
        return new PeriodicReport(new ComplaintsReport(new AnalysisRepository(Database), Terms(settings), Clock),
            new ReportRenderer(new MailTemplates(MailSettings.TemplatesDirectory), settings, MailSettings), Outbox, new WorkerStateRepository(Database), Mails(settings),
            Terms(settings), Database, Clock, NullLogger<PeriodicReport>.Instance);
    }

    private async Task<List<MimeMessage>> ReportsAsync() => (await Outbox.DueAsync(Clock.GetUtcNow(), 100, default))
        .Where(mail => mail.Kind == MailKind.PeriodicReport).Select(mail => MessageParser.Parse(Composer.Compose(mail))).ToList();

    [Test]
    public async Task The_year_goes_to_the_director_from_the_report_time_on_the_first_working_day_of_January_once()
    {
        await StartAsync(Amsterdam(2026, 12, 14));
        await InTheLedgerAsync(await LodgeAsync());

        MoveClockTo(Amsterdam(2027, 1, 1, 9));
        Assert.That(await Report().SendIfDueAsync(default), Is.Zero, "New Year's Day is no working day");
        MoveClockTo(Amsterdam(2027, 1, 4, 6, 59));
        Assert.That(await Report().SendIfDueAsync(default), Is.Zero, "not before 07:00");
        MoveClockTo(Amsterdam(2027, 1, 4, 7));
        Assert.That(await Report().SendIfDueAsync(default), Is.EqualTo(1), "one director");
        Assert.That(await Report().SendIfDueAsync(default), Is.Zero, "once");
        MoveClockTo(Amsterdam(2027, 1, 5, 7));
        Assert.That(await Report().SendIfDueAsync(default), Is.Zero, "once, also the next day");

        var mail = (await ReportsAsync()).Single();
        Assert.That(mail.To.Mailboxes.Single().Address, Is.EqualTo(Director.Email));
        Assert.That(mail.Subject, Is.EqualTo("Klachtenrapportage 2026: 1 klacht(en)"));
        Assert.That(MessageText.Of(mail), Does.Contain("Beste Dirk Directeur,").And.Contain("vergeleken met 2025")
            .And.Contain("In 2026 kwamen 1 klacht(en) binnen, tegen 0 in 2025.").And.Contain("mailcomplaints report --year 2026\n"));
        var files = mail.Attachments.OfType<MimePart>().ToDictionary(part => part.FileName ?? "", part => part);
        Assert.That(files.Keys, Is.EquivalentTo(new[] { "report-2026.html", "report-2026.csv" }));
        Assert.That(Decoded(files["report-2026.html"]), Does.Contain("<h1>Klachtenrapportage 2026</h1>").And.Not.Contain("<script"));
        Assert.That(Decoded(files["report-2026.csv"]), Does.Contain("outcomes,registered,1,0\r\n"));
    }

    [Test]
    public async Task A_quarter_goes_in_the_first_working_week_after_it_and_not_later()
    {
        await StartAsync(Amsterdam(2027, 3, 31, 12));

        MoveClockTo(Amsterdam(2027, 4, 1, 7, 30));
        Assert.That(await Report().SendIfDueAsync(default), Is.EqualTo(1));
        MoveClockTo(Amsterdam(2027, 7, 8, 7, 30));
        Assert.That(await Report().SendIfDueAsync(default), Is.Zero, "the second quarter's first working week (1 to 7 July) is over");
        MoveClockTo(Amsterdam(2027, 10, 7, 12));
        Assert.That(await Report().SendIfDueAsync(default), Is.EqualTo(1), "a worker that was down on Friday 1 October sends it on the Thursday after");

        Assert.That((await ReportsAsync()).Select(mail => mail.Subject), Is.EqualTo(new[]
        {
            "Klachtenrapportage 1e kwartaal 2027: 0 klacht(en)", "Klachtenrapportage 3e kwartaal 2027: 0 klacht(en)",
        }));
    }

    [Test]
    public async Task The_report_is_in_English_when_most_complaints_of_the_period_were()
    {
        await StartAsync(Amsterdam(2026, 11, 2));
        await InTheLedgerAsync(await LodgeAsync(language: "en"));

        MoveClockTo(Amsterdam(2027, 1, 4, 8));
        Assert.That(await Report().SendIfDueAsync(default), Is.EqualTo(1));

        var mail = (await ReportsAsync()).Single();
        Assert.That(mail.Subject, Is.EqualTo("Complaints report 2026: 1 complaint(s)"));
        Assert.That(Decoded(mail.Attachments.OfType<MimePart>().First(part => part.FileName?.EndsWith(".html", StringComparison.Ordinal) == true)),
            Does.Contain("<html lang=\"en\">"));
    }

    // The intake's line in the ledger for the complaint that made the case.
    private async Task InTheLedgerAsync(MailComplaints.Cases.Case @case)
    {
        await using var unit = await Database.BeginAsync(default);
        await new InboundMessageRepository(Database).RecordAsync(unit, "INBOX", new InboundRecord($"1:{@case.Id}", null, $"{@case.Id:x64}", new byte[] { 1 }, MessageOutcome.Registered,
            "a complaint by email", @case.Id, @case.ReceivedAt), @case.ReceivedAt, default);
        await unit.CommitAsync(default);
    }

    private static string Decoded(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);
        return System.Text.Encoding.UTF8.GetString(content.ToArray());
    }
}
