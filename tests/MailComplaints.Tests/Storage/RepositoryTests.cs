using Dapper;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MimeKit;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Storage;

namespace MailComplaints.Tests.Storage;

public sealed class RepositoryTests(StorageProvider provider) : DatabaseFixture(provider)
{
    private static readonly DateTimeOffset Received = new(2026, 11, 3, 9, 15, 27, TimeSpan.Zero);

    private static NewCase ANewCase(string address = "jan@example.nl") => new(
        CaseStatus.Registered, null, new Complainant("Jan de Vries", address), "Lekkage niet verholpen",
        "Op 2 november is de lekkage opnieuw niet verholpen. Één klacht met accenten: ë, ß, 😀.", "nl", "handler@example.org",
        new DateOnly(2026, 11, 2), Received);

    [Test]
    public async Task Rows_written_as_a_batch_are_stored_exactly_as_rows_written_one_at_a_time()
    {
        var database = await MigratedDatabaseAsync();
        const int count = 20;

        var batched = await WriteEveryTableAsync(database, count, oneAtATime: false);
        var oneAtATime = await WriteEveryTableAsync(database, count, oneAtATime: true);

        Assert.That(batched.Count(row => row.StartsWith("cases:", StringComparison.Ordinal)), Is.EqualTo(count));
        Assert.That(batched, Is.EqualTo(oneAtATime));
    }

