using System.Text;
using MailComplaints.Mailboxes;
using MailComplaints.Reading;
using MailComplaints.Storage;
using MailComplaints.Testing;
using MailComplaints.Worker.Cli;
using MailComplaints.Worker.Tests.Intake;
using Microsoft.Extensions.Time.Testing;

namespace MailComplaints.Worker.Tests.Retention;

/// <summary>
/// A person's complaint goes through the real worker (the Maildir or Dovecot over IMAP, SQLite or PostgreSQL, the pickup
/// directory and a Sent folder), then is erased on request or purged when the retention period is over. Afterwards every
/// value of every row of every table, every message of every folder of the mailbox, every file of the pickup directory
/// and every log line is read, raw and decoded, for their address and their name: nothing remains, and another
/// person's complaint is untouched.
/// </summary>
public sealed class ErasureProofTests(MailboxKind kind, StorageProvider provider) : IntakeFixture(kind, provider)
{
    private const string Joost = "Joost.Vermeulen@Example.nl";
    private const string JoostName = "Joost Vermeulen";
    private const string Els = "els.bakker@example.nl";
    private const string ElsName = "Els Bakker";

    [SetUp]
    public void KeepSentCopies() => Worker.Settings["Outbox:SentFolder"] = "Sent";

    [Test]
    public async Task After_erasure_on_request_nothing_of_the_complainant_remains_anywhere_and_the_other_complaint_is_untouched()
    {
        await TwoComplaintsAndAnAutoReplyAsync();

        var refused = await Worker.RunAsync("erase", "--complainant", Joost.ToLowerInvariant());
        var dryRun = await Worker.RunAsync("erase", "--complainant", Joost, "--dry-run", "--force");
        var stillThere = StoredBytes.Naming(await EverythingAsync(), Joost, JoostName);
        var erased = await Worker.RunAsync("erase", "--complainant", Joost, "--force");

        Assert.That((refused.ExitCode, refused.Error), Is.EqualTo((RetentionVerbs.Refused,
            "Not erased: case KL-2026-00001 of this complainant is still open. Close it first, or erase anyway with --force (it is then closed as withdrawn).\n")));
        Assert.That(dryRun.ExitCode, Is.Zero, dryRun.Error);
        Assert.That(dryRun.Output, Does.Contain("KL-2026-00001    open   2 message(s), 3 mail(s), 1 attachment(s)")
            .And.Contain("would erase 1 case(s), 1 message(s) and 0 mail(s) of no case (dry run: nothing was changed)"));
        Assert.That(stillThere, Is.Not.Empty, "neither the refusal nor the dry run changed anything");
        Assert.That(erased.ExitCode, Is.Zero, erased.Error);
        Assert.That(erased.Output, Does.Contain("erased 1 case(s), 1 message(s) and 0 mail(s) of no case; 9 copies deleted").And.Not.Contain(Joost),
            "his complaint and follow-up in Processed, his auto-reply in Ignored, three mails in Sent and in the pickup directory");
        await AssertNothingOfJoostAndAllOfElsAsync();
        var show = await Worker.RunAsync("case", "show", "KL-2026-00001");
        Assert.That(show.Output, Does.Contain("Withdrawn").And.Contain("Erased").And.Contain("right to erasure"));
    }

    [Test]
    public async Task After_the_retention_period_the_purge_leaves_nothing_of_a_closed_complaint_and_keeps_the_open_one()
    {
        await TwoComplaintsAndAnAutoReplyAsync();
        await ResolveAsync("KL-2026-00001", new DateTimeOffset(Arrived).AddDays(2));
        var closedAt = new DateTimeOffset(Arrived).AddDays(2);

        Worker.Clock = new FakeTimeProvider(closedAt.AddYears(2).AddHours(-1));
        var early = await Worker.RunAsync("purge", "--dry-run");
        Worker.Clock = new FakeTimeProvider(closedAt.AddYears(2).AddHours(1));
        var due = await Worker.RunAsync("purge", "--dry-run");
        var purged = await Worker.RunAsync("purge");
        var again = await Worker.RunAsync("purge");

        Assert.That(early.Output, Does.Contain("would purge 0 case(s)"), early.Output);
        Assert.That(due.Output, Does.Contain("KL-2026-00001    closed 3 message(s), 5 mail(s), 1 attachment(s)")
            .And.Contain("would purge 1 case(s), 1 message(s) and 0 mail(s) of no case"), "the auto-reply of no case is older than two years too");
        Assert.That(purged.ExitCode, Is.Zero, purged.Error);
        Assert.That(purged.Output, Does.Contain("purged 1 case(s), 1 message(s) and 0 mail(s) of no case"));
        Assert.That(again.Output, Does.Contain("purged 0 case(s), 0 message(s) and 0 mail(s) of no case; 0 copies deleted"));
        await AssertNothingOfJoostAndAllOfElsAsync();
        var show = await Worker.RunAsync("case", "show", "KL-2026-00001");
        Assert.That(show.Output, Does.Contain("Resolved").And.Contain("Purged"));
    }

