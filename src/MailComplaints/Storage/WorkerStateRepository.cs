using Dapper;

namespace MailComplaints.Storage;

/// <summary>Small facts the worker keeps about itself for <c>status</c>: the last poll and how it went.</summary>
public sealed class WorkerStateRepository(Database database)
{
    /// <summary>Sets a named value (update, else insert: portable across the three dialects).</summary>
    public async Task SetAsync(string name, string value, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new { name, value, now = now.ToDatabase() };
        var updated = await unit.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE worker_state SET value = @value, updated_at = @now WHERE name = @name", parameters, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (updated == 0)
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO worker_state (name, value, updated_at) VALUES (@name, @value, @now)", parameters, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets a named value inside the caller's unit of work unless it already holds <paramref name="value"/>; true when it
    /// was set. Two workers claiming the same value: one wins, the other waits for its commit and finds it taken.
    /// </summary>
    public async Task<bool> TryClaimAsync(UnitOfWork unit, string name, string value, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var parameters = new { name, value, now = now.ToDatabase() };
        var updated = await unit.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE worker_state SET value = @value, updated_at = @now WHERE name = @name AND value <> @value", parameters, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (updated > 0)
        {
            return true;
        }
        var known = await unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM worker_state WHERE name = @name", parameters, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (known > 0)
        {
            return false;
        }
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO worker_state (name, value, updated_at) VALUES (@name, @value, @now)", parameters, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return true;
    }

    /// <summary>A named value with the time it was set, or null.</summary>
    public async Task<(string Value, DateTimeOffset UpdatedAt)?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT value AS Value, updated_at AS UpdatedAt FROM worker_state WHERE name = @name", new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null ? null : (row.Value, row.UpdatedAt.FromDatabase());
    }

    private sealed class Row
    {
        public string Value { get; set; } = "";
        public DateTime UpdatedAt { get; set; }
    }
}