    // Writes cases with their ledger entries, audit lines, attachments, mails and deadlines (nulls, bytes, dates, instants with
    // ticks below a microsecond) in a unit it rolls back, and gives every stored row as text: ids as the position of what the
    // writes returned, so a returned id that is not its row's shows as well.
    private static async Task<List<string>> WriteEveryTableAsync(Database database, int count, bool oneAtATime)
    {
        var cases = new CaseRepository(database);
        var ledger = new InboundMessageRepository(database);
        var outbox = new OutboxRepository(database);
        var deadlines = new DeadlineRepository(database);
        var now = Received.AddTicks(4_321_987);
        var rows = Enumerable.Range(0, count).ToList();
        byte[] Bytes(int i) => [.. Enumerable.Range(0, 3 * i).Select(b => (byte)(b * 37 + i)), 0x00, 0xFF];

        var newCases = rows.Select(i => ANewCase($"Person{i}@Example.nl") with
        {
            Status = i % 4 == 3 ? CaseStatus.Rejected : CaseStatus.Registered,
            StatusReason = i % 4 == 3 ? "Late" : null,
            Complainant = new Complainant(i % 3 == 0 ? null : $"Persoon {i} ë", $"Person{i}@Example.nl"),
            Subject = i % 5 == 0 ? null : $"Klacht {i}",
            Language = i % 2 == 0 ? "nl" : null,
            HandlerEmail = i % 4 == 3 ? null : "handler@example.org",
            IncidentDate = i % 3 == 1 ? null : new DateOnly(2026, 10, 1).AddDays(i),
            ReceivedAt = Received.AddTicks(i * 1_234_567L),
            TermEnds = i % 4 == 3 ? null : new DateOnly(2026, 12, 1).AddDays(i),
            AcknowledgeBy = i % 4 == 3 ? null : new DateOnly(2026, 11, 10),
            Channel = i % 5 == 2 ? CaseChannel.Relay : CaseChannel.Email,
            RelayAddress = i % 5 == 2 ? "servicedesk@example.org" : null,
        }).ToList();

        await using var unit = await database.BeginAsync(CancellationToken.None);
        var registered = oneAtATime
            ? await Each(newCases, newCase => RegisterOneAsync(cases, unit, newCase, "KL", now, CancellationToken.None))
            : await cases.RegisterManyAsync(unit, newCases, "KL", now, CancellationToken.None);
        var records = rows.Select(i => new InboundRecord($"7:{i}", i % 3 == 0 ? null : $"m{i}@example.nl", new string((char)('a' + i % 6), 64), Bytes(i),
            i % 4 == 3 ? MessageOutcome.Rejected : MessageOutcome.Registered, i % 2 == 0 ? null : "reason ß", i % 5 == 4 ? null : registered[i].Id, Received.AddTicks(-i * 7_654_321L))).ToList();
        var messages = oneAtATime
            ? await Each(records, record => ledger.RecordAsync(unit, "imap:INBOX", record, now, CancellationToken.None))
            : await ledger.RecordManyAsync(unit, "imap:INBOX", records, now, CancellationToken.None);
        var events = rows.Select(i => new CaseEventEntry(registered[i].Id, CaseEventKind.Registered, i % 2 == 0 ? "intake" : null, i % 3 == 0 ? null : $"detail {i} 😀")).ToList();
        var files = rows.Where(i => i % 3 != 2).Select(i => (registered[i].Id, i % 2 == 0 ? messages[i] : (long?)null,
            new CaseAttachment($"bijlage {i}.pdf", "application/pdf", Bytes(i).Length, new string('f', 64)), (ReadOnlyMemory<byte>)Bytes(i))).ToList();
        // Half composed (bytes), half drafts to be composed when sent.
        var mails = rows.Select(i => new OutgoingMail($"ack.{i}@example.org", i % 4 == 0 ? null : registered[i].Id, MailKind.Acknowledgement, "klachten@example.org",
            i % 3 == 0 ? [] : [$"Person{i}@Example.nl", "copy@example.nl"], i % 2 == 0 ? Bytes(i) : null, i % 2 == 0 ? null : ADraft(i, now), now.AddMinutes(i)) { Automatic = i % 2 == 1 }).ToList();
        var scheduled = rows.Select(i => (registered[i].Id, new CaseDeadline((DeadlineKind)(i % 5), new DateOnly(2026, 12, 31).AddDays(-i)))).ToList();
        if (oneAtATime)
        {
            await Each(events, entry => cases.RecordAsync(unit, entry.CaseId, entry.Kind, entry.Actor, entry.Detail, now, CancellationToken.None));
            await Each(files, file => cases.AddAttachmentAsync(unit, file.Item1, file.Item2, file.Item3, file.Item4, now, CancellationToken.None));
            await Each(mails, mail => outbox.EnqueueAsync(unit, mail, now, CancellationToken.None));
            await Each(scheduled, deadline => deadlines.ScheduleAsync(unit, deadline.Item1, [deadline.Item2], now, CancellationToken.None));
        }
        else
        {
            await cases.RecordManyAsync(unit, events, now, CancellationToken.None);
            await cases.AddAttachmentsAsync(unit, files, now, CancellationToken.None);
            await outbox.EnqueueManyAsync(unit, mails, now, CancellationToken.None);
            await deadlines.ScheduleManyAsync(unit, scheduled, now, CancellationToken.None);
        }

        var positions = new Dictionary<string, Dictionary<long, int>>
        {
            ["case_id"] = registered.Select((c, i) => (c.Id, i)).ToDictionary(),
            ["inbound_message_id"] = messages.Select((id, i) => (id, i)).ToDictionary(),
        };
        positions["cases.id"] = positions["case_id"];
        positions["inbound_messages.id"] = positions["inbound_message_id"];
        var stored = new List<string>();
        foreach (var table in new[] { "cases", "inbound_messages", "case_events", "case_attachments", "outbox", "case_deadlines" })
        {
            foreach (IDictionary<string, object?> row in await unit.Connection.QueryAsync(new CommandDefinition($"SELECT * FROM {table} ORDER BY id", transaction: unit.Transaction)))
            {
                stored.Add(table + ": " + string.Join(", ", row.Select(column => column.Key + "=" + column.Value switch
                {
                    null or DBNull => "NULL",
                    byte[] bytes => Convert.ToHexString(bytes),
                    DateTime instant => instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    var value when positions.GetValueOrDefault(column.Key == "id" ? $"{table}.id" : column.Key) is { } position => $"#{position[Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)]}",
                    _ when column.Key == "id" => "(generated)",
                    var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                })));
            }
        }
        return stored;
    }

    // One case through the batch registration the intake uses.
    private static async Task<Case> RegisterOneAsync(CaseRepository cases, UnitOfWork unit, NewCase newCase, string prefix, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await cases.RegisterManyAsync(unit, [newCase], prefix, now, cancellationToken))[0];

    private static async Task<List<T>> Each<TItem, T>(IEnumerable<TItem> items, Func<TItem, Task<T>> write)
    {
        var written = new List<T>();
        foreach (var item in items)
        {
            written.Add(await write(item));
        }
        return written;
    }

    private static async Task Each<TItem>(IEnumerable<TItem> items, Func<TItem, Task> write)
    {
        foreach (var item in items)
        {
            await write(item);
        }
    }

