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
    DateTimeOffset? ClosedAt);

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
    DateTimeOffset ReceivedAt);

/// <summary>One line of a case's audit trail: every step, by whom, when.</summary>
public sealed record CaseEvent(long Id, long CaseId, DateTimeOffset OccurredAt, string Kind, string? Actor, string? Detail);

/// <summary>An attachment kept with a case: its decoded name, type, size and SHA-256.</summary>
public sealed record CaseAttachment(string FileName, string ContentType, long Size, string Sha256);
