using Dapper;
using MailComplaints.Storage;

namespace MailComplaints.Intake;

/// <summary>The ledger of every message taken from a mailbox, with its raw bytes and outcome.</summary>
public sealed class InboundMessageRepository(Database database)
{
    private const string SelectMessage = """
        SELECT id AS Id, mailbox AS Mailbox, source_key AS SourceKey, message_id AS MessageId, sha256 AS Sha256, size AS Size,
               outcome AS Outcome, reason AS Reason, case_id AS CaseId, received_at AS ReceivedAt, processed_at AS ProcessedAt
        FROM inbound_messages
        """;

    /// <summary>Records a message's outcome with its raw bytes, in the caller's unit of work; gives its id.</summary>
    public async Task<long> RecordAsync(UnitOfWork unit, string mailbox, InboundRecord record, DateTimeOffset processedAt, CancellationToken cancellationToken) =>
        (await RecordManyAsync(unit, mailbox, [record], processedAt, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Records the outcomes of messages of one mailbox with their raw bytes, in the caller's unit of work; gives their ids in the order given.</summary>
    public async Task<IReadOnlyList<long>> RecordManyAsync(UnitOfWork unit, string mailbox, IReadOnlyList<InboundRecord> records, DateTimeOffset processedAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(records);
        const string Insert = """
            INSERT INTO inbound_messages (mailbox, source_key, message_id, sha256, size, raw, outcome, reason, case_id, received_at, processed_at)
            VALUES (@mailbox, @sourceKey, @messageId, @sha256, @size, @raw, @outcome, @reason, @caseId, @receivedAt, @processedAt)
            """;
        await unit.Connection.ExecuteAsync(new CommandDefinition(Insert, records.Select(record => new
        {
            mailbox,
            sourceKey = record.SourceKey,
            messageId = record.MessageId,
            sha256 = record.Sha256,
            size = (long)record.Raw.Length,
            raw = record.Raw.ToDatabase(),
            outcome = record.Outcome.ToString(),
            reason = record.Reason,
            caseId = record.CaseId,
            receivedAt = record.ReceivedAt.ToDatabase(),
            processedAt = processedAt.ToDatabase(),
        }).ToList(), unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var ids = (await unit.Connection.QueryAsync<(long Id, string SourceKey)>(new CommandDefinition(
            $"SELECT id, source_key FROM inbound_messages WHERE mailbox = @mailbox AND {database.IsAnyOf("source_key", "sourceKeys")}",
            new { mailbox, sourceKeys = database.AnyOf(records.Select(record => record.SourceKey)) }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToDictionary(row => row.SourceKey, row => row.Id, StringComparer.Ordinal);
        return records.Select(record => ids[record.SourceKey]).ToList();
    }

    /// <summary>The ledger entry of the message at this place in this mailbox, or null when it was never processed.</summary>
    public async Task<InboundMessage?> FindAsync(string mailbox, string sourceKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            SelectMessage + " WHERE mailbox = @mailbox AND source_key = @sourceKey", new { mailbox, sourceKey }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToMessage();
    }

    /// <summary>The ledger entries of these places in this mailbox, by source key.</summary>
    public async Task<IReadOnlyDictionary<string, InboundMessage>> FindManyAsync(string mailbox, IReadOnlyList<string> sourceKeys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, InboundMessage>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in sourceKeys.Chunk(500))
        {
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(
                $"{SelectMessage} WHERE mailbox = @mailbox AND {database.IsAnyOf("source_key", "chunk")}", new { mailbox, chunk = database.AnyOf(chunk) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var row in rows)
            {
                found[row.SourceKey] = row.ToMessage();
            }
        }
        return found;
    }

    /// <summary>Which of these SHA-256 sums belong to messages already processed (failed ones do not count: they may be retried).</summary>
    public async Task<IReadOnlySet<string>> KnownContentAsync(IReadOnlyCollection<string> sha256s, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in sha256s.Chunk(500))
        {
            known.UnionWith(await connection.QueryAsync<string>(new CommandDefinition(
                KnownContent(database), new { chunk = database.AnyOf(chunk) }, cancellationToken: cancellationToken)).ConfigureAwait(false));
        }
        return known;
    }

    // Served by ix_inbound_messages_sha256 (RepositoryTests checks the plan): it runs for every batch, on a ledger that only grows.
    internal static string KnownContent(Database database) =>
        $"SELECT sha256 FROM inbound_messages WHERE outcome <> 'Failed' AND {database.IsAnyOf("sha256", "chunk")}";

    /// <summary>Records where processed messages went in the mailbox (for <c>failed retry</c>).</summary>
    public async Task SetLocationsAsync(string mailbox, IReadOnlyDictionary<string, string> locations, CancellationToken cancellationToken)
    {
        if (locations.Count == 0)
        {
            return;
        }
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        await SetLocationsAsync(unit, mailbox, locations, cancellationToken).ConfigureAwait(false);
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records where processed messages went, in the caller's unit of work.</summary>
    public async Task SetLocationsAsync(UnitOfWork unit, string mailbox, IReadOnlyDictionary<string, string> locations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(locations);
        if (locations.Count == 0)
        {
            return;
        }
        if (database.Provider == StorageProvider.PostgreSql)
        {
            // One statement for the whole batch: a round trip per message was most of the move on PostgreSQL.
            await unit.Connection.ExecuteAsync(new CommandDefinition("""
                UPDATE inbound_messages AS m SET location = moved.location
                FROM unnest(@keys, @places) AS moved (source_key, location)
                WHERE m.mailbox = @mailbox AND m.source_key = moved.source_key
                """, new { mailbox, keys = locations.Keys.ToArray(), places = locations.Values.ToArray() }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            // SQLite (in process) and SQL Server: Dapper runs the statement once per message on one command.
            await unit.Connection.ExecuteAsync(new CommandDefinition(
                "UPDATE inbound_messages SET location = @Value WHERE mailbox = @mailbox AND source_key = @Key",
                locations.Select(pair => new { mailbox, pair.Key, pair.Value }), unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Where a processed message went, or null.</summary>
    public async Task<string?> LocationAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT location FROM inbound_messages WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Takes a failed message out of the ledger's way so that it is processed afresh: its entry is kept, renamed, as Retried.</summary>
    public async Task<bool> MarkRetriedAsync(long id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = database.Provider == StorageProvider.SqlServer
            ? "UPDATE inbound_messages SET outcome = 'Retried', source_key = source_key + '#retried-' + CAST(id AS varchar(20)), processed_at = @at WHERE id = @id AND outcome = 'Failed'"
            : "UPDATE inbound_messages SET outcome = 'Retried', source_key = source_key || '#retried-' || CAST(id AS varchar(20)), processed_at = @at WHERE id = @id AND outcome = 'Failed'";
        var changed = await connection.ExecuteAsync(new CommandDefinition(sql,
            new { id, at = at.ToDatabase() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return changed == 1;
    }

    /// <summary>Messages with one outcome, newest first (for <c>failed list</c> and status).</summary>
    public async Task<IReadOnlyList<InboundMessage>> ListAsync(MessageOutcome outcome, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectMessage + " WHERE outcome = @outcome ORDER BY id DESC", new { outcome = outcome.ToString() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => row.ToMessage()).ToList();
    }

    /// <summary>How many messages have one outcome.</summary>
    public async Task<int> CountAsync(MessageOutcome outcome, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM inbound_messages WHERE outcome = @outcome", new { outcome = outcome.ToString() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The messages added to a case as follow-ups (from its complainant or on its thread), oldest first: when they arrived and their bytes.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset ReceivedAt, byte[] Raw)>> FollowUpsAsync(UnitOfWork unit, long caseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var rows = await unit.Connection.QueryAsync<(DateTime ReceivedAt, byte[] Raw)>(new CommandDefinition(
            "SELECT received_at, raw FROM inbound_messages WHERE case_id = @caseId AND outcome = 'FollowUp' ORDER BY id",
            new { caseId }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => (row.ReceivedAt.FromDatabase(), row.Raw)).ToList();
    }

    /// <summary>The raw bytes of a recorded message, as they were read.</summary>
    public async Task<byte[]?> RawAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
            "SELECT raw FROM inbound_messages WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string Mailbox { get; set; } = "";
        public string SourceKey { get; set; } = "";
        public string? MessageId { get; set; }
        public string Sha256 { get; set; } = "";
        public long Size { get; set; }
        public string Outcome { get; set; } = "";
        public string? Reason { get; set; }
        public long? CaseId { get; set; }
        public DateTime ReceivedAt { get; set; }
        public DateTime ProcessedAt { get; set; }

        public InboundMessage ToMessage() => new(Id, Mailbox, SourceKey, MessageId, Sha256, Size, Enum.Parse<MessageOutcome>(Outcome), Reason, CaseId,
            ReceivedAt.FromDatabase(), ProcessedAt.FromDatabase());
    }
}
