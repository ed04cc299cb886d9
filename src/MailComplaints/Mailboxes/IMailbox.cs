using MailComplaints.Intake;

namespace MailComplaints.Mailboxes;

/// <summary>A message waiting in the mailbox: its place there, size and arrival time.</summary>
/// <param name="SourceKey">Stable identity of the message in this mailbox (IMAP: UIDVALIDITY:UID; Maildir: the unique file name).</param>
/// <param name="Size">Size in bytes as the mailbox reports it.</param>
/// <param name="ArrivedAt">When the mailbox received it (IMAP INTERNALDATE; Maildir: the delivery time of the file).</param>
public sealed record MailboxMessage(string SourceKey, long Size, DateTimeOffset ArrivedAt);

/// <summary>A processed message and the outcome whose folder it moves to.</summary>
public sealed record MailboxMove(MailboxMessage Message, MessageOutcome Outcome);

/// <summary>Whether a mailbox can be reached, for <c>status</c>.</summary>
public sealed record MailboxProbe(bool Reachable, int Waiting, string Detail);

/// <summary>
/// The complaints mailbox. Messages are listed, read in batches and then moved to the folder of their outcome,
/// which happens only after the outcome is committed; the database ledger, not a flag, says what was processed.
/// </summary>
public interface IMailbox : IAsyncDisposable
{
    /// <summary>Names this mailbox in the ledger and in logs (no credentials).</summary>
    string Name { get; }

    /// <summary>Keeps a copy of a mail we sent in <paramref name="folder"/> (created when missing), marked as read.</summary>
    Task KeepSentCopyAsync(string folder, ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>The messages waiting to be processed, oldest first.</summary>
    Task<IReadOnlyList<MailboxMessage>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Reads the raw bytes of <paramref name="messages"/>, handing each to <paramref name="onMessage"/> as a stream (valid during the call).
    /// A message that has gone in the meantime is skipped.</summary>
    Task FetchAsync(IReadOnlyList<MailboxMessage> messages, Func<MailboxMessage, Stream, CancellationToken, ValueTask> onMessage, CancellationToken cancellationToken);

    /// <summary>Moves processed messages to the folders of their outcomes (created when missing); a message already gone is not an error.
    /// Returns, per source key, where the message now is (for <see cref="RestoreAsync"/>).</summary>
    Task<IReadOnlyDictionary<string, string>> MoveAsync(IReadOnlyList<MailboxMove> moves, CancellationToken cancellationToken);

    /// <summary>Moves a message back from where <see cref="MoveAsync"/> put it into the inbox (an operator's retry). False when it is not there.</summary>
    Task<bool> RestoreAsync(string location, CancellationToken cancellationToken);

    /// <summary>Checks that the mailbox can be reached and counts what waits in it.</summary>
    Task<MailboxProbe> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>Returns true when new mail arrives from now on (IMAP IDLE, a file appearing in the Maildir), or false after <paramref name="timeout"/>.</summary>
    Task<bool> WaitForMailAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes these copies from the mailbox for good (retention and erasure, docs/retention.md): IMAP UID STORE \Deleted and
    /// UID EXPUNGE, a Maildir file removed. A copy already gone is not an error; a folder that does not exist is not created.
    /// Returns how many messages were deleted.
    /// </summary>
    Task<int> EraseAsync(IReadOnlyList<MailboxCopy> copies, CancellationToken cancellationToken);
}

/// <summary>A message the worker put in the mailbox, to be deleted by <see cref="IMailbox.EraseAsync"/>.</summary>
public abstract record MailboxCopy
{
    private MailboxCopy()
    {
    }

    /// <summary>
    /// A message taken from the inbox: where <see cref="IMailbox.MoveAsync"/> put it, or, with no location, still in the inbox under
    /// its source key (or in a processing folder the ledger did not learn of). Its Message-ID (without angle brackets) finds it
    /// where the location cannot: an IMAP server without UIDPLUS, a folder whose UIDVALIDITY changed.
    /// </summary>
    public sealed record Received(string SourceKey, string? Location, string? MessageId) : MailboxCopy;

    /// <summary>The copy of a mail we sent, kept in <paramref name="Folder"/> (<c>Outbox:SentFolder</c>); found by its Message-ID (without angle brackets).</summary>
    public sealed record Sent(string Folder, string MessageId) : MailboxCopy;
}

/// <summary>The processing folders, one per outcome (settings <c>Mailbox:Folders:*</c>).</summary>
public sealed record ProcessingFolders(string Processed, string Rejected, string Ignored, string Failed)
{
    /// <summary>Processed, Rejected, Ignored, Failed.</summary>
    public static ProcessingFolders Default { get; } = new("Processed", "Rejected", "Ignored", "Failed");

    /// <summary>The four folders, each once.</summary>
    public IReadOnlyList<string> All => new[] { Processed, Rejected, Ignored, Failed }.Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The folder a message with this outcome moves to.</summary>
    public string For(MessageOutcome outcome) => outcome switch
    {
        MessageOutcome.Registered or MessageOutcome.FollowUp => Processed,
        MessageOutcome.Rejected => Rejected,
        MessageOutcome.Ignored => Ignored,
        _ => Failed,
    };
}
