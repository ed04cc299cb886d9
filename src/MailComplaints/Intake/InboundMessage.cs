namespace MailComplaints.Intake;

/// <summary>A message as the exactly-once ledger records it: where it came from, what it was, what became of it.</summary>
public sealed record InboundMessage(
    long Id,
    string Mailbox,
    string SourceKey,
    string? MessageId,
    string Sha256,
    long Size,
    MessageOutcome Outcome,
    string? Reason,
    long? CaseId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset ProcessedAt);

/// <summary>A message's outcome about to be recorded in the ledger, with its raw bytes.</summary>
public sealed record InboundRecord(
    string SourceKey,
    string? MessageId,
    string Sha256,
    ReadOnlyMemory<byte> Raw,
    MessageOutcome Outcome,
    string? Reason,
    long? CaseId,
    DateTimeOffset ReceivedAt);
