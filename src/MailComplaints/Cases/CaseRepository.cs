using Dapper;
using MailComplaints.Storage;

namespace MailComplaints.Cases;

/// <summary>Cases and their audit trail. Writes take the caller's unit of work; reads open their own connection.</summary>
public sealed class CaseRepository(Database database)
{
    private const string SelectCase = """
        SELECT id AS Id, number AS Number, status AS Status, status_reason AS StatusReason,
               complainant_name AS ComplainantName, complainant_address AS ComplainantAddress,
               subject AS Subject, description AS Description, language AS Language,
               handler_email AS HandlerEmail, solution AS Solution, complainant_agrees AS ComplainantAgrees,
               incident_date AS IncidentDate, received_at AS ReceivedAt, closed_at AS ClosedAt,
               term_ends AS TermEnds, acknowledge_by AS AcknowledgeBy, acknowledged_at AS AcknowledgedAt,
               extension_reason AS ExtensionReason, channel AS Channel, relay_address AS RelayAddress,
               category AS Category, cause AS Cause, measure AS Measure
        FROM cases
        """;

    /// <summary>
    /// Registers cases in the order given, each with the next number of its year of receipt: one look at the highest
    /// number per year, the INSERT run for each, and their ids read back at once (the intake registers a batch at a time).
    /// </summary>
    public async Task<IReadOnlyList<Case>> RegisterManyAsync(UnitOfWork unit, IReadOnlyList<NewCase> newCases, string numberPrefix, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(newCases);
        var next = new Dictionary<int, int>();
        foreach (var year in newCases.Select(newCase => newCase.ReceivedAt.Year).Distinct())
        {
            next[year] = await unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COALESCE(MAX(sequence), 0) + 1 FROM cases WHERE year = @year",
                new { year }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        var numbered = newCases.Select(newCase => (Case: newCase, Number: new CaseNumber(numberPrefix, newCase.ReceivedAt.Year, next[newCase.ReceivedAt.Year]++))).ToList();

        const string Insert = """
            INSERT INTO cases (number, year, sequence, status, status_reason, complainant_name, complainant_address, complainant_key,
                               subject, description, language, handler_email, incident_date, received_at, created_at, updated_at, closed_at,
                               term_ends, acknowledge_by, channel, relay_address)
            VALUES (@Number, @Year, @Sequence, @Status, @StatusReason, @ComplainantName, @ComplainantAddress, @ComplainantKey,
                    @Subject, @Description, @Language, @HandlerEmail, @IncidentDate, @ReceivedAt, @Now, @Now, @ClosedAt,
                    @TermEnds, @AcknowledgeBy, @Channel, @RelayAddress)
            """;
        await unit.Connection.ExecuteAsync(new CommandDefinition(Insert, numbered.Select(row => new
        {
            Number = row.Number.ToString(),
            Year = row.Number.Year,
            Sequence = row.Number.Sequence,
            Status = row.Case.Status.ToString(),
            row.Case.StatusReason,
            ComplainantName = row.Case.Complainant.Name,
            ComplainantAddress = row.Case.Complainant.Address,
            ComplainantKey = row.Case.Complainant.Address.ToLowerInvariant(),
            row.Case.Subject,
            row.Case.Description,
            row.Case.Language,
            row.Case.HandlerEmail,
            IncidentDate = row.Case.IncidentDate.ToDatabase(),
            ReceivedAt = row.Case.ReceivedAt.ToDatabase(),
            Now = now.ToDatabase(),
            ClosedAt = ClosedAt(row.Case, now).ToDatabase(),
            TermEnds = row.Case.TermEnds.ToDatabase(),
            AcknowledgeBy = row.Case.AcknowledgeBy.ToDatabase(),
            Channel = row.Case.Channel.ToString(),
            row.Case.RelayAddress,
        }).ToList(), unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var ids = (await unit.Connection.QueryAsync<(long Id, string Number)>(new CommandDefinition(
            $"SELECT id, number FROM cases WHERE {database.IsAnyOf("number", "numbers")}", new { numbers = database.AnyOf(numbered.Select(row => row.Number.ToString())) },
            unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToDictionary(row => row.Number, row => row.Id, StringComparer.Ordinal);

        return numbered.Select(row => new Case(ids[row.Number.ToString()], row.Number, row.Case.Status, row.Case.StatusReason, row.Case.Complainant, row.Case.Subject,
            row.Case.Description, row.Case.Language, row.Case.HandlerEmail, Solution: null, ComplainantAgrees: null, row.Case.IncidentDate, row.Case.ReceivedAt, ClosedAt(row.Case, now))
        {
            TermEnds = row.Case.TermEnds, AcknowledgeBy = row.Case.AcknowledgeBy, Channel = row.Case.Channel, RelayAddress = row.Case.RelayAddress,
        }).ToList();
    }

    private static DateTimeOffset? ClosedAt(NewCase newCase, DateTimeOffset now) => newCase.Status == CaseStatus.Rejected ? now : null;

    /// <summary>Writes a case's changeable fields (status, handler, solution, agreement, term, extension, closing, category, cause, measure) as <paramref name="changed"/> holds them.</summary>
    public Task UpdateAsync(UnitOfWork unit, Case changed, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(changed);
        return unit.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE cases SET status = @Status, status_reason = @StatusReason, handler_email = @HandlerEmail, solution = @Solution,
                             complainant_agrees = @ComplainantAgrees, term_ends = @TermEnds, extension_reason = @ExtensionReason,
                             closed_at = @ClosedAt, category = @Category, cause = @Cause, measure = @Measure, updated_at = @At
            WHERE id = @Id
            """, new
        {
            changed.Id,
            Status = changed.Status.ToString(),
            changed.StatusReason,
            changed.HandlerEmail,
            changed.Solution,
            changed.ComplainantAgrees,
            TermEnds = changed.TermEnds.ToDatabase(),
            changed.ExtensionReason,
            ClosedAt = changed.ClosedAt.ToDatabase(),
            changed.Category,
            changed.Cause,
            changed.Measure,
            At = at.ToDatabase(),
        }, unit.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The attachments kept with a case, with their content (for the assignment notice).</summary>
    public async Task<IReadOnlyList<(CaseAttachment Attachment, byte[] Content)>> FilesAsync(long caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<FileRow>(new CommandDefinition(
            "SELECT file_name AS FileName, content_type AS ContentType, size AS Size, sha256 AS Sha256, content AS Content FROM case_attachments WHERE case_id = @caseId ORDER BY id",
            new { caseId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => (new CaseAttachment(row.FileName, row.ContentType, row.Size, row.Sha256), row.Content)).ToList();
    }

    private const string InsertEvent = "INSERT INTO case_events (case_id, occurred_at, kind, actor, detail) VALUES (@caseId, @at, @kind, @actor, @detail)";

    /// <summary>Adds a line to a case's audit trail.</summary>
    public Task RecordAsync(UnitOfWork unit, long caseId, CaseEventKind kind, string? actor, string? detail, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return unit.Connection.ExecuteAsync(new CommandDefinition(
            InsertEvent, new { caseId, at = at.ToDatabase(), kind = kind.ToString(), actor, detail }, unit.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Adds lines to the audit trails of cases, in the order given, in the caller's unit of work.</summary>
    public Task RecordManyAsync(UnitOfWork unit, IReadOnlyList<CaseEventEntry> entries, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(entries);
        return unit.Connection.ExecuteAsync(new CommandDefinition(InsertEvent,
            entries.Select(entry => new { caseId = entry.CaseId, at = at.ToDatabase(), kind = entry.Kind.ToString(), actor = entry.Actor, detail = entry.Detail }).ToList(), unit.Transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>The case with this number, or null.</summary>
    public async Task<Case?> FindAsync(CaseNumber number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<CaseRow>(new CommandDefinition(
            SelectCase + " WHERE number = @number", new { number = number.ToString() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToCase();
    }

    /// <summary>The case with this id, or null.</summary>
    public async Task<Case?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<CaseRow>(new CommandDefinition(
            SelectCase + " WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToCase();
    }

    /// <summary>
    /// The case as it is now, read inside the unit of work and locked until it ends (<see cref="Database.Locking"/>), for a
    /// change that writes the case back: a copy read before would undo what another worker or the outbox committed meanwhile.
    /// </summary>
    public async Task<Case?> LockAsync(UnitOfWork unit, long id, CancellationToken cancellationToken) =>
        (await LockManyAsync(unit, [id], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(id);

    /// <summary>Several cases as they are now, locked as <see cref="LockAsync"/> locks one, by id.</summary>
    public async Task<IReadOnlyDictionary<long, Case>> LockManyAsync(UnitOfWork unit, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return new Dictionary<long, Case>();
        }
        var rows = await unit.Connection.QueryAsync<CaseRow>(new CommandDefinition(database.Locking(SelectCase, database.IsAnyOf("id", "ids")),
            new { ids = database.AnyOf(ids) }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => row.ToCase()).ToDictionary(@case => @case.Id);
    }

    /// <summary>Every case of one complainant (by address, case-insensitive), newest first.</summary>
    public async Task<IReadOnlyList<Case>> OfComplainantAsync(string address, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CaseRow>(new CommandDefinition(
            SelectCase + " WHERE complainant_key = @key ORDER BY id DESC", new { key = address.ToLowerInvariant() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => row.ToCase()).ToList();
    }

    /// <summary>Every case of each of these complainants (by address, case-insensitive), newest first, by lower-case address; one query per 500 addresses.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Case>>> OfComplainantsAsync(IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var keys = addresses.Select(address => address.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var found = keys.ToDictionary(key => key, _ => new List<Case>(), StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in keys.Chunk(500))
        {
            var rows = await connection.QueryAsync<(string Key, long Id)>(new CommandDefinition(
                $"SELECT complainant_key, id FROM cases WHERE {database.IsAnyOf("complainant_key", "chunk")}", new { chunk = database.AnyOf(chunk) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var ids = rows.ToList();
            if (ids.Count == 0)
            {
                continue;
            }
            var byId = (await connection.QueryAsync<CaseRow>(new CommandDefinition(
                $"{SelectCase} WHERE {database.IsAnyOf("id", "ids")}", new { ids = database.AnyOf(ids.Select(row => row.Id)) }, cancellationToken: cancellationToken)).ConfigureAwait(false))
                .ToDictionary(row => row.Id, row => row.ToCase());
            foreach (var (key, id) in ids.OrderByDescending(row => row.Id))
            {
                found[key].Add(byId[id]);
            }
        }
        return found.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<Case>)pair.Value, StringComparer.Ordinal);
    }

    private const string InsertAttachment = """
        INSERT INTO case_attachments (case_id, inbound_message_id, file_name, content_type, size, sha256, content, added_at)
        VALUES (@caseId, @inboundMessageId, @FileName, @ContentType, @Size, @Sha256, @content, @at)
        """;

    /// <summary>Keeps a copy of an attachment with its case (the procedure keeps copies; originals are not returned).</summary>
    public Task AddAttachmentAsync(UnitOfWork unit, long caseId, long? inboundMessageId, CaseAttachment attachment, ReadOnlyMemory<byte> content, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(attachment);
        return unit.Connection.ExecuteAsync(new CommandDefinition(InsertAttachment,
            new { caseId, inboundMessageId, attachment.FileName, attachment.ContentType, attachment.Size, attachment.Sha256, content = content.ToDatabase(), at = at.ToDatabase() },
            unit.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Keeps copies of attachments with their cases, in the caller's unit of work.</summary>
    public Task AddAttachmentsAsync(UnitOfWork unit, IReadOnlyList<(long CaseId, long? InboundMessageId, CaseAttachment Attachment, ReadOnlyMemory<byte> Content)> files,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(files);
        return unit.Connection.ExecuteAsync(new CommandDefinition(InsertAttachment, files.Select(file => new
        {
            caseId = file.CaseId, inboundMessageId = file.InboundMessageId, file.Attachment.FileName, file.Attachment.ContentType, file.Attachment.Size, file.Attachment.Sha256,
            content = file.Content.ToDatabase(), at = at.ToDatabase(),
        }).ToList(), unit.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The attachments kept with a case (without their content).</summary>
    public async Task<IReadOnlyList<CaseAttachment>> AttachmentsAsync(long caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CaseAttachment>(new CommandDefinition(
            "SELECT file_name AS FileName, content_type AS ContentType, size AS Size, sha256 AS Sha256 FROM case_attachments WHERE case_id = @caseId ORDER BY id",
            new { caseId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToList();
    }

    /// <summary>How many open cases each handler has, by the address the register holds (lower case), read inside the unit of work.</summary>
    public async Task<IReadOnlyDictionary<string, int>> OpenCasesPerHandlerAsync(UnitOfWork unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var rows = await unit.Connection.QueryAsync<(string Handler, long Open)>(new CommandDefinition(
            "SELECT LOWER(handler_email), COUNT(*) FROM cases WHERE closed_at IS NULL AND handler_email IS NOT NULL GROUP BY LOWER(handler_email)",
            transaction: unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(row => row.Handler, row => (int)row.Open, StringComparer.Ordinal);
    }

    /// <summary>Every open case (not closed, not rejected), oldest first.</summary>
    public async Task<IReadOnlyList<Case>> OpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CaseRow>(new CommandDefinition(
            SelectCase + " WHERE closed_at IS NULL AND status <> 'Rejected' ORDER BY id", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => row.ToCase()).ToList();
    }

    /// <summary>The open cases whose complainant wrote after the last reply of a handler: they wait for the handler.</summary>
    public async Task<IReadOnlySet<long>> WaitingForHandlerAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync<long>(new CommandDefinition("""
            SELECT e.case_id FROM case_events e JOIN cases c ON c.id = e.case_id
            WHERE c.closed_at IS NULL
            GROUP BY e.case_id
            HAVING MAX(CASE WHEN e.kind = @followUp THEN e.id ELSE 0 END) > MAX(CASE WHEN e.kind = @handlerReply THEN e.id ELSE 0 END)
            """, new { followUp = nameof(CaseEventKind.FollowUp), handlerReply = nameof(CaseEventKind.HandlerReply) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return ids.ToHashSet();
    }

    /// <summary>All cases, newest first, optionally only those with one status.</summary>
    public async Task<IReadOnlyList<Case>> ListAsync(CaseStatus? status, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CaseRow>(new CommandDefinition(
            SelectCase + " WHERE (@status IS NULL OR status = @status) ORDER BY received_at DESC, id DESC",
            new { status = status?.ToString() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(row => row.ToCase()).ToList();
    }

    private const string SelectEvents =
        "SELECT id AS Id, case_id AS CaseId, occurred_at AS OccurredAt, kind AS Kind, actor AS Actor, detail AS Detail FROM case_events WHERE case_id = @caseId ORDER BY id";

    /// <summary>A case's audit trail, oldest first.</summary>
    public async Task<IReadOnlyList<CaseEvent>> EventsAsync(long caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return Events(await connection.QueryAsync<EventRow>(new CommandDefinition(SelectEvents, new { caseId }, cancellationToken: cancellationToken)).ConfigureAwait(false));
    }

    /// <summary>A case's audit trail, oldest first, read inside the unit of work (with what it wrote so far).</summary>
    public async Task<IReadOnlyList<CaseEvent>> EventsAsync(UnitOfWork unit, long caseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return Events(await unit.Connection.QueryAsync<EventRow>(new CommandDefinition(SelectEvents, new { caseId }, unit.Transaction, cancellationToken: cancellationToken))
            .ConfigureAwait(false));
    }

    private static List<CaseEvent> Events(IEnumerable<EventRow> rows) =>
        rows.Select(row => new CaseEvent(row.Id, row.CaseId, row.OccurredAt.FromDatabase(), row.Kind, row.Actor, row.Detail)).ToList();

    private sealed class CaseRow
    {
        public long Id { get; set; }
        public string Number { get; set; } = "";
        public string Status { get; set; } = "";
        public string? StatusReason { get; set; }
        public string? ComplainantName { get; set; }
        public string ComplainantAddress { get; set; } = "";
        public string? Subject { get; set; }
        public string Description { get; set; } = "";
        public string? Language { get; set; }
        public string? HandlerEmail { get; set; }
        public string? Solution { get; set; }
        public bool? ComplainantAgrees { get; set; }
        public DateTime? IncidentDate { get; set; }
        public DateTime ReceivedAt { get; set; }
        public DateTime? ClosedAt { get; set; }
        public DateTime? TermEnds { get; set; }
        public DateTime? AcknowledgeBy { get; set; }
        public DateTime? AcknowledgedAt { get; set; }
        public string? ExtensionReason { get; set; }
        public string? Channel { get; set; }
        public string? RelayAddress { get; set; }
        public string? Category { get; set; }
        public string? Cause { get; set; }
        public string? Measure { get; set; }

        public Case ToCase()
        {
            if (!CaseNumber.TryParse(Number, out var number))
            {
                throw new InvalidOperationException($"Case {Id} has an unreadable number '{Number}' in the database.");
            }
            return new Case(Id, number, Enum.Parse<CaseStatus>(Status), StatusReason, new Complainant(ComplainantName, ComplainantAddress),
                Subject, Description, Language, HandlerEmail, Solution, ComplainantAgrees, IncidentDate.DateFromDatabase(),
                ReceivedAt.FromDatabase(), ClosedAt.FromDatabase())
            {
                TermEnds = TermEnds.DateFromDatabase(),
                AcknowledgeBy = AcknowledgeBy.DateFromDatabase(),
                AcknowledgedAt = AcknowledgedAt.FromDatabase(),
                ExtensionReason = ExtensionReason,
                Channel = Channel is null ? CaseChannel.Email : Enum.Parse<CaseChannel>(Channel),
                RelayAddress = RelayAddress,
                Category = Category,
                Cause = Cause,
                Measure = Measure,
            };
        }
    }

    private sealed class FileRow
    {
        public string FileName { get; set; } = "";
        public string ContentType { get; set; } = "";
        public long Size { get; set; }
        public string Sha256 { get; set; } = "";
        public byte[] Content { get; set; } = [];
    }

    private sealed class EventRow
    {
        public long Id { get; set; }
        public long CaseId { get; set; }
        public DateTime OccurredAt { get; set; }
        public string Kind { get; set; } = "";
        public string? Actor { get; set; }
        public string? Detail { get; set; }
    }
}
