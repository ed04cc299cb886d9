using System.Globalization;
using System.Text.Json;
using MailComplaints.Reading;
using MailComplaints.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MailComplaints.Worker.Tests.Cli;

/// <summary>The outbox sending over SMTP to a real Postfix, which delivers into Dovecot.</summary>
public sealed class OutboxOverSmtpTests : MailStackFixture
{
    private static readonly DateTimeOffset Start = new(2026, 11, 3, 9, 20, 0, TimeSpan.Zero);
    private InProcessWorker worker = null!;
    private FakeTimeProvider clock = null!;

    [SetUp]
    public void CreateWorker()
    {
        clock = new FakeTimeProvider(Start);
        worker = new InProcessWorker { Clock = clock };
        worker.Settings["Smtp:Host"] = Stack.Host;
        worker.Settings["Smtp:Port"] = Stack.SmtpPort.ToString(CultureInfo.InvariantCulture);
        worker.Settings["Smtp:Security"] = "None";
    }

    [TearDown]
    public void RemoveWorker() => worker.Dispose();

    [Test]
    public async Task The_acknowledgement_arrives_in_the_complainants_mailbox_with_the_case_number()
    {
        var complainant = $"ack{Guid.NewGuid():N}"[..12];
        Complaints.Deliver(worker.Inbox, Complaints.Dutch(from: $"{complainant}@localhost"), Start.UtcDateTime, "1762161600.M1P1.smtp");

        var run = await worker.RunAsync("run", "--once");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        await Stack.WaitForInboxCountAsync(complainant, 1, TimeSpan.FromSeconds(30), CancellationToken.None);
        var received = MessageParser.Parse(File.ReadAllBytes(MailboxFiles(complainant).Single()));
        Assert.That(received.Subject, Does.StartWith("[KL-2026-00001] Ontvangstbevestiging"));
        Assert.That(received.From.Mailboxes.Single().Address, Is.EqualTo("klachten@example.org"));
        Assert.That(received.MessageId, Does.StartWith("acknowledgement.KL-2026-00001."));
        Assert.That(received.Text(), Does.Contain("15 december 2026"));
    }

    [Test]
    public async Task While_the_server_is_unreachable_the_acknowledgement_waits_and_goes_out_once_when_it_is_back()
    {
        var complainant = $"wait{Guid.NewGuid():N}"[..12];
        Complaints.Deliver(worker.Inbox, Complaints.Dutch(from: $"{complainant}@localhost"), Start.UtcDateTime, "1762161600.M1P1.wait");
        worker.Settings["Smtp:Port"] = Processes.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);

        var down = await worker.RunAsync("run", "--once");

        Assert.That(down.ExitCode, Is.Zero, "an unreachable server is retried later, not a crash");
        Assert.That(await BacklogAsync(), Is.EqualTo(2), "the acknowledgement and the handler's assignment notice");

        worker.Settings["Smtp:Port"] = Stack.SmtpPort.ToString(CultureInfo.InvariantCulture);
        await worker.RunAsync("run", "--once");
        Assert.That(await BacklogAsync(), Is.EqualTo(2), "the retry is not due before its backoff has passed");

        clock.Advance(TimeSpan.FromMinutes(2));
        await worker.RunAsync("run", "--once");
        clock.Advance(TimeSpan.FromHours(2));
        await worker.RunAsync("run", "--once");

        Assert.That(await BacklogAsync(), Is.Zero);
        await Stack.WaitForInboxCountAsync(complainant, 1, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.That(MailboxFiles(complainant), Has.Length.EqualTo(1));
    }

    private async Task<int> BacklogAsync()
    {
        using var json = JsonDocument.Parse((await worker.RunAsync("status", "--json")).Output);
        return json.RootElement.GetProperty("outboxBacklog").GetInt32();
    }

    private string[] MailboxFiles(string user) =>
        new[] { "new", "cur" }.Select(folder => Path.Combine(Stack.Directory, "mail", "localhost", user, folder))
            .Where(Directory.Exists).SelectMany(Directory.GetFiles).ToArray();
}
