namespace MailComplaints.Cases;

/// <summary>The person who complains, as the case knows them.</summary>
public sealed record Complainant(string? Name, string Address);

/// <summary>A registered complaint: what it is about, who complained, who handles it and how it ended.</summary>
public sealed record Case(
    long Id,
    CaseNumber Number,
    CaseStatus Status,
    string? StatusReason,
    Complainant Complainant,
    string? Subject,
    string Description,
    string? Language,
    string? HandlerEmail,
    string? Solution,
    bool? ComplainantAgrees,
    DateOnly? IncidentDate,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ClosedAt)
{
    /// <summary>The last day of the handling term (Amsterdam), moved by <c>#termijn</c> and <c>#verlengen</c>; null for a rejection.</summary>
    public DateOnly? TermEnds { get; init; }

    /// <summary>The last day the acknowledgement may go out.</summary>
    public DateOnly? AcknowledgeBy { get; init; }

    /// <summary>When the acknowledgement left (the outbox marked it sent).</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Why the term was extended beyond the maximum, when it was.</summary>
    public string? ExtensionReason { get; init; }

    /// <summary>How the complaint came in: <see cref="CaseChannel.Email"/> or relayed from another channel.</summary>
    public CaseChannel Channel { get; init; } = CaseChannel.Email;

    /// <summary>For a relayed complaint: the relay's address, where replies go back through the channel it came in by.</summary>
    public string? RelayAddress { get; init; }

    /// <summary>The key of its category (<c>Procedure:Categories</c>), once the handler set it (<c>#categorie</c>).</summary>
    public string? Category { get; init; }

    /// <summary>The possible cause of the complaint, as the handler established it (<c>#oorzaak</c>).</summary>
    public string? Cause { get; init; }

    /// <summary>The structural solution or preventive measure taken (<c>#maatregel</c>); the complainant is told.</summary>
    public string? Measure { get; init; }
}

/// <summary>How a complaint reached us.</summary>
public enum CaseChannel
{
    /// <summary>Sent by email by the complainant.</summary>
    Email,

    /// <summary>Relayed from another channel (a web form through the service desk).</summary>
    Relay,
}

/// <summary>A case as it is about to be registered; the number is given by the repository.</summary>
public sealed record NewCase(
    CaseStatus Status,
    string? StatusReason,
    Complainant Complainant,
    string? Subject,
    string Description,
    string? Language,
    string? HandlerEmail,
    DateOnly? IncidentDate,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The handling term's last day; null for a rejection.</summary>
    public DateOnly? TermEnds { get; init; }

    /// <summary>The acknowledgement's last day; null for a rejection.</summary>
    public DateOnly? AcknowledgeBy { get; init; }

    /// <summary>How it came in.</summary>
    public CaseChannel Channel { get; init; } = CaseChannel.Email;

    /// <summary>For a relayed complaint: the relay's address.</summary>
    public string? RelayAddress { get; init; }
}

/// <summary>One line of a case's audit trail: every step, by whom, when.</summary>
public sealed record CaseEvent(long Id, long CaseId, DateTimeOffset OccurredAt, string Kind, string? Actor, string? Detail);

/// <summary>An attachment kept with a case: its decoded name, type, size and SHA-256.</summary>
public sealed record CaseAttachment(string FileName, string ContentType, long Size, string Sha256);

/// <summary>A line about to be added to a case's audit trail.</summary>
public sealed record CaseEventEntry(long CaseId, CaseEventKind Kind, string? Actor, string? Detail);
