using System.Runtime.CompilerServices;
using Dapper;
using MailComplaints.Cases;
using MailComplaints.Outbox;
using MailComplaints.Storage;

namespace MailComplaints.Retention;

/// <summary>
/// What purge and erasure read and write in the database. Erasing keeps a case's anonymous record (number, dates,
/// status and reason, channel, language, terms, handler) and replaces everything that may name or quote the person
/// with NULL, or with an empty value where the column requires one; docs/retention.md lists each column.
/// </summary>
public sealed class RetentionRepository(Database database)
{
    private const string SelectMessage =
        "SELECT id AS Id, mailbox AS Mailbox, source_key AS SourceKey, location AS Location, message_id AS MessageId FROM inbound_messages";

    private const string SelectMail = "SELECT id AS Id, message_id AS MessageId, status AS Status FROM outbox";

    /// <summary>The cases closed before <paramref name="before"/> and not purged yet, the oldest first.</summary>
    public async Task<IReadOnlyList<long>> ClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM cases WHERE purged_at IS NULL AND closed_at < @before ORDER BY closed_at, id",
            new { before = before.ToDatabase() }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
    }

    /// <summary>
    /// What these cases hold that erasure removes (messages and mails not erased yet), in the order given; an id of no case
    /// is left out. One query per table for 500 cases.
    /// </summary>
    public async Task<IReadOnlyList<CaseContent>> ContentsAsync(IReadOnlyList<long> caseIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caseIds);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var contents = new List<CaseContent>(caseIds.Count);
        foreach (var chunk in caseIds.Chunk(500))
        {
            var ids = new { ids = database.AnyOf(chunk) };
            var found = (await connection.QueryAsync<CaseRow>(new CommandDefinition(
                $"SELECT id AS Id, number AS Number, closed_at AS ClosedAt FROM cases WHERE {database.IsAnyOf("id", "ids")}",
                ids, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToDictionary(row => row.Id);
            var messages = (await connection.QueryAsync<CaseMessageRow>(new CommandDefinition($"""
                SELECT case_id AS CaseId, id AS Id, mailbox AS Mailbox, source_key AS SourceKey, location AS Location, message_id AS MessageId FROM inbound_messages
                WHERE {database.IsAnyOf("case_id", "ids")} AND erased_at IS NULL ORDER BY id
                """, ids, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToLookup(row => row.CaseId, row => row.ToMessage());
            var mails = (await connection.QueryAsync<CaseMailRow>(new CommandDefinition($"""
                SELECT case_id AS CaseId, id AS Id, message_id AS MessageId, status AS Status FROM outbox
                WHERE {database.IsAnyOf("case_id", "ids")} AND erased_at IS NULL ORDER BY id
                """, ids, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToLookup(row => row.CaseId, row => row.ToMail());
            var attachments = (await connection.QueryAsync<AttachmentCount>(new CommandDefinition(
                $"SELECT case_id AS CaseId, COUNT(*) AS Attachments FROM case_attachments WHERE {database.IsAnyOf("case_id", "ids")} GROUP BY case_id",
                ids, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToDictionary(row => row.CaseId, row => row.Attachments);
            contents.AddRange(chunk.Where(found.ContainsKey).Select(id => new CaseContent(id, found[id].ToNumber(), found[id].ClosedAt is null,
                [.. messages[id]], [.. mails[id]], attachments.GetValueOrDefault(id))));
        }
        return contents;
    }

    /// <summary>The messages and mails of no case handled before <paramref name="before"/> and not erased yet (a mail still waiting to be sent is not due).</summary>
    public async Task<LooseContent> LooseBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var messages = await connection.QueryAsync<StoredMessage>(new CommandDefinition(
            SelectMessage + " WHERE case_id IS NULL AND erased_at IS NULL AND processed_at < @before ORDER BY id",
            new { before = before.ToDatabase() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var mails = await connection.QueryAsync<MailRow>(new CommandDefinition(
            SelectMail + " WHERE case_id IS NULL AND erased_at IS NULL AND created_at < @before AND status <> 'Pending' ORDER BY id",
            new { before = before.ToDatabase() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new LooseContent(messages.ToList(), mails.Select(row => row.ToMail()).ToList());
    }

    /// <summary>Every message of no case not erased yet, with its bytes, a chunk at a time (for erasure on request, which reads them all).</summary>
    public async IAsyncEnumerable<(StoredMessage Message, byte[] Raw)> LooseMessagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in InChunksAsync<MessageWithRaw>("SELECT id FROM inbound_messages WHERE case_id IS NULL AND erased_at IS NULL ORDER BY id",
            "SELECT id AS Id, mailbox AS Mailbox, source_key AS SourceKey, location AS Location, message_id AS MessageId, raw AS Raw FROM inbound_messages", cancellationToken)
            .ConfigureAwait(false))
        {
            yield return (new StoredMessage(row.Id, row.Mailbox, row.SourceKey, row.Location, row.MessageId), row.Raw);
        }
    }

    /// <summary>Every mail of no case not erased yet, with its recipients, bytes and draft, a chunk at a time.</summary>
    public async IAsyncEnumerable<(StoredMail Mail, string Recipients, byte[]? Raw, string? Draft)> LooseMailsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in InChunksAsync<MailWithContent>("SELECT id FROM outbox WHERE case_id IS NULL AND erased_at IS NULL ORDER BY id",
            "SELECT id AS Id, message_id AS MessageId, status AS Status, recipients AS Recipients, raw AS Raw, draft AS Draft FROM outbox", cancellationToken)
            .ConfigureAwait(false))
        {
            yield return (row.ToMail(), row.Recipients, row.Raw, row.Draft);
        }
    }

    // The rows of selectRows whose ids selectIds gives, a hundred at a time: what they hold may be megabytes each.
    private async IAsyncEnumerable<TRow> InChunksAsync<TRow>(string selectIds, string selectRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync<long>(new CommandDefinition(selectIds, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var chunk in ids.Chunk(100))
        {
            foreach (var row in await connection.QueryAsync<TRow>(new CommandDefinition($"{selectRows} WHERE {database.IsAnyOf("id", "chunk")}",
                new { chunk = database.AnyOf(chunk) }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// Marks those of these cases not purged yet as purged, in the caller's unit of work, and returns them: a case another
    /// run marked first is not among them.
    /// </summary>
    public async Task<IReadOnlyList<long>> MarkPurgedAsync(UnitOfWork unit, IReadOnlyCollection<long> caseIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var unmarked = await LockUnmarkedAsync(unit, caseIds, "purged_at", cancellationToken).ConfigureAwait(false);
        if (unmarked.Count > 0)
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition($"UPDATE cases SET purged_at = @now WHERE {database.IsAnyOf("id", "ids")}",
                new { ids = database.AnyOf(unmarked), now = now.ToDatabase() }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        return unmarked;
    }

    /// <summary>
    /// Marks those of these cases not erased yet as erased on request, in the caller's unit of work, and returns them. A
    /// case still open is closed as withdrawn: without the complainant's address the procedure cannot go on.
    /// </summary>
    public async Task<IReadOnlyList<long>> MarkErasedAsync(UnitOfWork unit, IReadOnlyCollection<long> caseIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var unmarked = await LockUnmarkedAsync(unit, caseIds, "erased_at", cancellationToken).ConfigureAwait(false);
        if (unmarked.Count > 0)
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition($"""
                UPDATE cases SET erased_at = @now, status = CASE WHEN closed_at IS NULL THEN @withdrawn ELSE status END, closed_at = COALESCE(closed_at, @now)
                WHERE {database.IsAnyOf("id", "ids")}
                """, new { ids = database.AnyOf(unmarked), now = now.ToDatabase(), withdrawn = nameof(CaseStatus.Withdrawn) }, unit.Transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        return unmarked;
    }

    // The cases among caseIds whose column `marked` is still NULL, locked until the unit ends (Database.Locking), so that no
    // other run marks one in between: PostgreSQL waits and then sees the row as the other run left it.
    private async Task<IReadOnlyList<long>> LockUnmarkedAsync(UnitOfWork unit, IReadOnlyCollection<long> caseIds, string marked, CancellationToken cancellationToken) =>
        (await unit.Connection.QueryAsync<long>(new CommandDefinition(database.Locking("SELECT id FROM cases", $"{database.IsAnyOf("id", "ids")} AND {marked} IS NULL"),
            new { ids = database.AnyOf(caseIds) }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();

    // What erasing a message of the ledger leaves: its place, outcome, times and size, so that the ledger still knows the
    // message was processed; no bytes, no Message-ID, no reason (it may quote the text), and no longer a copy in the mailbox.
    private const string EraseMessages =
        "UPDATE inbound_messages SET raw = @nothing, sha256 = '', message_id = NULL, reason = NULL, location = NULL, erased_at = @now WHERE erased_at IS NULL";

    // What erasing a mail of the outbox leaves: its kind, status, attempts and times. Its Message-ID, which carried a token made
    // for the recipient's address, becomes one that nothing refers to; a mail still waiting is never sent.
    private const string EraseMails = """
        UPDATE outbox SET raw = NULL, draft = NULL, recipients = '', recipient_key = NULL, last_error = NULL, message_id = CONCAT('erased.', id),
                          status = CASE WHEN status = 'Pending' THEN 'Withheld' ELSE status END, erased_at = @now
        WHERE erased_at IS NULL
        """;

    /// <summary>
    /// Erases the content and personal data of these cases, in the caller's unit of work: the cases' texts and the
    /// complainants, the messages' bytes, the mails, the attachments, and what the audit trails say (their kinds and times stay).
    /// </summary>
    public async Task EraseCasesAsync(UnitOfWork unit, IReadOnlyCollection<long> caseIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        await OverwriteFreedSpaceAsync(unit, cancellationToken).ConfigureAwait(false);
        var parameters = new
        {
            ids = database.AnyOf(caseIds), now = now.ToDatabase(), nothing = Array.Empty<byte>(),
            purged = nameof(CaseEventKind.Purged), erased = nameof(CaseEventKind.Erased),
        };
        foreach (var sql in new[]
        {
            $"""
            UPDATE cases SET complainant_name = NULL, complainant_address = '', complainant_key = NULL, subject = NULL, description = '', solution = NULL,
                             extension_reason = NULL, relay_address = NULL, cause = NULL, measure = NULL, updated_at = @now
            WHERE {database.IsAnyOf("id", "ids")}
            """,
            $"UPDATE case_events SET actor = NULL, detail = NULL WHERE {database.IsAnyOf("case_id", "ids")} AND kind <> @purged AND kind <> @erased",
            $"DELETE FROM case_attachments WHERE {database.IsAnyOf("case_id", "ids")}",
            $"{EraseMessages} AND {database.IsAnyOf("case_id", "ids")}",
            $"{EraseMails} AND {database.IsAnyOf("case_id", "ids")}",
        })
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(sql, parameters, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Erases messages and mails of no case, in the caller's unit of work, as <see cref="EraseCasesAsync"/> erases a case's.</summary>
    public async Task EraseLooseAsync(UnitOfWork unit, LooseContent loose, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(loose);
        await OverwriteFreedSpaceAsync(unit, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in loose.Messages.Select(message => message.Id).Chunk(500))
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition($"{EraseMessages} AND {database.IsAnyOf("id", "chunk")}",
                new { chunk = database.AnyOf(chunk), now = now.ToDatabase(), nothing = Array.Empty<byte>() }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        foreach (var chunk in loose.Mails.Select(mail => mail.Id).Chunk(500))
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition($"{EraseMails} AND {database.IsAnyOf("id", "chunk")}",
                new { chunk = database.AnyOf(chunk), now = now.ToDatabase() }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// SQLite: writes the write-ahead log into the database file and empties it, so that the versions of pages from before
    /// an erasure leave the log too (a reader still busy keeps them until the next checkpoint). Elsewhere nothing.
    /// </summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        if (database.Provider == StorageProvider.Sqlite)
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    // SQLite leaves what a statement deletes or replaces in the file's free space until the space is used again; with
    // secure_delete on this connection it writes zeros over it instead. PostgreSQL and SQL Server keep old row versions
    // until they reuse the space (docs/retention.md).
    private async Task OverwriteFreedSpaceAsync(UnitOfWork unit, CancellationToken cancellationToken)
    {
        if (database.Provider == StorageProvider.Sqlite)
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition("PRAGMA secure_delete = ON", transaction: unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    private sealed class CaseRow
    {
        public long Id { get; set; }
        public string Number { get; set; } = "";
        public DateTime? ClosedAt { get; set; }

        public CaseNumber ToNumber() => CaseNumber.TryParse(Number, out var number)
            ? number
            : throw new InvalidOperationException($"A case has an unreadable number '{Number}' in the database.");
    }

    private class MailRow
    {
        public long Id { get; set; }
        public string MessageId { get; set; } = "";
        public string Status { get; set; } = "";

        public StoredMail ToMail() => new(Id, MessageId, Status == nameof(OutboxStatus.Sent));
    }

    private sealed class CaseMailRow : MailRow
    {
        public long CaseId { get; set; }
    }

    private sealed class CaseMessageRow
    {
        public long CaseId { get; set; }
        public long Id { get; set; }
        public string Mailbox { get; set; } = "";
        public string SourceKey { get; set; } = "";
        public string? Location { get; set; }
        public string? MessageId { get; set; }

        public StoredMessage ToMessage() => new(Id, Mailbox, SourceKey, Location, MessageId);
    }

    private sealed class AttachmentCount
    {
        public long CaseId { get; set; }
        public int Attachments { get; set; }
    }

    private sealed class MessageWithRaw
    {
        public long Id { get; set; }
        public string Mailbox { get; set; } = "";
        public string SourceKey { get; set; } = "";
        public string? Location { get; set; }
        public string? MessageId { get; set; }
        public byte[] Raw { get; set; } = [];
    }

    private sealed class MailWithContent : MailRow
    {
        public string Recipients { get; set; } = "";
        public byte[]? Raw { get; set; }
        public string? Draft { get; set; }
    }
}