    [Test]
    public async Task A_registered_case_reads_back_with_every_field_and_its_audit_trail()
    {
        var database = await MigratedDatabaseAsync();
        var cases = new CaseRepository(database);

        Case registered;
        await using (var unit = await database.BeginAsync(CancellationToken.None))
        {
            registered = await RegisterOneAsync(cases, unit, ANewCase(), "KL", Received.AddSeconds(5), CancellationToken.None);
            await cases.RecordAsync(unit, registered.Id, CaseEventKind.Registered, "intake", "from message <a@b>", Received.AddSeconds(5), CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
        }

        var found = await cases.FindAsync(registered.Number, CancellationToken.None);
        Assert.That(found, Is.EqualTo(registered));
        Assert.That(found!.Number.ToString(), Is.EqualTo("KL-2026-00001"));
        Assert.That(found.ReceivedAt, Is.EqualTo(Received));
        Assert.That(found.IncidentDate, Is.EqualTo(new DateOnly(2026, 11, 2)));
        var events = await cases.EventsAsync(found.Id, CancellationToken.None);
        Assert.That(events.Select(e => (e.Kind, e.Actor, e.Detail, e.OccurredAt)), Is.EqualTo(new[] { ("Registered", (string?)"intake", (string?)"from message <a@b>", Received.AddSeconds(5)) }));
    }

    [Test]
    public async Task Case_numbers_count_up_within_a_year_and_restart_in_the_next()
    {
        var database = await MigratedDatabaseAsync();
        var cases = new CaseRepository(database);

        var numbers = new List<string>();
        foreach (var received in new[] { Received, Received.AddDays(1), new DateTimeOffset(2027, 1, 4, 8, 0, 0, TimeSpan.Zero) })
        {
            await using var unit = await database.BeginAsync(CancellationToken.None);
            numbers.Add((await RegisterOneAsync(cases, unit, ANewCase() with { ReceivedAt = received }, "KL", received, CancellationToken.None)).Number.ToString());
            await unit.CommitAsync(CancellationToken.None);
        }

        Assert.That(numbers, Is.EqualTo(new[] { "KL-2026-00001", "KL-2026-00002", "KL-2027-00001" }));
    }

    [Test]
    public async Task A_rolled_back_unit_leaves_no_case_behind()
    {
        var database = await MigratedDatabaseAsync();
        var cases = new CaseRepository(database);

        await using (var unit = await database.BeginAsync(CancellationToken.None))
        {
            await RegisterOneAsync(cases, unit, ANewCase(), "KL", Received, CancellationToken.None);
        }

        Assert.That(await cases.ListAsync(null, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Cases_list_filters_by_status()
    {
        var database = await MigratedDatabaseAsync();
        var cases = new CaseRepository(database);
        await using (var unit = await database.BeginAsync(CancellationToken.None))
        {
            await RegisterOneAsync(cases, unit, ANewCase(), "KL", Received, CancellationToken.None);
            await RegisterOneAsync(cases, unit, ANewCase("late@example.nl") with { Status = CaseStatus.Rejected, StatusReason = "Late" }, "KL", Received, CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
        }

        var rejected = await cases.ListAsync(CaseStatus.Rejected, CancellationToken.None);

        Assert.That(rejected.Select(c => (c.Complainant.Address, c.StatusReason, c.ClosedAt.HasValue)), Is.EqualTo(new[] { ("late@example.nl", (string?)"Late", true) }));
        Assert.That(await cases.ListAsync(null, CancellationToken.None), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task The_message_ledger_finds_a_message_by_its_place_and_keeps_the_raw_bytes()
    {
        var database = await MigratedDatabaseAsync();
        var ledger = new InboundMessageRepository(database);
        byte[] raw = [.. "Subject: x\r\n\r\nbody\r\n"u8, 0x00, 0xFF];

        await using (var unit = await database.BeginAsync(CancellationToken.None))
        {
            await ledger.RecordAsync(unit, "maildir:inbox", new InboundRecord("1700000000.M1P2.host", "id@example.nl", new string('a', 64), raw, MessageOutcome.Failed, "too large", null, Received), Received.AddSeconds(1), CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
        }

        var byPlace = await ledger.FindAsync("maildir:inbox", "1700000000.M1P2.host", CancellationToken.None);
        Assert.That(byPlace, Is.Not.Null);
        Assert.That((byPlace!.Outcome, byPlace.Reason, byPlace.Size, byPlace.MessageId), Is.EqualTo((MessageOutcome.Failed, (string?)"too large", (long)raw.Length, (string?)"id@example.nl")));
        Assert.That(await ledger.FindAsync("maildir:inbox", "other", CancellationToken.None), Is.Null);
        Assert.That(await ledger.RawAsync(byPlace.Id, CancellationToken.None), Is.EqualTo(raw));
        Assert.That(await ledger.CountAsync(MessageOutcome.Failed, CancellationToken.None), Is.EqualTo(1));
    }

    [Test]
    public async Task The_same_place_cannot_be_recorded_twice()
    {
        var database = await MigratedDatabaseAsync();
        var ledger = new InboundMessageRepository(database);
        async Task RecordAsync()
        {
            await using var unit = await database.BeginAsync(CancellationToken.None);
            await ledger.RecordAsync(unit, "imap:INBOX", new InboundRecord("7:42", null, new string('b', 64), new byte[] { 1 }, MessageOutcome.Ignored, null, null, Received), Received, CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
        }

        await RecordAsync();

        Assert.That(RecordAsync, Throws.InstanceOf<System.Data.Common.DbException>());
    }

    [Test]
    public async Task A_batch_that_records_one_place_twice_fails_as_a_whole()
    {
        const int rows = 12;
        var database = await MigratedDatabaseAsync();
        var ledger = new InboundMessageRepository(database);
        // The last row repeats the first one's place.
        var records = Enumerable.Range(0, rows).Select(i => new InboundRecord($"7:{(i == rows - 1 ? 0 : i)}", null, new string('b', 64), new byte[] { 1 },
            MessageOutcome.Ignored, null, null, Received)).ToList();
        async Task RecordAsync()
        {
            await using var unit = await database.BeginAsync(CancellationToken.None);
            await ledger.RecordManyAsync(unit, "imap:INBOX", records, Received, CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
        }

        Assert.That(RecordAsync, Throws.InstanceOf<System.Data.Common.DbException>());
        Assert.That(await ledger.FindManyAsync("imap:INBOX", records.Select(record => record.SourceKey).ToList(), CancellationToken.None), Is.Empty, "nothing of the batch is kept");
    }

    [Test]
    public async Task Outbox_hands_out_due_mail_in_order_and_records_retries_sending_and_giving_up()
    {
        var database = await MigratedDatabaseAsync();
        var outbox = new OutboxRepository(database);
        await using (var unit = await database.BeginAsync(CancellationToken.None))
        {
            foreach (var (id, dueAt) in new[] { ("<1@x>", Received), ("<2@x>", Received.AddMinutes(1)), ("<3@x>", Received.AddHours(1)) })
            {
                await outbox.EnqueueAsync(unit, new OutgoingMail(id, null, MailKind.Acknowledgement, "klachten@example.org", ["a@example.nl", "b@example.nl"], "raw"u8.ToArray(), null, dueAt), Received, CancellationToken.None);
            }
            await unit.CommitAsync(CancellationToken.None);
        }

        var due = await outbox.DueAsync(Received.AddMinutes(5), 10, CancellationToken.None);
        Assert.That(due.Select(e => e.MessageId), Is.EqualTo(new[] { "<1@x>", "<2@x>" }));
        Assert.That(due[0].Recipients, Is.EqualTo(new[] { "a@example.nl", "b@example.nl" }));
        Assert.That(due[0].Raw, Is.EqualTo("raw"u8.ToArray()));

        await outbox.MarkSentAsync(due[0].Id, Received.AddMinutes(5), null, CancellationToken.None);
        await outbox.MarkRetryAsync(due[1].Id, "451 try later", Received.AddMinutes(30), CancellationToken.None);
        Assert.That((await outbox.DueAsync(Received.AddMinutes(6), 10, CancellationToken.None)).Select(e => e.MessageId), Is.Empty);
        Assert.That(await outbox.CountPendingAsync(CancellationToken.None), Is.EqualTo(2));

        var later = await outbox.DueAsync(Received.AddHours(2), 1, CancellationToken.None);
        Assert.That(later.Select(e => (e.MessageId, e.Attempts, e.LastError)), Is.EqualTo(new[] { ("<2@x>", 1, (string?)"451 try later") }), "the limit holds and the retry is due again");
        await outbox.MarkFailedAsync(later[0].Id, "550 no such user", CancellationToken.None);
        Assert.That(await outbox.CountPendingAsync(CancellationToken.None), Is.EqualTo(1));
    }

    [Test]
    public async Task A_draft_comes_back_as_queued_and_gives_way_to_the_bytes_that_were_sent()
    {
        var database = await MigratedDatabaseAsync();
        var outbox = new OutboxRepository(database);
        var draft = ADraft(7, Received);
        await using (var unit = await database.BeginAsync(CancellationToken.None))
        {
            await outbox.EnqueueAsync(unit, new OutgoingMail("<d@x>", null, MailKind.Acknowledgement, "klachten@example.org", ["person7@example.nl"], null, draft, Received),
                Received, CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
        }

        var queued = (await outbox.DueAsync(Received, 10, CancellationToken.None)).Single();
        Assert.That(queued.Raw, Is.Null);
        Assert.That(queued.Draft?.ToJson(), Is.EqualTo(draft.ToJson()));
        Assert.That(queued.Draft!.Model["attachments"], Is.EqualTo(new[] { new Dictionary<string, object?> { ["fileName"] = "foto 7.jpg", ["size"] = "3 kB" } }));

        await outbox.MarkSentAsync(queued.Id, Received.AddMinutes(1), "sent bytes"u8.ToArray(), CancellationToken.None);
        var sent = await outbox.FindAsync("<d@x>", CancellationToken.None);
        Assert.That((sent?.Status, sent?.Raw, sent?.Draft), Is.EqualTo((OutboxStatus.Sent, "sent bytes"u8.ToArray(), (MailDraft?)null)));
    }

    [Test]
    public async Task The_check_for_bytes_already_processed_is_served_by_the_index_on_sha256()
    {
        if (Provider == StorageProvider.SqlServer)
        {
            Assert.Ignore("SQL Server's plans are not checked here (no server to run them on).");
        }
        var database = await MigratedDatabaseAsync();
        var explain = Provider == StorageProvider.Sqlite ? "EXPLAIN QUERY PLAN " : "SET enable_seqscan = off; EXPLAIN ";
        await using var connection = await database.OpenAsync(CancellationToken.None);

        var plan = await connection.QueryAsync<object>(explain + InboundMessageRepository.KnownContent(database), new { chunk = database.AnyOf(new[] { new string('a', 64), new string('b', 64) }) });

        Assert.That(string.Join("\n", plan.Select(row => string.Join(" ", ((IDictionary<string, object>)row).Values))), Does.Contain("ix_inbound_messages_sha256"));
    }

    [Test]
    public async Task A_draft_names_the_complaint_it_takes_from_its_case_instead_of_holding_it_again()
    {
        var database = await MigratedDatabaseAsync();
        var outbox = new OutboxRepository(database);
        var complaint = ANewCase().Description + "\n\n> \"quoted\" earlier mail\r\nwith a tab\t.";
        var model = new Dictionary<string, object?> { ["caseNumber"] = "KL-2026-00001", ["complaintText"] = complaint, ["subject"] = "Lekkage" };
        await using (var unit = await database.BeginAsync(CancellationToken.None))
        {
            var registered = await RegisterOneAsync(new CaseRepository(database), unit, ANewCase() with { Description = complaint }, "KL", Received, CancellationToken.None);
            var draft = new MailDraft("assignment", "nl", "KL-2026-00001", new MailboxAddress(null, "handler@example.org"), null, [], Received, model) { CaseDescription = complaint };
            await outbox.EnqueueAsync(unit, new OutgoingMail("<a@x>", registered.Id, MailKind.Assignment, "klachten@example.org", ["handler@example.org"], null, draft, Received),
                Received, CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
        }

        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            var stored = await connection.QuerySingleAsync<string>("SELECT draft FROM outbox");
            Assert.That(stored, Does.Not.Contain("lekkage opnieuw").And.Contains("\"fromCase\":[\"complaintText\"]"));
        }
        var queued = (await outbox.DueAsync(Received, 10, CancellationToken.None)).Single();
        Assert.That(queued.Draft!.Model, Is.EqualTo(model));
    }

    // A draft with every kind of value a template gets: text (with a quote and an emoji), numbers, true/false, null, a list of models.
    private static MailDraft ADraft(int i, DateTimeOffset queued) => new("acknowledgement", i % 4 == 1 ? "en" : "nl", $"KL-2026-{i:D5}",
        new MailboxAddress(i % 3 == 0 ? null : $"Person \"{i}\" 😀", $"person{i}@example.nl"), i % 3 == 0 ? null : $"<complaint.{i}@example.nl>",
        i % 3 == 0 ? [] : [$"<earlier.{i}@example.nl>", $"<complaint.{i}@example.nl>"], queued,
        new Dictionary<string, object?>
        {
            ["caseNumber"] = $"KL-2026-{i:D5}",
            ["workingDaysLeft"] = i,
            ["complainantAgreed"] = i % 2 == 0,
            ["termDate"] = null,
            ["attachments"] = new List<Dictionary<string, object?>> { new() { ["fileName"] = $"foto {i}.jpg", ["size"] = "3 kB" } },
        });

    [Test]
    public async Task Worker_state_is_set_then_overwritten()
    {
        var database = await MigratedDatabaseAsync();
        var state = new WorkerStateRepository(database);

        await state.SetAsync("last-poll", "ok", Received, CancellationToken.None);
        await state.SetAsync("last-poll", "failed", Received.AddMinutes(1), CancellationToken.None);

        Assert.That(await state.GetAsync("last-poll", CancellationToken.None), Is.EqualTo(("failed", Received.AddMinutes(1))));
        Assert.That(await state.GetAsync("never-set", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task The_ledger_answers_the_intakes_batch_questions_and_lets_a_failed_message_be_retried()
    {
        var database = await MigratedDatabaseAsync();
        var ledger = new InboundMessageRepository(database);
        await using (var unit = await database.BeginAsync(CancellationToken.None))
        {
            await ledger.RecordAsync(unit, "imap:INBOX", new InboundRecord("7:1", "a@x", new string('1', 64), new byte[] { 1 }, MessageOutcome.Registered, null, null, Received), Received, CancellationToken.None);
            await ledger.RecordAsync(unit, "imap:INBOX", new InboundRecord("7:2", "b@x", new string('2', 64), new byte[] { 2 }, MessageOutcome.Failed, "unreadable", null, Received), Received, CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
        }

        var found = await ledger.FindManyAsync("imap:INBOX", ["7:1", "7:2", "7:3"], CancellationToken.None);
        Assert.That(found.Keys, Is.EquivalentTo(new[] { "7:1", "7:2" }));
        Assert.That(await ledger.KnownContentAsync([new string('1', 64), new string('2', 64), new string('3', 64)], CancellationToken.None),
            Is.EquivalentTo(new[] { new string('1', 64) }), "a failed message's bytes do not count as processed");

        await ledger.SetLocationsAsync("imap:INBOX", new Dictionary<string, string> { ["7:2"] = "Failed:9:44" }, CancellationToken.None);
        var failed = found["7:2"];
        Assert.That(await ledger.LocationAsync(failed.Id, CancellationToken.None), Is.EqualTo("Failed:9:44"));
        Assert.That(await ledger.MarkRetriedAsync(failed.Id, Received, CancellationToken.None), Is.True);
        Assert.That(await ledger.MarkRetriedAsync(failed.Id, Received, CancellationToken.None), Is.False, "only a failed message can be retried");
        Assert.That(await ledger.FindAsync("imap:INBOX", "7:2", CancellationToken.None), Is.Null, "its place is free for the next poll");
    }

    [Test]
    public async Task Cases_are_found_by_complainant_and_by_the_message_ids_they_sent_and_keep_attachments()
    {
        var database = await MigratedDatabaseAsync();
        var cases = new CaseRepository(database);
        var outbox = new OutboxRepository(database);
        Case registered;
        await using (var unit = await database.BeginAsync(CancellationToken.None))
        {
            registered = await RegisterOneAsync(cases, unit, ANewCase("Jan@Example.nl"), "KL", Received, CancellationToken.None);
            await outbox.EnqueueAsync(unit, new OutgoingMail("ack.1@example.org", registered.Id, MailKind.Acknowledgement, "k@example.org", ["jan@example.nl"], "x"u8.ToArray(), null, Received), Received, CancellationToken.None);
            await cases.AddAttachmentAsync(unit, registered.Id, null, new CaseAttachment("foto.jpg", "image/jpeg", 3, new string('c', 64)), new byte[] { 1, 2, 3 }, Received, CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
        }

        Assert.That((await cases.OfComplainantAsync("jan@example.NL", CancellationToken.None)).Select(c => c.Id), Is.EqualTo(new[] { registered.Id }));
        Assert.That(await outbox.CasesOfMessageIdsAsync(["ack.1@example.org", "other@example.org"], CancellationToken.None),
            Is.EqualTo(new Dictionary<string, long> { ["ack.1@example.org"] = registered.Id }));
        Assert.That(await cases.AttachmentsAsync(registered.Id, CancellationToken.None), Is.EqualTo(new[] { new CaseAttachment("foto.jpg", "image/jpeg", 3, new string('c', 64)) }));
        Assert.That((await cases.FindAsync(registered.Id, CancellationToken.None))?.Number, Is.EqualTo(registered.Number));
    }
}
