using System.Text;
using MailComplaints.Intake;
using MailComplaints.Mailboxes;
using MailComplaints.MailServers;
using MailComplaints.Testing;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailComplaints.Tests.Mailboxes;

/// <summary>The complaints mailbox over IMAP, on MailKit, against the real Dovecot (and Postfix) of the test mail stack.</summary>
public sealed class ImapServerMailboxTests : MailStackFixture
{
    // A safety net only: every wait below ends on an event of the servers long before it.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private string user = "";

    [SetUp]
    public void NewUser() => user = $"box{Guid.NewGuid():N}"[..14] + "@localhost";

    private ImapServerMailbox Mailbox(TransportSecurity security = TransportSecurity.None, string? thumbprint = null) =>
        new(new ImapSettings(Stack.Host, Stack.ImapPort, security, user, Stack.Password, "INBOX", thumbprint), ProcessingFolders.Default, TimeProvider.System,
            NullLogger<ImapServerMailbox>.Instance);

    private static byte[] Complaint(string id) => Encoding.ASCII.GetBytes(
        $"From: jan@example.nl\r\nTo: klachten@example.org\r\nSubject: Lekkage {id}\r\nMessage-ID: <{id}@example.nl>\r\n\r\nHet lekt.\r\n");

    [Test]
    public async Task A_complaint_delivered_through_Postfix_ends_the_wait_at_once_by_IDLE()
    {
        await Stack.DeliverAsync(user, Complaint("first"), CancellationToken.None); // the mailbox exists before the wait
        await using var mailbox = Mailbox();
        await mailbox.ProbeAsync(CancellationToken.None);

        var waiting = mailbox.WaitForMailAsync(Patience, CancellationToken.None);
        await Stack.SubmitAsync(user, Complaint("second"), CancellationToken.None);

        Assert.That(await waiting, Is.True, "the server's EXISTS ended IDLE: mail arrived, not the timeout");
        Assert.That(await mailbox.ListAsync(CancellationToken.None), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_complaint_arriving_after_the_poll_moved_the_earlier_ones_out_still_ends_the_wait()
    {
        await Stack.DeliverManyAsync(user, [Complaint("one"), Complaint("two")], CancellationToken.None);
        await using var watcher = Mailbox();
        await using var poll = Mailbox();
        await watcher.ProbeAsync(CancellationToken.None);

        var waiting = watcher.WaitForMailAsync(Patience, CancellationToken.None);
        var earlier = await poll.ListAsync(CancellationToken.None);
        await poll.MoveAsync([.. earlier.Select(message => new MailboxMove(message, MessageOutcome.Registered))], CancellationToken.None);
        await Stack.SubmitAsync(user, Complaint("three"), CancellationToken.None);

        Assert.That(await waiting, Is.True, "two messages when the wait began, none after the move, one now: that one is new mail");
        Assert.That(await poll.ListAsync(CancellationToken.None), Has.Count.EqualTo(1), "and the kept connection of the poll sees it");
    }

    [Test]
    public async Task Messages_are_read_unseen_in_one_batch_and_moved_with_their_new_place_for_a_later_retry()
    {
        await Stack.DeliverManyAsync(user, [Complaint("a"), Complaint("b"), Complaint("c")], CancellationToken.None);
        await using var mailbox = Mailbox();

        var listed = await mailbox.ListAsync(CancellationToken.None);
        var read = new List<string>();
        await mailbox.FetchAsync(listed, async (message, stream, token) =>
        {
            using var reader = new StreamReader(stream);
            read.Add($"{message.SourceKey} {(await reader.ReadToEndAsync(token)).Contains("Subject: Lekkage", StringComparison.Ordinal)}");
        }, CancellationToken.None);
        var locations = await mailbox.MoveAsync([new MailboxMove(listed[0], MessageOutcome.Registered), new MailboxMove(listed[1], MessageOutcome.Failed),
            new MailboxMove(listed[2], MessageOutcome.Failed)], CancellationToken.None);

        Assert.That(read, Is.EqualTo(listed.Select(message => $"{message.SourceKey} True")), "every body, in order");
        Assert.That(locations[listed[1].SourceKey], Does.Match(@"^Failed:\d+:\d+$"), "UIDPLUS: the folder, its UIDVALIDITY and the new UID");
        Assert.That(await mailbox.ListAsync(CancellationToken.None), Is.Empty);
        Assert.That(await FlagsAsync("Failed"), Has.Count.EqualTo(2).And.None.Matches<MessageFlags>(flags => flags.HasFlag(MessageFlags.Seen)), "never marked read");

        Assert.That(await mailbox.RestoreAsync(locations[listed[1].SourceKey], CancellationToken.None), Is.True);
        Assert.That(await mailbox.RestoreAsync(locations[listed[1].SourceKey], CancellationToken.None), Is.False, "gone from there now");
        Assert.That(await mailbox.ListAsync(CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_sent_copy_is_appended_as_read()
    {
        await using var mailbox = Mailbox();

        await mailbox.KeepSentCopyAsync("Sent", Complaint("copy"), CancellationToken.None);

        Assert.That(await FlagsAsync("Sent"), Has.Count.EqualTo(1).And.All.Matches<MessageFlags>(flags => flags.HasFlag(MessageFlags.Seen)));
    }

    [Test]
    public async Task Erasure_expunges_by_uid_where_the_move_put_a_message_and_by_message_id_in_the_sent_folder_and_twice_is_no_error()
    {
        await Stack.DeliverManyAsync(user, [Complaint("keep"), Complaint("erase")], CancellationToken.None);
        await using var mailbox = Mailbox();
        var listed = await mailbox.ListAsync(CancellationToken.None);
        var locations = await mailbox.MoveAsync([.. listed.Select(message => new MailboxMove(message, MessageOutcome.Registered))], CancellationToken.None);
        await mailbox.KeepSentCopyAsync("Sent", Complaint("sent-keep"), CancellationToken.None);
        await mailbox.KeepSentCopyAsync("Sent", Complaint("sent-erase"), CancellationToken.None);
        MailboxCopy[] copies = [new MailboxCopy.Received(listed[1].SourceKey, locations[listed[1].SourceKey], "erase@example.nl"), new MailboxCopy.Sent("Sent", "sent-erase@example.nl")];

        var erased = await mailbox.EraseAsync(copies, CancellationToken.None);
        var again = await mailbox.EraseAsync(copies, CancellationToken.None);

        Assert.That((erased, again), Is.EqualTo((2, 0)));
        Assert.That(await SubjectsAsync("Processed"), Is.EqualTo(new[] { "Lekkage keep" }));
        Assert.That(await SubjectsAsync("Sent"), Is.EqualTo(new[] { "Lekkage sent-keep" }), "SEARCH HEADER matches substrings: the envelope decides");
    }

    [Test]
    public async Task Erasure_finds_by_message_id_what_a_stale_location_misses_and_in_the_inbox_what_was_never_moved()
    {
        await Stack.DeliverManyAsync(user, [Complaint("moved"), Complaint("waiting"), Complaint("other")], CancellationToken.None);
        await using var mailbox = Mailbox();
        var listed = await mailbox.ListAsync(CancellationToken.None);
        var locations = await mailbox.MoveAsync([new MailboxMove(listed[0], MessageOutcome.Ignored), new MailboxMove(listed[2], MessageOutcome.Ignored)], CancellationToken.None);
        var place = locations[listed[0].SourceKey].Split(':');
        var stale = $"{place[0]}:{uint.Parse(place[1], System.Globalization.CultureInfo.InvariantCulture) + 1}:{place[2]}"; // another UIDVALIDITY

        var erased = await mailbox.EraseAsync([new MailboxCopy.Received(listed[0].SourceKey, stale, "moved@example.nl"),
            new MailboxCopy.Received(listed[1].SourceKey, null, "waiting@example.nl"), new MailboxCopy.Sent("Archive", "other@example.nl")], CancellationToken.None);

        Assert.That(erased, Is.EqualTo(2));
        Assert.That(await SubjectsAsync("Ignored"), Is.EqualTo(new[] { "Lekkage other" }));
        Assert.That(await mailbox.ListAsync(CancellationToken.None), Is.Empty);
        Assert.That(await SubjectsAsync("Archive"), Is.Null, "a folder that is not there is not made");
    }

    [Test]
    public async Task The_pinned_certificate_is_trusted_and_another_thumbprint_is_refused()
    {
        await Stack.DeliverAsync(user, Complaint("tls"), CancellationToken.None);
        await using (var pinned = Mailbox(TransportSecurity.StartTls, Stack.CertificateSha256))
        {
            Assert.That((await pinned.ProbeAsync(CancellationToken.None)).Reachable, Is.True);
        }
        await using var wrong = Mailbox(TransportSecurity.StartTls, new string('A', 64));

        var probe = await wrong.ProbeAsync(CancellationToken.None);

        Assert.That(probe.Reachable, Is.False);
        Assert.That(probe.Detail, Does.Contain("certificate").IgnoreCase);
    }

    [Test]
    public async Task After_Dovecot_restarts_the_next_call_connects_again()
    {
        await Stack.DeliverAsync(user, Complaint("before"), CancellationToken.None);
        await using var mailbox = Mailbox();
        Assert.That(await mailbox.ListAsync(CancellationToken.None), Has.Count.EqualTo(1));

        await Stack.StopDovecotAsync(CancellationToken.None);
        await Stack.StartDovecotAsync(CancellationToken.None);

        Assert.That(await mailbox.ListAsync(CancellationToken.None), Has.Count.EqualTo(1), "the dropped connection was made again");
    }

    // The subjects of a folder's messages, or null when there is no such folder.
    private async Task<IReadOnlyList<string>?> SubjectsAsync(string name)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(Stack.Host, Stack.ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, Stack.Password);
        if ((await client.GetFoldersAsync(client.PersonalNamespaces[0])).FirstOrDefault(folder => folder.FullName == name) is not { } found)
        {
            return null;
        }
        await found.OpenAsync(FolderAccess.ReadOnly);
        return found.Count == 0 ? [] : [.. (await found.FetchAsync(0, -1, MessageSummaryItems.Envelope)).Select(summary => summary.Envelope?.Subject ?? "")];
    }

    private async Task<IReadOnlyList<MessageFlags>> FlagsAsync(string name)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(Stack.Host, Stack.ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, Stack.Password);
        var folder = await client.GetFolderAsync(name);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        return folder.Count == 0 ? [] : [.. (await folder.FetchAsync(0, -1, MessageSummaryItems.Flags)).Select(summary => summary.Flags ?? MessageFlags.None)];
    }
}
