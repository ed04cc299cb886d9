using System.Globalization;
using System.Text.Json;
using MailComplaints.Procedure;
using MailComplaints.Reading;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MailComplaints.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MailComplaints.Worker.Tests.Intake;

/// <summary>The intake reading a real Dovecot mailbox over IMAP (STARTTLS with the stack's self-signed certificate).</summary>
public sealed class ImapIntakeTests : MailStackFixture
{
    private static readonly DateTimeOffset Now = new(2026, 11, 3, 12, 0, 0, TimeSpan.Zero);
    private InProcessWorker worker = null!;
    private string complaintsUser = null!;

    [SetUp]
    public void CreateWorker()
    {
        complaintsUser = $"klachten{Guid.NewGuid():N}"[..16] + "@localhost";
        worker = new InProcessWorker { Clock = new FakeTimeProvider(Now) };
        worker.Settings["Mailbox:Kind"] = "Imap";
        worker.Settings["Mailbox:Imap:Host"] = Stack.Host;
        worker.Settings["Mailbox:Imap:Port"] = Stack.ImapPort.ToString(CultureInfo.InvariantCulture);
        worker.Settings["Mailbox:Imap:Security"] = "StartTls";
        worker.Settings["Mailbox:Imap:TrustedCertificateThumbprint"] = Stack.CertificateSha256;
        worker.Settings["Mailbox:Imap:Username"] = complaintsUser;
        worker.Settings["Mailbox:Imap:Password"] = Stack.Password;
    }

    [TearDown]
    public void RemoveWorker() => worker.Dispose();

    private async Task<ImapClient> OpenComplaintsMailboxAsync() => await OpenAsync(complaintsUser);

    private async Task<ImapClient> OpenAsync(string user)
    {
        var client = new ImapClient();
        await client.ConnectAsync(Stack.Host, Stack.ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, Stack.Password);
        return client;
    }

    // The flags of every message in a folder (none when the folder does not exist).
    private static async Task<IReadOnlyList<MessageFlags>> FolderAsync(ImapClient client, string name)
    {
        IMailFolder folder;
        try
        {
            folder = name == "INBOX" ? client.Inbox : await client.GetFolderAsync(name);
        }
        catch (FolderNotFoundException)
        {
            return [];
        }
        await folder.OpenAsync(FolderAccess.ReadOnly);
        return folder.Count == 0 ? [] : [.. (await folder.FetchAsync(0, -1, MessageSummaryItems.Flags)).Select(summary => summary.Flags ?? MessageFlags.None)];
    }

    [Test]
    public async Task Complaints_in_the_imap_inbox_become_cases_and_leave_for_the_processed_folder_unread()
    {
        await Stack.DeliverManyAsync(complaintsUser, [
            Complaints.Dutch("imap-1@example.nl", "anna@example.nl"),
            Complaints.Dutch("imap-2@example.nl", "bram@example.nl"),
            Complaints.Dutch("imap-3@example.nl", "cees@example.nl"),
        ], CancellationToken.None);

        var run = await worker.RunAsync("run", "--once");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        using var json = JsonDocument.Parse((await worker.RunAsync("cases", "list", "--json")).Output);
        Assert.That(json.RootElement.EnumerateArray().Select(c => c.GetProperty("complainantAddress").GetString()),
            Is.EquivalentTo(new[] { "anna@example.nl", "bram@example.nl", "cees@example.nl" }));
        using var client = await OpenComplaintsMailboxAsync();
        Assert.That(await FolderAsync(client, "INBOX"), Is.Empty);
        var processed = await FolderAsync(client, "Processed");
        Assert.That(processed, Has.Count.EqualTo(3));
        Assert.That(processed, Has.None.Matches<MessageFlags>(flags => flags.HasFlag(MessageFlags.Seen)), "people read this mailbox too: the worker never marks mail as read");
        Assert.That(Directory.GetFiles(worker.Outbox, "*.eml"), Has.Length.EqualTo(6), "an acknowledgement and an assignment each");
    }

