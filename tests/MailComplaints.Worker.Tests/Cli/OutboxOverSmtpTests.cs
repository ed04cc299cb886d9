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
        var complainant = ComplaintWhileTheServerIsDown("wait");

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

    [Test]
    public async Task A_server_refusing_every_mail_for_longer_than_the_alarm_makes_the_status_unhealthy_until_mail_leaves_again()
    {
        ComplaintWhileTheServerIsDown("down");
        worker.Settings["Outbox:FailingAlarm"] = "00:20:00";

        await worker.RunAsync("run", "--once");
        var (healthyAtFirst, _, _) = await StatusAsync();
        clock.Advance(TimeSpan.FromMinutes(21));
        await worker.RunAsync("run", "--once");
        var (healthy, problem, failing) = await StatusAsync();
        var text = await worker.RunAsync("status");

        Assert.That(healthyAtFirst, Is.True, "a first failure is retried, not yet a reason for alarm");
        Assert.That((healthy, failing), Is.EqualTo((false, 2)));
        Assert.That(problem, Does.Contain("Mail is not leaving").And.Contain("Outbox:FailingAlarm (00:20:00)").And.Contain("2026-11-03 09:20:00 UTC").And.Contain("last error:"));
        Assert.That(text.ExitCode, Is.EqualTo(1));
        Assert.That(text.Output, Does.Contain("Mail is not leaving"));

        worker.Settings["Smtp:Port"] = Stack.SmtpPort.ToString(CultureInfo.InvariantCulture);
        clock.Advance(TimeSpan.FromHours(2));
        await worker.RunAsync("run", "--once");
        Assert.That(await StatusAsync(), Is.EqualTo((true, (string?)null, 0)));
    }

    [Test]
    public async Task A_mail_given_up_after_its_retries_makes_the_status_unhealthy_for_a_day()
    {
        ComplaintWhileTheServerIsDown("gone");
        worker.Settings["Outbox:MaxAttempts"] = "1";

        await worker.RunAsync("run", "--once");
        var (healthy, problem, _) = await StatusAsync();

        Assert.That(healthy, Is.False);
        // The acknowledgement, the assignment notice and the handler's notice that the acknowledgement failed.
        Assert.That(problem, Does.StartWith("3 mail(s) were given up after their retries in the last 24 hours"));
        clock.Advance(TimeSpan.FromHours(25));
        Assert.That(await StatusAsync(), Is.EqualTo((true, (string?)null, 0)));
    }

    [Test]
    public async Task A_video_too_large_for_the_handlers_mail_is_listed_with_the_command_that_gets_it_and_the_photo_is_attached()
    {
        var handler = $"beh{Guid.NewGuid():N}"[..12];
        worker.Settings["Handlers:0:Email"] = $"{handler}@localhost";
        var video = new byte[12 * 1024 * 1024];
        new Random(12).NextBytes(video);
        var photo = new byte[200 * 1024];
        new Random(2).NextBytes(photo);
        Complaints.Deliver(worker.Inbox, WithFiles(("video-badkamer.mp4", "video/mp4", video), ("lekkage.jpg", "image/jpeg", photo)), Start.UtcDateTime, "1762161600.M1P1.video");

        await worker.RunAsync("run", "--once");

        await Stack.WaitForInboxCountAsync(handler, 1, TimeSpan.FromSeconds(30), CancellationToken.None);
        var file = MailboxFiles(handler).Single();
        var assignment = MessageParser.Parse(File.ReadAllBytes(file));
        Assert.That(new FileInfo(file).Length, Is.LessThan(10_000_000));
        Assert.That(assignment.Attachments.OfType<MimeKit.MimePart>().Select(part => part.FileName), Is.EqualTo(new[] { "lekkage.jpg" }));
        Assert.That(assignment.Text(), Does.Contain("video-badkamer.mp4 (12,0 MB), niet bijgevoegd")
            .And.Contain("lekkage.jpg (200 kB), als bestand bij deze mail")
            .And.Contain("mailcomplaints case attachments KL-2026-00001 --out <map>"));

        var show = await worker.RunAsync("case", "show", "KL-2026-00001");
        Assert.That(show.Output, Does.Contain($"video-badkamer.mp4  video/mp4  {video.Length} bytes  sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(video))}"));
        var folder = Path.Combine(worker.Root, "files");
        var first = await worker.RunAsync("case", "attachments", "KL-2026-00001", "--out", folder);
        var again = await worker.RunAsync("case", "attachments", "KL-2026-00001", "--out", folder);
        Assert.That((first.ExitCode, again.ExitCode), Is.EqualTo((0, 0)), first.Error + again.Error);
        Assert.That(File.ReadAllBytes(Path.Combine(folder, "video-badkamer.mp4")), Is.EqualTo(video));
        Assert.That(File.ReadAllBytes(Path.Combine(folder, "lekkage (2).jpg")), Is.EqualTo(photo), "a file already there is kept; the new one is numbered");
    }

    private static byte[] WithFiles(params (string Name, string Type, byte[] Content)[] files)
    {
        var text = new System.Text.StringBuilder("""
            From: Jan de Vries <jan@example.nl>
            To: klachten@example.org
            Subject: Lekkage badkamer
            Message-ID: <video@example.nl>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain; charset=utf-8

            Gisteren is de lekkage in de badkamer erger geworden; zie de video en de foto.

            """);
        foreach (var (name, type, content) in files)
        {
            text.Append(CultureInfo.InvariantCulture, $"--b\nContent-Type: {type}\nContent-Disposition: attachment; filename=\"{name}\"\nContent-Transfer-Encoding: base64\n\n")
                .Append(Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks)).Append('\n');
        }
        return System.Text.Encoding.ASCII.GetBytes(text.Append("--b--\n").ToString().ReplaceLineEndings("\r\n"));
    }

    private async Task<(bool Healthy, string? Problem, int Failing)> StatusAsync()
    {
        using var json = JsonDocument.Parse((await worker.RunAsync("status", "--json")).Output);
        var root = json.RootElement;
        return (root.GetProperty("healthy").GetBoolean(), root.GetProperty("problem").GetString(), root.GetProperty("outboxFailing").GetInt32());
    }

    // A complaint in the inbox, and the SMTP port one where no server listens; returns the complainant's mailbox name.
    private string ComplaintWhileTheServerIsDown(string name)
    {
        var complainant = $"{name}{Guid.NewGuid():N}"[..12];
        Complaints.Deliver(worker.Inbox, Complaints.Dutch(from: $"{complainant}@localhost"), Start.UtcDateTime, $"1762161600.M1P1.{name}");
        worker.Settings["Smtp:Port"] = Processes.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
        return complainant;
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
