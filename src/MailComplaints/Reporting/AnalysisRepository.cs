using System.Runtime.CompilerServices;
using Dapper;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Storage;

namespace MailComplaints.Reporting;

/// <summary>A message of the ledger as the analysis reads it: when it came, what became of it, and the case it went to.</summary>
public sealed record AnalysedMessage(DateTimeOffset ReceivedAt, MessageOutcome Outcome, bool MachineMail, CaseStatus? CaseStatus, string? CaseStatusReason);

/// <summary>
/// A case as the analysis reads it: only what the figures need, and nothing that names the complainant but the lower-case
/// address (<c>complainant_key</c>), which an erased case no longer has.
/// </summary>
public sealed record AnalysedCase(
    string Number,
    CaseStatus Status,
    string? StatusReason,
    string? ComplainantKey,
    string? Language,
    bool? ComplainantAgrees,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ClosedAt,
    DateOnly? AcknowledgeBy,
    DateTimeOffset? AcknowledgedAt,
    string? ExtensionReason,
    CaseChannel Channel,
    string? Category,
    string? Cause,
    string? Measure)
{
    /// <summary>How often its term was extended (audit lines <c>Extended</c>).</summary>
    public int Extensions { get; init; }

    /// <summary>Whether it went to the director (an audit line <c>Escalated</c>).</summary>
    public bool Escalated { get; init; }

    /// <summary>Whether it went to the third party (an audit line <c>Referred</c>).</summary>
    public bool Referred { get; init; }
}

/// <summary>
/// Reads what the analysis counts: the ledger's messages and the cases received from <c>from</c> up to <c>until</c>, and the
/// audit lines that say a case was extended, escalated or referred. Read only; the same SQL on the three databases. Each
/// row is handed on as it is read (unbuffered), so that a national register's two years are never in memory at once.
/// </summary>
public sealed class AnalysisRepository(Database database)
{
    /// <summary>Every message received in [from, until) but those sent back to the inbox (their new processing has its own line).</summary>
    public async IAsyncEnumerable<AnalysedMessage> MessagesAsync(DateTimeOffset from, DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in connection.QueryUnbufferedAsync<MessageRow>("""
            SELECT m.received_at AS ReceivedAt, m.outcome AS Outcome, CASE WHEN m.reason LIKE @machineMail THEN 1 ELSE 0 END AS MachineMail,
                   c.status AS CaseStatus, c.status_reason AS CaseStatusReason
            FROM inbound_messages m LEFT JOIN cases c ON c.id = m.case_id
            WHERE m.received_at >= @from AND m.received_at < @until AND m.outcome <> @retried
            """, new { from = from.ToDatabase(), until = until.ToDatabase(), machineMail = IntakeDecision.MachineMail + "%", retried = nameof(MessageOutcome.Retried) })
            .WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new AnalysedMessage(row.ReceivedAt.FromDatabase(), Enum.Parse<MessageOutcome>(row.Outcome), row.MachineMail == 1,
                row.CaseStatus is null ? null : Enum.Parse<CaseStatus>(row.CaseStatus), row.CaseStatusReason);
        }
    }

    /// <summary>Every case received in [from, until), registered or rejected, with its extensions, escalation and referral.</summary>
    public async IAsyncEnumerable<AnalysedCase> CasesAsync(DateTimeOffset from, DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var period = new { from = from.ToDatabase(), until = until.ToDatabase() };
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // The few audit lines first, so that each case is complete when its row is read.
        var steps = (await connection.QueryAsync<(long CaseId, string Kind)>(new CommandDefinition("""
            SELECT e.case_id, e.kind
            FROM case_events e JOIN cases c ON c.id = e.case_id
            WHERE c.received_at >= @from AND c.received_at < @until AND e.kind IN (@extended, @escalated, @referred)
            """, new
        {
            period.from, period.until, extended = nameof(CaseEventKind.Extended), escalated = nameof(CaseEventKind.Escalated), referred = nameof(CaseEventKind.Referred),
        }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToLookup(step => step.CaseId, step => step.Kind);
        await foreach (var row in connection.QueryUnbufferedAsync<CaseRow>("""
            SELECT id AS Id, number AS Number, status AS Status, status_reason AS StatusReason, complainant_key AS ComplainantKey, language AS Language,
                   complainant_agrees AS ComplainantAgrees, received_at AS ReceivedAt, closed_at AS ClosedAt, acknowledge_by AS AcknowledgeBy,
                   acknowledged_at AS AcknowledgedAt, extension_reason AS ExtensionReason, channel AS Channel, category AS Category, cause AS Cause, measure AS Measure
            FROM cases
            WHERE received_at >= @from AND received_at < @until
            """, period).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row.ToCase(steps[row.Id]);
        }
    }

    private sealed class MessageRow
    {
        public DateTime ReceivedAt { get; set; }
        public string Outcome { get; set; } = "";
        public int MachineMail { get; set; }
        public string? CaseStatus { get; set; }
        public string? CaseStatusReason { get; set; }
    }

    private sealed class CaseRow
    {
        public long Id { get; set; }
        public string Number { get; set; } = "";
        public string Status { get; set; } = "";
        public string? StatusReason { get; set; }
        public string? ComplainantKey { get; set; }
        public string? Language { get; set; }
        public bool? ComplainantAgrees { get; set; }
        public DateTime ReceivedAt { get; set; }
        public DateTime? ClosedAt { get; set; }
        public DateTime? AcknowledgeBy { get; set; }
        public DateTime? AcknowledgedAt { get; set; }
        public string? ExtensionReason { get; set; }
        public string? Channel { get; set; }
        public string? Category { get; set; }
        public string? Cause { get; set; }
        public string? Measure { get; set; }

        public AnalysedCase ToCase(IEnumerable<string> steps) => new(Number, Enum.Parse<CaseStatus>(Status), StatusReason, ComplainantKey, Language, ComplainantAgrees,
            ReceivedAt.FromDatabase(), ClosedAt.FromDatabase(), AcknowledgeBy.DateFromDatabase(), AcknowledgedAt.FromDatabase(), ExtensionReason,
            Channel is null ? CaseChannel.Email : Enum.Parse<CaseChannel>(Channel), Category, Cause, Measure)
        {
            Extensions = steps.Count(kind => kind == nameof(CaseEventKind.Extended)),
            Escalated = steps.Contains(nameof(CaseEventKind.Escalated)),
            Referred = steps.Contains(nameof(CaseEventKind.Referred)),
        };
    }
}