    [Test]
    public async Task With_a_sent_folder_set_a_read_copy_of_every_mail_sent_lands_there()
    {
        worker.Settings["Outbox:SentFolder"] = "Sent";
        await Stack.DeliverAsync(complaintsUser, Complaints.Dutch("sent-1@example.nl", "fien@example.nl"), CancellationToken.None);

        await worker.RunAsync("run", "--once");

        using var client = await OpenComplaintsMailboxAsync();
        var sent = await FolderAsync(client, "Sent");
        Assert.That(sent, Has.Count.EqualTo(2), "the acknowledgement and the assignment");
        Assert.That(sent, Has.All.Matches<MessageFlags>(flags => flags.HasFlag(MessageFlags.Seen)));
        Assert.That(Directory.GetFiles(worker.Outbox, "*.eml"), Has.Length.EqualTo(2), "the copies are copies: each mail went out once");
    }

    [Test]
    public async Task A_second_run_finds_nothing_new_and_a_message_arriving_later_is_taken_in()
    {
        await Stack.DeliverAsync(complaintsUser, Complaints.Dutch("later-1@example.nl", "dirk@example.nl"), CancellationToken.None);
        await worker.RunAsync("run", "--once");

        await worker.RunAsync("run", "--once");
        await Stack.DeliverAsync(complaintsUser, Complaints.Dutch("later-2@example.nl", "eva@example.nl"), CancellationToken.None);
        await worker.RunAsync("run", "--once");

        using var json = JsonDocument.Parse((await worker.RunAsync("cases", "list", "--json")).Output);
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(2));
        Assert.That(Directory.GetFiles(worker.Outbox, "*.eml"), Has.Length.EqualTo(4), "an acknowledgement and an assignment each");
    }

    [Test]
    public async Task Our_own_mail_coming_back_is_ignored_and_never_answered()
    {
        var ours = System.Text.Encoding.UTF8.GetBytes("""
            From: Klachtenloket <klachten@example.org>
            To: someone@example.nl
            Subject: [KL-2026-00001] Ontvangstbevestiging
            Message-ID: <acknowledgement.KL-2026-00001.abc@example.org>
            X-MailComplaints-Loop: klachten@example.org
            Auto-Submitted: auto-replied

            Wij hebben uw klacht ontvangen.

            """.ReplaceLineEndings("\r\n"));
        await Stack.DeliverAsync(complaintsUser, ours, CancellationToken.None);

        await worker.RunAsync("run", "--once");

        using var json = JsonDocument.Parse((await worker.RunAsync("cases", "list", "--json")).Output);
        Assert.That(json.RootElement.GetArrayLength(), Is.Zero);
        Assert.That(Directory.Exists(worker.Outbox) ? Directory.GetFiles(worker.Outbox) : [], Is.Empty);
        using var client = await OpenComplaintsMailboxAsync();
        Assert.That(await FolderAsync(client, "Ignored"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_acknowledgement_goes_over_smtp_into_the_complainants_imap_mailbox()
    {
        var complainant = $"klager{Guid.NewGuid():N}"[..14];
        worker.Settings["Smtp:Host"] = Stack.Host;
        worker.Settings["Smtp:Port"] = Stack.SmtpPort.ToString(CultureInfo.InvariantCulture);
        worker.Settings["Smtp:Security"] = "StartTls";
        worker.Settings["Smtp:TrustedCertificateThumbprint"] = Stack.CertificateSha256;
        await Stack.DeliverAsync(complaintsUser, Complaints.Dutch("roundtrip@example.nl", $"{complainant}@localhost"), CancellationToken.None);

        var run = await worker.RunAsync("run", "--once");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        await Stack.WaitForInboxCountAsync(complainant, 1, TimeSpan.FromSeconds(30), CancellationToken.None);
        using var client = await OpenAsync($"{complainant}@localhost");
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var received = await client.Inbox.GetMessageAsync(0);
        Assert.That(received.Subject, Does.StartWith("[KL-2026-00001] Ontvangstbevestiging"));
        Assert.That(received.InReplyTo, Is.EqualTo("roundtrip@example.nl"));
        using var json = JsonDocument.Parse((await worker.RunAsync("cases", "list", "--json")).Output);
        var receivedAt = json.RootElement[0].GetProperty("receivedAt").GetDateTimeOffset();
        var term = WorkingDayCalendar.Statutory.EndOfTermInWeeks(WorkingDayCalendar.DateIn(receivedAt), 6).ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL"));
        Assert.That(MessageText.Of(received), Does.Contain("KL-2026-00001").And.Contain(term), "the handling term as a date: six weeks after receipt (INTERNALDATE), on a working day");
    }
}
