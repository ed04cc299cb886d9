using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace MailComplaints.Worker.Tests.Intake;

/// <summary>What the log files say about one message's intake: its unit of work is pushed once and carried by every line.</summary>
public sealed class IntakeLogTests
{
    private static readonly DateTime Arrived = new(2026, 11, 3, 9, 20, 0, DateTimeKind.Utc);

    [Test]
    public async Task A_line_logged_during_a_message_s_intake_carries_its_message_id_and_case_number_though_its_template_names_neither()
    {
        using var worker = new InProcessWorker { Clock = new FakeTimeProvider(new DateTimeOffset(Arrived).AddMinutes(5)) };
        Complaints.Deliver(worker.Inbox, Complaints.Dutch("logged@example.nl"), Arrived, "1762161600.M1P1.log");

        var run = await worker.RunAsync("run", "--once");
        Assert.That(run.ExitCode, Is.Zero, run.Error);

        var structured = ReadAll(worker, "mailcomplaints-*.clef");
        var registered = structured.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)
            .Single(logEvent => logEvent.GetProperty("@mt").GetString() == "Registered a new case");
        Assert.That(registered.GetProperty("@mt").GetString(), Does.Not.Contain("{MessageId}").And.Not.Contain("{CaseNumber}"));
        Assert.That((registered.GetProperty("MessageId").GetString(), registered.GetProperty("CaseNumber").GetString()),
            Is.EqualTo(("logged@example.nl", "KL-2026-00001")));

        var text = ReadAll(worker, "mailcomplaints-*.log");
        Assert.That(text.Split('\n').Single(line => line.Contains("Registered a new case", StringComparison.Ordinal)),
            Does.Contain("KL-2026-00001").And.Contain("logged@example.nl"), "the text file shows the unit of work too");

        Assert.That(structured + text, Does.Not.Contain("jan@example.nl").And.Not.Contain("monteur"), "no address or complaint text at Information level");
    }

    private static string ReadAll(InProcessWorker worker, string pattern) =>
        string.Concat(Directory.GetFiles(Path.Combine(worker.Root, "logs"), pattern).Select(File.ReadAllText));
}
