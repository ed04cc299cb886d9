using MailComplaints.Mailboxes;
using MailComplaints.Storage;
using MailComplaints.Testing;

namespace MailComplaints.Worker.Tests.Intake;

/// <summary>Machine mail through the whole worker: never a case, never an answer, always the Ignored folder.</summary>
public sealed class MachineMailIntakeTests(MailboxKind kind, StorageProvider provider) : IntakeFixture(kind, provider)
{
    [Test]
    public async Task Every_bounce_auto_reply_and_report_of_the_sisimai_corpus_is_ignored_without_a_case_or_a_reply()
    {
        var files = Directory.GetFiles(Corpus.Path("sisimai-set-of-emails", "maildir", "bsd")).Order(StringComparer.Ordinal).ToList();
        await DeliverAsync(files.Select(File.ReadAllBytes).Select(WithoutMboxSeparator));

        await RunOnceAsync();

        Assert.That(await Worker.CasesAsync(), Is.Empty);
        Assert.That(Worker.SentMails(), Is.Empty);
        Assert.That(await CountAsync("Ignored"), Is.EqualTo(files.Count), (await Worker.RunAsync("failed", "list")).Output);
        Assert.That(await CountAsync("INBOX"), Is.Zero);
        var status = await Worker.RunAsync("status", "--json");
        Assert.That(status.Output, Does.Contain("\"lastPollResult\":\"ok: " + files.Count + " ignored\""));
    }

    // Some corpus files keep the "From sender date" line of the mbox they came from; a server never delivers one.
    private static byte[] WithoutMboxSeparator(byte[] message) =>
        message.AsSpan().StartsWith("From "u8) ? message[(message.AsSpan().IndexOf((byte)'\n') + 1)..] : message;

    [Test]
    public async Task A_bounce_of_our_acknowledgement_is_linked_to_its_case_and_the_handler_is_told()
    {
        await DeliverAsync(Complaints.Dutch("bounce-me@example.nl", "nobody@example.nl"));
        await RunOnceAsync();
        var acknowledgement = Worker.SentMails().Single(mail => mail.To.Mailboxes.Single().Address == "nobody@example.nl");

        await DeliverAsync(Complaints.Bounce(acknowledgement.MessageId!, "nobody@example.nl"));
        await RunOnceAsync();

        Assert.That(await Worker.CasesAsync(), Has.Count.EqualTo(1));
        var notice = Worker.SentMails().Single(mail => mail.To.Mailboxes.Single().Address == "klachtbehandelaar@example.org" && mail.Subject!.Contains("niet afgeleverd", StringComparison.Ordinal));
        Assert.That(notice.Subject, Does.StartWith("[KL-2026-00001]"));
        Assert.That(notice.Text(), Does.Contain("nobody@example.nl").And.Contain("5.1.1"));
        var show = await Worker.RunAsync("case", "show", "KL-2026-00001", "--json");
        Assert.That(show.Output, Does.Contain("\"kind\":\"DeliveryFailed\""));
        Assert.That(await CountAsync("Ignored"), Is.EqualTo(1));
    }
}
