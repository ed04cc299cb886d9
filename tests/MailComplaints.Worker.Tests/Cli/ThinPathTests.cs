using System.Text.Json;
using MailComplaints.Reading;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace MailComplaints.Worker.Tests.Cli;

/// <summary>The thin path through every layer, in process: Maildir → case in SQLite → acknowledgement in the pickup directory.</summary>
public sealed class ThinPathTests
{
    private static readonly DateTime Arrived = new(2026, 11, 3, 9, 20, 0, DateTimeKind.Utc);
    private InProcessWorker worker = null!;

    private string Inbox => worker.Inbox;

    private string Outbox => worker.Outbox;

    // The clock a few minutes after the complaint arrived, as a running worker sees it: the same every day the tests run.
    [SetUp]
    public void CreateWorker() => worker = new InProcessWorker { Clock = new FakeTimeProvider(new DateTimeOffset(Arrived).AddMinutes(5)) };

    [TearDown]
    public void RemoveWorker() => worker.Dispose();

    private Task<InProcessWorker.Result> RunAsync(params string[] arguments) => worker.RunAsync(arguments);

    [Test]
    public async Task A_complaint_dropped_in_the_maildir_becomes_a_case_and_an_acknowledgement_in_the_outbox()
    {
        Complaints.Deliver(Inbox, Complaints.Dutch(), Arrived, "1762161600.M1P1.test");

        var run = await RunAsync("run", "--once");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        var list = await RunAsync("cases", "list", "--json");
        using var json = JsonDocument.Parse(list.Output);
        var only = json.RootElement.EnumerateArray().Single();
        Assert.That(only.GetProperty("number").GetString(), Is.EqualTo("KL-2026-00001"));
        Assert.That(only.GetProperty("status").GetString(), Is.EqualTo("InHandling"), "the acknowledgement left in the same run");
        Assert.That(only.GetProperty("complainantName").GetString(), Is.EqualTo("Jan de Vriës"));
        Assert.That(only.GetProperty("complainantAddress").GetString(), Is.EqualTo("jan@example.nl"));
        Assert.That(only.GetProperty("subject").GetString(), Is.EqualTo("Lekkage in de badkamer niet verholpen"));
        Assert.That(only.GetProperty("receivedAt").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(Arrived)));

        var sent = Directory.GetFiles(Outbox, "*.eml").Select(file => MessageParser.Parse(File.ReadAllBytes(file))).ToList();
        Assert.That(sent.Select(mail => mail.To.Mailboxes.Single().Address), Is.EquivalentTo(new[] { "jan@example.nl", "klachtbehandelaar@example.org" }),
            "the acknowledgement and the handler's assignment notice");
        var acknowledgement = sent.Single(mail => mail.To.Mailboxes.Single().Address == "jan@example.nl");
        Assert.That(acknowledgement.Subject, Does.StartWith("[KL-2026-00001] "));
        Assert.That(acknowledgement.InReplyTo, Is.EqualTo("complaint-1@example.nl"));
        Assert.That(acknowledgement.Headers["Auto-Submitted"], Is.EqualTo("auto-replied"));
        Assert.That(acknowledgement.Text(), Does.Contain("KL-2026-00001").And.Contain("15 december 2026"), "Dutch, with the handling term as a date");

        Assert.That(Directory.GetFiles(Path.Combine(Inbox, "new")), Is.Empty);
        Assert.That(Directory.GetFiles(Path.Combine(Inbox, ".Processed", "cur")).Select(Path.GetFileName), Is.EqualTo(new[] { "1762161600.M1P1.test:2," }));
    }

    [Test]
    public async Task Running_again_registers_nothing_twice_and_sends_nothing_twice()
    {
        Complaints.Deliver(Inbox, Complaints.Dutch(), Arrived, "1762161600.M1P1.test");
        await RunAsync("run", "--once");

        // The same bytes delivered again under another name, and a second run.
        Complaints.Deliver(Inbox, Complaints.Dutch(), Arrived, "1762161601.M2P1.test");
        var again = await RunAsync("run", "--once");

        Assert.That(again.ExitCode, Is.Zero, again.Error);
        using var json = JsonDocument.Parse((await RunAsync("cases", "list", "--json")).Output);
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(1));
        Assert.That(Directory.GetFiles(Outbox, "*.eml"), Has.Length.EqualTo(2), "one acknowledgement, one assignment notice");
        Assert.That(Directory.GetFiles(Path.Combine(Inbox, ".Ignored", "cur")), Has.Length.EqualTo(1), "the copy is ignored, not lost");
    }

    [Test]
    public async Task Case_show_prints_the_description_and_the_audit_trail()
    {
        Complaints.Deliver(Inbox, Complaints.Dutch(), Arrived, "1762161600.M1P1.test");
        await RunAsync("run", "--once");

        var show = await RunAsync("case", "show", "KL-2026-00001", "--json");

        Assert.That(show.ExitCode, Is.Zero, show.Error);
        using var json = JsonDocument.Parse(show.Output);
        Assert.That(json.RootElement.GetProperty("description").GetString(), Does.Contain("voor de derde keer niet gekomen"));
        // Then the deadlines that this test's real clock has passed since 3 November 2026 (see tests/…/Procedure for the clock).
        Assert.That(json.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).Take(3),
            Is.EqualTo(new[] { "Registered", "AcknowledgementQueued", "Assigned" }));
        Assert.That((await RunAsync("case", "show", "KL-2026-00099")).ExitCode, Is.EqualTo(3), "an unknown case");
        Assert.That((await RunAsync("case", "show", "nonsense")).ExitCode, Is.EqualTo(2), "not a case number");
    }

    [Test]
    public async Task Status_reports_the_last_poll_and_the_backlog()
    {
        Complaints.Deliver(Inbox, Complaints.Dutch(), Arrived, "1762161600.M1P1.test");
        await RunAsync("run", "--once");

        var status = await RunAsync("status", "--json");

        Assert.That(status.ExitCode, Is.Zero, status.Error);
        using var json = JsonDocument.Parse(status.Output);
        Assert.That(json.RootElement.GetProperty("databaseReachable").GetBoolean(), Is.True);
        Assert.That(json.RootElement.GetProperty("schemaVersion").GetInt32(), Is.GreaterThanOrEqualTo(1));
        Assert.That(json.RootElement.GetProperty("mailboxReachable").GetBoolean(), Is.True);
        Assert.That(json.RootElement.GetProperty("lastPollResult").GetString(), Is.EqualTo("ok: 1 registered"));
        Assert.That(json.RootElement.GetProperty("outboxBacklog").GetInt32(), Is.Zero, "the acknowledgement went to the pickup directory");
        Assert.That(json.RootElement.GetProperty("failedMessages").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task A_message_larger_than_the_limit_goes_to_the_failed_folder_with_its_reason()
    {
        var big = new byte[4096];
        Array.Fill(big, (byte)'x');
        Complaints.Deliver(Inbox, [.. Complaints.Dutch(), .. big], Arrived, "1762161600.M9P9.big");
        worker.Settings["Intake:MaxMessageBytes"] = "2048";
        var run = await RunAsync("run", "--once");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(Directory.GetFiles(Path.Combine(Inbox, ".Failed", "cur")), Has.Length.EqualTo(1), "kept, not lost");
        using var json = JsonDocument.Parse((await RunAsync("status", "--json")).Output);
        Assert.That(json.RootElement.GetProperty("failedMessages").GetInt32(), Is.EqualTo(1));
        Assert.That(json.RootElement.GetProperty("lastPollResult").GetString(), Is.EqualTo("ok: 1 failed"));
    }
}
