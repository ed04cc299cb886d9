using Dapper;
using MailComplaints.Storage;

namespace MailComplaints.Procedure;

/// <summary>What happens when a deadline comes.</summary>
public enum DeadlineKind
{
    /// <summary>The acknowledgement should be out by now: when it is not, an error is logged and the director mailed.</summary>
    AcknowledgementAlarm,

    /// <summary>The handler is reminded that the handling term ends soon.</summary>
    Reminder,

    /// <summary>The handling term ends: without a decision the case goes to the director.</summary>
    TermEnd,

    /// <summary>The maximum term approaches without an extension: handler and director are alarmed.</summary>
    MaximumTermAlarm,

    /// <summary>The director's term ends: the director is reminded, or (university) the case goes to the third party.</summary>
    DirectorTermEnd,

    /// <summary>The complainant should have the director's confirmation by now: when not, an error is logged and the director mailed.</summary>
    DirectorConfirmationAlarm,
}

/// <summary>A deadline to schedule: what and on which day (Amsterdam; it fires at the first sweep on or after that day).</summary>
public sealed record CaseDeadline(DeadlineKind Kind, DateOnly DueOn);

/// <summary>A scheduled deadline as stored.</summary>
public sealed record ScheduledDeadline(long Id, long CaseId, DeadlineKind Kind, DateOnly DueOn, string State);

/// <summary>
/// The case_deadlines table. Deadlines are rows swept by one job rather than one Quartz trigger each: a change of
/// term (a handler's <c>#termijn</c>) then moves them in the same database transaction as the change and its
/// confirmation mail, and firing one is an UPDATE in the transaction that queues its mails — exactly once, also
/// with several workers and across restarts (see docs/procedure.md).
/// </summary>
public sealed class DeadlineRepository(Database database)
{
    /// <summary>Schedules deadlines for a case in the caller's unit of work.</summary>
    public Task ScheduleAsync(UnitOfWork unit, long caseId, IEnumerable<CaseDeadline> deadlines, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadlines);
        return ScheduleManyAsync(unit, deadlines.Select(deadline => (caseId, deadline)).ToList(), now, cancellationToken);
    }

    /// <summary>Schedules deadlines of several cases in the caller's unit of work.</summary>
    public Task ScheduleManyAsync(UnitOfWork unit, IReadOnlyList<(long CaseId, CaseDeadline Deadline)> deadlines, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(deadlines);
        return unit.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO case_deadlines (case_id, kind, due_on, state, created_at) VALUES (@caseId, @kind, @dueOn, 'Pending', @now)",
            deadlines.Select(row => new { caseId = row.CaseId, kind = row.Deadline.Kind.ToString(), dueOn = row.Deadline.DueOn.ToDateTime(TimeOnly.MinValue), now = now.ToDatabase() }).ToList(),
            unit.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Cancels a case's pending deadlines of these kinds (all kinds when none are given).</summary>
    public Task CancelAsync(UnitOfWork unit, long caseId, IReadOnlyCollection<DeadlineKind> kinds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(kinds);
        var filter = kinds.Count == 0 ? "" : " AND " + database.IsAnyOf("kind", "kinds");
        return unit.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE case_deadlines SET state = 'Cancelled', settled_at = @now WHERE case_id = @caseId AND state = 'Pending'" + filter,
            new { caseId, now = now.ToDatabase(), kinds = database.AnyOf(kinds.Select(kind => kind.ToString())) }, unit.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Cancels every pending deadline of these cases, in the caller's unit of work.</summary>
    public Task CancelAllAsync(UnitOfWork unit, IReadOnlyCollection<long> caseIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return unit.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE case_deadlines SET state = 'Cancelled', settled_at = @now WHERE {database.IsAnyOf("case_id", "ids")} AND state = 'Pending'",
            new { ids = database.AnyOf(caseIds), now = now.ToDatabase() }, unit.Transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>Pending deadlines due on or before <paramref name="today"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<ScheduledDeadline>> DueAsync(DateOnly today, int limit, CancellationToken cancellationToken)
    {
        var select = "SELECT id AS Id, case_id AS CaseId, kind AS Kind, due_on AS DueOn, state AS State FROM case_deadlines WHERE state = 'Pending' AND due_on <= @today";
        var sql = database.Provider == StorageProvider.SqlServer
            ? $"SELECT TOP (@limit) * FROM ({select}) due ORDER BY DueOn, Id"
            : $"{select} ORDER BY due_on, id LIMIT @limit";
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { today = today.ToDateTime(TimeOnly.MinValue), limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => row.ToDeadline()).ToList();
    }

    /// <summary>Every deadline of a case, in order of due day.</summary>
    public async Task<IReadOnlyList<ScheduledDeadline>> ForCaseAsync(long caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT id AS Id, case_id AS CaseId, kind AS Kind, due_on AS DueOn, state AS State FROM case_deadlines WHERE case_id = @caseId ORDER BY due_on, id",
            new { caseId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => row.ToDeadline()).ToList();
    }

    /// <summary>
    /// Claims pending deadlines in the caller's unit of work; returns the ids it claimed. A deadline another sweep fired
    /// or a change cancelled first is left out.
    /// </summary>
    public async Task<IReadOnlySet<long>> TryFireManyAsync(UnitOfWork unit, IReadOnlyCollection<long> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(ids);
        var sql = database.Provider == StorageProvider.SqlServer
            ? "UPDATE case_deadlines SET state = 'Fired', settled_at = @now OUTPUT inserted.id WHERE id IN @ids AND state = 'Pending'"
            : $"UPDATE case_deadlines SET state = 'Fired', settled_at = @now WHERE {database.IsAnyOf("id", "ids")} AND state = 'Pending' RETURNING id";
        var claimed = await unit.Connection.QueryAsync<long>(new CommandDefinition(
            sql, new { ids = database.AnyOf(ids), now = now.ToDatabase() }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return claimed.ToHashSet();
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public long CaseId { get; set; }
        public string Kind { get; set; } = "";
        public DateTime DueOn { get; set; }
        public string State { get; set; } = "";

        public ScheduledDeadline ToDeadline() => new(Id, CaseId, Enum.Parse<DeadlineKind>(Kind), DateOnly.FromDateTime(DueOn), State);
    }
}
