using System.Data.Common;
using Dapper;
using MailComplaints.Storage;

namespace MailComplaints.Outbox;

/// <summary>The outbox table: mails are enqueued with the state change that causes them and marked as they leave.</summary>
public sealed class OutboxRepository(Database database)
{
    private const string SelectEntry = """
        SELECT id AS Id, message_id AS MessageId, case_id AS CaseId, kind AS Kind, envelope_from AS EnvelopeFrom, recipients AS Recipients,
               raw AS Raw, draft AS Draft, automatic AS Automatic, status AS Status, attempts AS Attempts, last_error AS LastError, created_at AS CreatedAt, due_at AS DueAt, sent_at AS SentAt,
               (SELECT description FROM cases WHERE cases.id = outbox.case_id) AS CaseDescription
        FROM outbox
        """;

    /// <summary>Adds a mail to the outbox in the caller's unit of work.</summary>
    public Task EnqueueAsync(UnitOfWork unit, OutgoingMail mail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(mail);
        return unit.Connection.ExecuteAsync(new CommandDefinition(InsertMail, Parameters(mail, now), unit.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Puts mails in the outbox, in the order given, in the caller's unit of work.</summary>
    public Task EnqueueManyAsync(UnitOfWork unit, IReadOnlyList<OutgoingMail> mails, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(mails);
        return unit.Connection.ExecuteAsync(new CommandDefinition(InsertMail, mails.Select(mail => Parameters(mail, now)).ToList(), unit.Transaction, cancellationToken: cancellationToken));
    }

    private const string InsertMail = """
        INSERT INTO outbox (message_id, case_id, kind, envelope_from, recipients, recipient_key, automatic, raw, draft, status, attempts, created_at, due_at)
        VALUES (@MessageId, @CaseId, @Kind, @EnvelopeFrom, @Recipients, @RecipientKey, @Automatic, @Raw, @Draft, 'Pending', 0, @Now, @DueAt)
        """;

    private static object Parameters(OutgoingMail mail, DateTimeOffset now) => new
    {
        RecipientKey = mail.Recipients.Count == 0 ? null : mail.Recipients[0].ToLowerInvariant(),
        mail.Automatic,
        mail.MessageId,
        mail.CaseId,
        Kind = MailKindNames.Of(mail.Kind, mail.ThroughRelay),
        mail.EnvelopeFrom,
        Recipients = string.Join('\n', mail.Recipients),
        mail.Raw,
        Draft = mail.Draft?.ToJson(),
        Now = now.ToDatabase(),
        DueAt = mail.DueAt.ToDatabase(),
    };

    /// <summary>Pending mails whose time has come, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var sql = database.Provider == StorageProvider.SqlServer
            ? $"SELECT TOP (@limit) * FROM ({SelectEntry} WHERE status = 'Pending' AND due_at <= @now) due ORDER BY Id"
            : $"{SelectEntry} WHERE status = 'Pending' AND due_at <= @now ORDER BY id LIMIT @limit";
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { now = now.ToDatabase(), limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => row.ToEntry()).ToList();
    }

    /// <summary>The mail with this Message-ID (without angle brackets), or null.</summary>
    public async Task<OutboxEntry?> FindAsync(string messageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            SelectEntry + " WHERE message_id = @messageId", new { messageId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToEntry();
    }

    /// <summary>Every mail of one case, oldest first.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ForCaseAsync(long caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ForCaseAsync(connection, null, caseId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every mail of a case, oldest first, read inside the unit of work (with what it queued so far).</summary>
    public Task<IReadOnlyList<OutboxEntry>> ForCaseAsync(UnitOfWork unit, long caseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return ForCaseAsync(unit.Connection, unit.Transaction, caseId, cancellationToken);
    }

    private static async Task<IReadOnlyList<OutboxEntry>> ForCaseAsync(DbConnection connection, DbTransaction? transaction, long caseId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectEntry + " WHERE case_id = @caseId ORDER BY id", new { caseId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => row.ToEntry()).ToList();
    }

    /// <summary>The Message-ID of a case's first mail of <paramref name="kind"/> (without angle brackets), or null.</summary>
    public async Task<string?> FirstMessageIdAsync(long caseId, MailKind kind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT message_id FROM outbox WHERE id = (SELECT MIN(id) FROM outbox WHERE case_id = @caseId AND kind = @kind)",
            new { caseId, kind = MailKindNames.Of(kind, throughRelay: false) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>When the case's first mail of this kind was sent (null: not yet, or there is none), read inside the unit of work.</summary>
    public async Task<DateTimeOffset?> FirstSentAtAsync(UnitOfWork unit, long caseId, MailKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var sentAt = await unit.Connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "SELECT sent_at FROM outbox WHERE id = (SELECT MIN(id) FROM outbox WHERE case_id = @caseId AND kind = @kind)",
            new { caseId, kind = MailKindNames.Of(kind, throughRelay: false) }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return sentAt.FromDatabase();
    }

    /// <summary>The cases that sent mails with any of these Message-IDs (without angle brackets): reply and bounce matching.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CasesOfMessageIdsAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        if (messageIds.Count == 0)
        {
            return new Dictionary<string, long>();
        }
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string MessageId, long CaseId)>(new CommandDefinition(
            $"SELECT message_id, case_id FROM outbox WHERE case_id IS NOT NULL AND {database.IsAnyOf("message_id", "messageIds")}", new { messageIds = database.AnyOf(messageIds) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(row => row.MessageId, row => row.CaseId, StringComparer.Ordinal);
    }

    /// <summary>How many mails wait to be sent.</summary>
    public async Task<int> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM outbox WHERE status = 'Pending'", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Mails that have failed at least once and still wait, queued before <paramref name="failingSince"/> (the oldest
    /// first, with its last error); and mails given up whose last attempt was due after <paramref name="gaveUpSince"/>.
    /// </summary>
    public async Task<OutboxTrouble> TroubleAsync(DateTimeOffset failingSince, DateTimeOffset gaveUpSince, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var failing = (await connection.QueryAsync<(DateTime CreatedAt, string? LastError)>(new CommandDefinition(
            "SELECT created_at, last_error FROM outbox WHERE status = 'Pending' AND attempts > 0 AND created_at <= @failingSince ORDER BY created_at, id",
            new { failingSince = failingSince.ToDatabase() }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var gaveUp = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM outbox WHERE status = 'Failed' AND due_at >= @gaveUpSince",
            new { gaveUpSince = gaveUpSince.ToDatabase() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new OutboxTrouble(failing.Count, failing.Count == 0 ? null : failing[0].CreatedAt.FromDatabase(), failing.Count == 0 ? null : failing[0].LastError, gaveUp);
    }

    /// <summary>
    /// Marks a mail as sent; a mail that was queued as a draft keeps the bytes that were sent (<paramref name="composed"/>)
    /// instead. For an acknowledgement the case records when it left and is now in handling.
    /// </summary>
    public async Task MarkSentAsync(long id, DateTimeOffset sentAt, byte[]? composed, CancellationToken cancellationToken)
    {
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET status = 'Sent', attempts = attempts + 1, sent_at = @sentAt, last_error = NULL, raw = COALESCE(@composed, raw), draft = NULL WHERE id = @id",
            new { id, sentAt = sentAt.ToDatabase(), composed }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await unit.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE cases SET acknowledged_at = @sentAt, status = CASE WHEN status = 'Registered' THEN 'InHandling' ELSE status END
            WHERE acknowledged_at IS NULL AND id = (SELECT case_id FROM outbox WHERE id = @id AND kind = @acknowledgement)
            """, new { id, sentAt = sentAt.ToDatabase(), acknowledgement = MailKindNames.Of(MailKind.Acknowledgement, throughRelay: false) }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many automatic mails went to <paramref name="address"/> since <paramref name="since"/>: the daily limit per address.</summary>
    public async Task<int> AutomaticSentToAsync(string address, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM outbox WHERE recipient_key = @key AND automatic = @automatic AND status = 'Sent' AND sent_at >= @since",
            new { key = address.ToLowerInvariant(), automatic = true, since = since.ToDatabase() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Holds a mail back for good (the daily limit for its address is reached); it stays visible with the reason.</summary>
    public async Task MarkWithheldAsync(long id, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET status = 'Withheld', last_error = @reason WHERE id = @id",
            new { id, reason }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Records a transient failure; the mail is tried again at <paramref name="retryAt"/>.</summary>
    public async Task MarkRetryAsync(long id, string error, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET attempts = attempts + 1, last_error = @error, due_at = @retryAt WHERE id = @id",
            new { id, error, retryAt = retryAt.ToDatabase() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Gives up on a mail.</summary>
    public async Task MarkFailedAsync(long id, string error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET status = 'Failed', attempts = attempts + 1, last_error = @error WHERE id = @id",
            new { id, error }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string MessageId { get; set; } = "";
        public long? CaseId { get; set; }
        public string Kind { get; set; } = "";
        public string EnvelopeFrom { get; set; } = "";
        public string Recipients { get; set; } = "";
        public byte[]? Raw { get; set; }
        public string? Draft { get; set; }
        public bool Automatic { get; set; }
        public string Status { get; set; } = "";
        public int Attempts { get; set; }
        public string? LastError { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime DueAt { get; set; }
        public DateTime? SentAt { get; set; }
        public string? CaseDescription { get; set; }

        public OutboxEntry ToEntry()
        {
            var (kind, throughRelay) = MailKindNames.Parse(Kind);
            return new(Id, MessageId, CaseId, kind, EnvelopeFrom, Recipients.Split('\n', StringSplitOptions.RemoveEmptyEntries), Raw,
                Draft is null ? null : MailDraft.FromJson(Draft, CaseDescription),
                Enum.Parse<OutboxStatus>(Status), Attempts, LastError, CreatedAt.FromDatabase(), DueAt.FromDatabase(), SentAt.FromDatabase())
            {
                Automatic = Automatic, ThroughRelay = throughRelay,
            };
        }
    }
}

/// <summary>What keeps mail from leaving: mails failing for a while (the oldest queued at <paramref name="OldestFailing"/>, with its last error) and mails given up.</summary>
public sealed record OutboxTrouble(int Failing, DateTimeOffset? OldestFailing, string? LastError, int GivenUp);
