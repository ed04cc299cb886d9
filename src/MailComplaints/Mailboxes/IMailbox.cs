using MailComplaints.Intake;

namespace MailComplaints.Mailboxes;

/// <summary>A message waiting in the mailbox: its place there, size and arrival time.</summary>
/// <param name="SourceKey">Stable identity of the message in this mailbox (IMAP: UIDVALIDITY:UID; Maildir: the unique file name).</param>
/// <param name="Size">Size in bytes as the mailbox reports it.</param>
/// <param name="ArrivedAt">When the mailbox received it (IMAP INTERNALDATE; Maildir: the delivery time of the file).</param>
public sealed record MailboxMessage(string SourceKey, long Size, DateTimeOffset ArrivedAt);

/// <summary>Whether a mailbox can be reached, for <c>status</c>.</summary>
public sealed record MailboxProbe(bool Reachable, int Waiting, string Detail);

/// <summary>
/// The complaints mailbox. Messages are listed, read and then moved to the folder of their outcome, which
/// happens only after the outcome is committed; the database ledger, not a flag, says what was processed.
/// </summary>
public interface IMailbox
{
    /// <summary>Names this mailbox in the ledger and in logs (no credentials).</summary>
    string Name { get; }

    /// <summary>The messages waiting to be processed, oldest first.</summary>
    Task<IReadOnlyList<MailboxMessage>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Opens a message's raw bytes.</summary>
    Task<Stream> OpenAsync(MailboxMessage message, CancellationToken cancellationToken);

    /// <summary>Moves a processed message to the folder of its outcome; a message already gone is not an error.</summary>
    Task MoveAsync(MailboxMessage message, MessageOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Checks that the mailbox can be reached and counts what waits in it.</summary>
    Task<MailboxProbe> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>The processing folders, one per outcome.</summary>
public static class ProcessingFolders
{
    /// <summary>The folder a message with this outcome moves to.</summary>
    public static string For(MessageOutcome outcome) => outcome switch
    {
        MessageOutcome.Registered or MessageOutcome.FollowUp => "Processed",
        MessageOutcome.Rejected => "Rejected",
        MessageOutcome.Ignored => "Ignored",
        _ => "Failed",
    };
}
