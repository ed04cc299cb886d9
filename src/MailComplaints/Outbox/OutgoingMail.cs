namespace MailComplaints.Outbox;

/// <summary>
/// A mail about to enter the outbox: its final Message-ID, the envelope to send it with, and either its final bytes or
/// the draft they are composed from when it is sent.
/// </summary>
public sealed record OutgoingMail(
    string MessageId,
    long? CaseId,
    MailKind Kind,
    string EnvelopeFrom,
    IReadOnlyList<string> Recipients,
    byte[]? Raw,
    MailDraft? Draft,
    DateTimeOffset DueAt)
{
    /// <summary>Sent by the worker on its own (Auto-Submitted): counts towards the daily limit per address.</summary>
    public bool Automatic { get; init; }

    /// <summary>The copy of a complainant's mail that goes back through the relay the complaint came by.</summary>
    public bool ThroughRelay { get; init; }
}

/// <summary>Where a mail in the outbox stands.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting to be sent (again) at its due time.</summary>
    Pending,

    /// <summary>Handed to the server or the pickup directory.</summary>
    Sent,

    /// <summary>Given up on: a permanent error or too many attempts.</summary>
    Failed,

    /// <summary>Not sent: the address already got the day's maximum of automatic mails (two robots must never ping-pong).</summary>
    Withheld,
}

/// <summary>A row of the outbox: the bytes of a mail sent (or queued with attachments), the draft of one still to be composed.</summary>
public sealed record OutboxEntry(
    long Id,
    string MessageId,
    long? CaseId,
    MailKind Kind,
    string EnvelopeFrom,
    IReadOnlyList<string> Recipients,
    byte[]? Raw,
    MailDraft? Draft,
    OutboxStatus Status,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? SentAt)
{
    /// <summary>Sent by the worker on its own (Auto-Submitted).</summary>
    public bool Automatic { get; init; }

    /// <summary>The copy of a complainant's mail that goes back through the relay the complaint came by.</summary>
    public bool ThroughRelay { get; init; }
}