    // Joost's complaint with an attachment and, a day later, his follow-up; his auto-reply to the acknowledgement (machine
    // mail, of no case); Els's complaint. Each answered, copied to Sent, moved to its folder.
    private async Task TwoComplaintsAndAnAutoReplyAsync()
    {
        await DeliverAsync([JoostsComplaint(), Complaints.Message($"""
            From: {ElsName} <{Els}>
            To: klachten@example.org
            Subject: Geen warm water
            Message-ID: <els-1@example.nl>
            """, $"Sinds gisteren is er geen warm water.\n\n{ElsName}")]);
        await RunOnceAsync();
        await DeliverAsync([Complaints.Message($"""
            From: {JoostName} <{Joost}>
            To: klachten@example.org
            Subject: Automatisch antwoord: [KL-2026-00001] Ontvangstbevestiging
            Auto-Submitted: auto-replied
            Message-ID: <ooo-1@example.nl>
            """, $"Ik ben afwezig tot 10 november.\n{JoostName}"), Complaints.Message($"""
            From: {JoostName} <{Joost}>
            To: klachten@example.org
            Subject: Re: [KL-2026-00001] Ontvangstbevestiging
            Message-ID: <joost-2@example.nl>
            """, $"Inmiddels lekt het ook in de keuken.\n\n{JoostName}")]);
        await RunOnceAsync();
        var cases = await Worker.CasesAsync();
        Assert.That(cases.Select(c => (c.GetProperty("number").GetString(), c.GetProperty("complainantAddress").GetString())),
            Is.EqualTo(new[] { ("KL-2026-00001", Joost), ("KL-2026-00002", Els) }));
        Assert.That(StoredBytes.Naming(await EverythingAsync(), Joost, JoostName), Has.Count.GreaterThan(10), "the stores hold his data before");
    }

    private async Task AssertNothingOfJoostAndAllOfElsAsync()
    {
        var everything = await EverythingAsync();
        Assert.That(everything.Where(value => value.Where.StartsWith("imap", StringComparison.Ordinal) || value.Where.StartsWith(Worker.Inbox, StringComparison.Ordinal)),
            Is.Not.Empty, "the mailbox was read");
        Assert.That(StoredBytes.Naming(everything, Joost, JoostName), Is.Empty, "nothing of Joost: his address and name in no byte");
        Assert.That(StoredBytes.Naming(everything, Els).Select(Store).Distinct(),
            Is.SupersetOf(new[] { "cases", "inbound_messages", "outbox", "mailbox", "pickup" }), "Els's complaint everywhere it was");
        var els = (await Worker.CasesAsync()).Single(c => c.GetProperty("number").GetString() == "KL-2026-00002");
        Assert.That((els.GetProperty("complainantName").GetString(), els.GetProperty("complainantAddress").GetString(), els.GetProperty("status").GetString()),
            Is.EqualTo((ElsName, Els, "InHandling")));
    }

    // What a stored value is part of: a table, the mailbox, the pickup directory or the logs.
    private string Store(string where) =>
        where.StartsWith(Worker.Outbox, StringComparison.Ordinal) ? "pickup"
        : where.StartsWith(Worker.Inbox, StringComparison.Ordinal) || where.StartsWith("imap", StringComparison.Ordinal) ? "mailbox"
        : where.StartsWith(Path.Combine(Worker.Root, "logs"), StringComparison.Ordinal) ? "logs"
        : where[..where.IndexOf('.', StringComparison.Ordinal)];

    // Every row of every table, every message of the mailbox, every file of the pickup directory and of the logs: as stored,
    // and for what reads as a message, decoded (its headers and text), where a name may hide in an encoding.
    private async Task<IReadOnlyList<StoredValue>> EverythingAsync()
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        IReadOnlyList<StoredValue> stored = [.. await StoredBytes.RowsAsync(connection), .. await MailboxContentsAsync(), .. StoredBytes.Files(Worker.Outbox),
            .. StoredBytes.Files(Path.Combine(Worker.Root, "logs"))];
        return [.. stored, .. stored.Select(Decoded).OfType<StoredValue>()];
    }

    private static StoredValue? Decoded(StoredValue value)
    {
        if (value.Bytes.AsSpan().IndexOf("From:"u8) < 0)
        {
            return null;
        }
        try
        {
            var message = MessageParser.Parse(value.Bytes);
            var text = string.Join("\n", message.Headers.Select(header => header.Value).Append(MessageText.Of(message)));
            return new StoredValue($"{value.Where} (decoded)", Encoding.UTF8.GetBytes(text));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] JoostsComplaint()
    {
        var photo = Convert.ToBase64String(Encoding.UTF8.GetBytes($"foto van de lekkage, gemaakt door {JoostName}"), Base64FormattingOptions.InsertLineBreaks);
        return Encoding.UTF8.GetBytes($"""
            From: {JoostName} <{Joost}>
            To: Klachtenloket <klachten@example.org>
            Subject: Lekkage in de badkamer niet verholpen
            Date: Tue, 3 Nov 2026 10:15:00 +0100
            Message-ID: <joost-1@example.nl>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            Gisteren is de monteur voor de derde keer niet gekomen.

            Met vriendelijke groet,
            {JoostName}
            Telefoon 06-12345678, {Joost}

            --b1
            Content-Type: image/jpeg; name="lekkage-{JoostName}.jpg"
            Content-Disposition: attachment; filename="lekkage-{JoostName}.jpg"
            Content-Transfer-Encoding: base64

            {photo}
            --b1--

            """.ReplaceLineEndings("\r\n"));
    }
}
