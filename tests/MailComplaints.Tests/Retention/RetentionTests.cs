using Dapper;
using MailComplaints.Cases;
using MailComplaints.Mailboxes;
using MailComplaints.Procedure;
using MailComplaints.Retention;
using MailComplaints.Storage;
using MailComplaints.Testing;

namespace MailComplaints.Tests.Retention;

/// <summary>The retention period and the right to erasure, on SQLite and PostgreSQL (and SQL Server when one is given).</summary>
public sealed class RetentionTests(StorageProvider provider) : RetentionFixture(provider)
{
    private const string Jan = "jan.devries@example.nl";
    private const string JanName = "Jan de Vries";
    private const string Els = "els.bakker@example.nl";
    private const string ElsName = "Els Bakker";

    [Test]
    public async Task A_case_closed_two_years_ago_is_purged_and_one_closed_a_day_later_is_not_yet()
    {
        var early = await ComplaintAsync(Jan, JanName);
        await CloseAsync(early);
        MoveClockTo(Clock.GetUtcNow().AddDays(1));
        var later = await ComplaintAsync(Els, ElsName);
        await CloseAsync(later);

        MoveClockTo(Clock.GetUtcNow().AddYears(2).AddHours(-12));
        var report = await Purge().PurgeAsync(CancellationToken.None);

        Assert.That(report.Cases.Select(c => c.Number), Is.EqualTo(new[] { early.Number }));
        Assert.That(StoredBytes.Naming(await EverythingStoredAsync(), Jan, JanName), Is.Empty, "nothing of the purged complainant anywhere");
        Assert.That(StoredBytes.Naming(await EverythingStoredAsync(), Els, ElsName), Is.Not.Empty, "the case closed later is kept");
        Assert.That((await Cases.FindAsync(later.Id, CancellationToken.None))!.Complainant, Is.EqualTo(new Complainant(ElsName, Els)));
    }

    [Test]
    public async Task On_SQLite_the_database_files_themselves_keep_nothing_of_a_purged_complainant()
    {
        if (Provider != StorageProvider.Sqlite)
        {
            Assert.Ignore("PostgreSQL and SQL Server keep old row versions until they reuse the space (docs/retention.md).");
        }
        var @case = await ComplaintAsync(Jan, JanName);
        await CloseAsync(@case);
        MoveClockTo(Clock.GetUtcNow().AddYears(3));

        await Purge().PurgeAsync(CancellationToken.None);

        // The pool's connections stay open, as in the running worker: the write-ahead log is there and must be clean too.
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Settings.ConnectionString).DataSource;
        var files = Directory.GetFiles(Path.GetDirectoryName(file)!).Select(path => new StoredValue(path, File.ReadAllBytes(path))).ToList();
        Assert.That(files.Select(value => Path.GetFileName(value.Where)), Does.Contain("complaints.db").And.Contain("complaints.db-wal"));
        Assert.That(StoredBytes.Naming(files, Jan, JanName), Is.Empty);
    }

    [Test]
    public async Task An_open_case_is_never_purged_however_old_it_is()
    {
        var open = await ComplaintAsync(Jan, JanName);

        MoveClockTo(Clock.GetUtcNow().AddYears(5));

        Assert.That((await Purge().PreviewAsync(CancellationToken.None)).Cases, Is.Empty);
        Assert.That((await ReloadAsync(open)).Complainant.Address, Is.EqualTo(Jan));
    }

    [Test]
    public async Task A_purged_case_keeps_its_anonymous_record_and_loses_everything_that_names_or_quotes_the_complainant()
    {
        var @case = await ComplaintAsync(Jan, JanName);
        await CloseAsync(@case);
        await StepAsync((procedure, unit, c) => procedure.SetCategoryAsync(unit, c, "bejegening", Handler.Email, Clock.GetUtcNow(), default), @case);
        await StepAsync((procedure, unit, c) => procedure.RecordCauseAsync(unit, c, $"{JanName} werd onvriendelijk te woord gestaan.", Handler.Email, Clock.GetUtcNow(), default), @case);
        var closed = await ReloadAsync(@case);
        var kinds = await AuditAsync(@case);

        MoveClockTo(Clock.GetUtcNow().AddYears(2).AddDays(1));
        var report = await Purge().PurgeAsync(CancellationToken.None);

        Assert.That(report.CopiesDeleted, Is.EqualTo(7), "the complaint in Processed; the three mails in the pickup directory and in Sent");
        var purged = await ReloadAsync(@case);
        Assert.That(purged with { Complainant = closed.Complainant, Subject = closed.Subject, Description = closed.Description, Solution = closed.Solution, Cause = closed.Cause },
            Is.EqualTo(closed), "number, status, dates, handler, language, terms, channel, agreement, category: kept");
        Assert.That((purged.Complainant, purged.Subject, purged.Description, purged.Solution, purged.Cause, purged.Category),
            Is.EqualTo((new Complainant(null, ""), (string?)null, "", (string?)null, (string?)null, "bejegening")), "the handler's words may name the complainant");
        var events = await Cases.EventsAsync(@case.Id, CancellationToken.None);
        Assert.That(events.Select(e => e.Kind), Is.EqualTo(kinds.Append(nameof(CaseEventKind.Purged))), "the trail keeps every kind and time");
        Assert.That(events.SkipLast(1).Select(e => (e.Actor, e.Detail)), Is.All.EqualTo(((string?)null, (string?)null)));
        Assert.That(events[^1].Detail, Is.EqualTo("retention period over: 1 message(s), 3 mail(s), 1 attachment(s)"), "the acknowledgement, the assignment and the resolution");
        Assert.That(await Cases.AttachmentsAsync(@case.Id, CancellationToken.None), Is.Empty);
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        var message = await connection.QuerySingleAsync<(string Outcome, byte[] Raw, string? MessageId, string? Location)>(
            "SELECT outcome, raw, message_id, location FROM inbound_messages WHERE case_id = @Id", new { @case.Id });
        Assert.That((message.Outcome, message.Raw.Length, message.MessageId, message.Location), Is.EqualTo(("Registered", 0, (string?)null, (string?)null)), "the ledger still knows it was processed");
        Assert.That(await connection.QueryAsync<string>("SELECT kind FROM outbox WHERE case_id = @Id AND raw IS NULL AND draft IS NULL AND recipients = '' ORDER BY id", new { @case.Id }),
            Is.EqualTo(new[] { "Acknowledgement", "Assignment", "Resolution" }), "the mails keep their kinds and times");
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM cases WHERE purged_at IS NOT NULL AND erased_at IS NULL"), Is.EqualTo(1), "counted as purged");
    }

    [Test]
    public async Task Purging_again_finds_nothing_and_changes_nothing()
    {
        var @case = await ComplaintAsync(Jan, JanName);
        await CloseAsync(@case);
        MoveClockTo(Clock.GetUtcNow().AddYears(3));
        await Purge().PurgeAsync(CancellationToken.None);
        var after = await EverythingStoredAsync();

        var again = await Purge().PurgeAsync(CancellationToken.None);

        Assert.That(again.IsEmpty, Is.True);
        Assert.That((await EverythingStoredAsync()).Select(value => (value.Where, Convert.ToBase64String(value.Bytes))), Is.EqualTo(after.Select(value => (value.Where, Convert.ToBase64String(value.Bytes)))));
    }

    [Test]
    public async Task A_purge_that_stopped_after_deleting_the_copies_is_finished_by_the_next_one()
    {
        var @case = await ComplaintAsync(Jan, JanName);
        await CloseAsync(@case);
        MoveClockTo(Clock.GetUtcNow().AddYears(3));

        Assert.That(() => Purge(() => new StopsAfterErasing(Mailbox)).PurgeAsync(CancellationToken.None), Throws.InstanceOf<IOException>());
        Assert.That((await ReloadAsync(@case)).Complainant.Address, Is.EqualTo(Jan), "the database is as it was: the case is due again");
        var finished = await Purge().PurgeAsync(CancellationToken.None);

        Assert.That(finished.Cases.Select(c => c.Number), Is.EqualTo(new[] { @case.Number }));
        Assert.That(finished.CopiesDeleted, Is.EqualTo(3), "the mailbox's four copies went the first time; the three pickup files it did not reach go now");
        Assert.That(StoredBytes.Naming(await EverythingStoredAsync(), Jan, JanName), Is.Empty);
    }

    [Test]
    public async Task A_case_another_run_purged_first_is_left_out_of_the_report_and_keeps_its_one_audit_line()
    {
        var (first, second, due) = await TwoCasesDueAsync();
        await using var mailbox = Mailbox;
        await Erasure.EraseAsync(mailbox, [due[0]], LooseContent.None, ErasureReason.Retention, CancellationToken.None);

        var report = await Erasure.EraseAsync(mailbox, due, LooseContent.None, ErasureReason.Retention, CancellationToken.None);

        Assert.That(report.Cases.Select(c => c.Number), Is.EqualTo(new[] { second.Number }));
        Assert.That(await AuditAsync(first), Has.Exactly(1).EqualTo(nameof(CaseEventKind.Purged)));
        Assert.That(await AuditAsync(second), Has.Exactly(1).EqualTo(nameof(CaseEventKind.Purged)));
        Assert.That(StoredBytes.Naming(await EverythingStoredAsync(), Jan, JanName, Els, ElsName), Is.Empty);
    }

    [Test]
    public async Task A_case_another_run_marks_while_this_one_waits_for_it_is_left_to_that_run()
    {
        var (first, second, due) = await TwoCasesDueAsync();
        await using var mailbox = Mailbox;

        Task<ErasureReport> erasure;
        await using (var otherRun = await Database.BeginAsync(CancellationToken.None))
        {
            Assert.That(await Retention.MarkPurgedAsync(otherRun, [first.Id], Clock.GetUtcNow(), CancellationToken.None), Is.EqualTo(new[] { first.Id }));
            erasure = Task.Run(() => Erasure.EraseAsync(mailbox, due, LooseContent.None, ErasureReason.Retention, CancellationToken.None));
            await UntilASessionWaitsForALockAsync(erasure, "the erasure");
            await otherRun.CommitAsync(CancellationToken.None);
        }
        var report = await erasure;

        Assert.That(report.Cases.Select(c => c.Number), Is.EqualTo(new[] { second.Number }));
        Assert.That((await ReloadAsync(first)).Complainant.Address, Is.EqualTo(Jan), "the run that marked it erases it in its own transaction");
        Assert.That(await AuditAsync(first), Does.Not.Contain(nameof(CaseEventKind.Purged)));
        Assert.That(await AuditAsync(second), Has.Exactly(1).EqualTo(nameof(CaseEventKind.Purged)));
    }

    // Jan's case and Els's, closed three years ago, and what each holds: due to be purged.
    private async Task<(Case First, Case Second, IReadOnlyList<CaseContent> Due)> TwoCasesDueAsync()
    {
        var first = await ComplaintAsync(Jan, JanName);
        await CloseAsync(first);
        var second = await ComplaintAsync(Els, ElsName);
        await CloseAsync(second);
        MoveClockTo(Clock.GetUtcNow().AddYears(3));
        return (first, second, await Retention.ContentsAsync([first.Id, second.Id], CancellationToken.None));
    }

    [Test]
    public async Task Messages_and_mails_of_no_case_are_purged_after_the_retention_period()
    {
        var old = await MessageOfNoCaseAsync("oud@example.nl");
        MoveClockTo(Clock.GetUtcNow().AddYears(1));
        var recent = await MessageOfNoCaseAsync("recent@example.nl");
        MoveClockTo(Clock.GetUtcNow().AddYears(1).AddDays(1));

        var report = await Purge().PurgeAsync(CancellationToken.None);

        Assert.That((report.LooseMessages, report.CopiesDeleted), Is.EqualTo((1, 1)));
        var stored = await EverythingStoredAsync();
        Assert.That(StoredBytes.Naming(stored, "oud@example.nl"), Is.Empty);
        Assert.That(StoredBytes.Naming(stored, "recent@example.nl"), Is.Not.Empty);
        Assert.That(old, Is.LessThan(recent));
    }

    [Test]
    public async Task Erasure_is_refused_while_a_case_of_the_complainant_is_open_and_changes_nothing()
    {
        var closed = await ComplaintAsync(Jan, JanName);
        await CloseAsync(closed);
        var open = await ComplaintAsync(Jan, JanName);
        var before = await EverythingStoredAsync();

        var outcome = await PersonErasure.EraseAsync(Jan, force: false, CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(new ErasureOutcome.Refused([open.Number])).Using<ErasureOutcome>((a, b) =>
            a is ErasureOutcome.Refused x && b is ErasureOutcome.Refused y && x.OpenCases.SequenceEqual(y.OpenCases)));
        Assert.That((await EverythingStoredAsync()).Select(value => value.Where), Is.EqualTo(before.Select(value => value.Where)));
        Assert.That(StoredBytes.Naming(await EverythingStoredAsync(), Jan), Has.Count.EqualTo(StoredBytes.Naming(before, Jan).Count));
    }

    [Test]
    public async Task Forced_erasure_closes_the_open_case_as_withdrawn_its_deadlines_cancelled_and_its_waiting_mails_never_sent()
    {
        var open = await ComplaintAsync(Jan, JanName);
        await StepAsync((procedure, unit, c) => procedure.NoteAsync(unit, c, "Jan de Vries gebeld", Handler.Email, Clock.GetUtcNow(), default), open);
        await StepAsync((procedure, unit, c) => procedure.EscalateAsync(unit, c, EscalationCause.HandlerRequest, Handler, Handler.Email, CaseThread.None, Clock.GetUtcNow(), default), open);

        var outcome = await PersonErasure.EraseAsync(Jan.ToUpperInvariant(), force: true, CancellationToken.None);

        Assert.That(outcome, Is.InstanceOf<ErasureOutcome.Erased>());
        var erased = await ReloadAsync(open);
        Assert.That((erased.Status, erased.ClosedAt), Is.EqualTo((CaseStatus.Withdrawn, (DateTimeOffset?)Clock.GetUtcNow())));
        Assert.That(await PendingDeadlinesAsync(open), Is.Empty);
        Assert.That(await SendOutboxAsync(), Is.Zero, "the escalation mails waiting in the outbox are withheld");
        var line = (await Cases.EventsAsync(open.Id, CancellationToken.None))[^1];
        Assert.That((line.Kind, line.Actor), Is.EqualTo((nameof(CaseEventKind.Erased), (string?)"operator")));
        Assert.That(line.Detail, Does.Contain("right to erasure").And.Contain("the open case was closed").And.Not.Contain("@"));
        Assert.That(StoredBytes.Naming(await EverythingStoredAsync(), Jan, JanName), Is.Empty);
    }

    [Test]
    public async Task Erasure_reaches_every_case_of_the_complainant_and_the_messages_of_no_case_that_name_them_and_leaves_others_alone()
    {
        var first = await ComplaintAsync(Jan, JanName);
        await CloseAsync(first);
        var second = await ComplaintAsync(Jan, JanName);
        await CloseAsync(second);
        var other = await ComplaintAsync(Els, ElsName);
        await MessageOfNoCaseAsync($"Afwezig: {JanName} is tot maandag niet bereikbaar");
        await MessageOfNoCaseAsync($"Re: [{second.Number}] Afwezig");
        await MessageOfNoCaseAsync("Afwezig: Jan de Vriesland is op vakantie");
        await MessageOfNoCaseAsync($"Re: [{second.Number}0] Afwezig");

        var found = await PersonErasure.FindAsync(Jan, CancellationToken.None);
        var outcome = await PersonErasure.EraseAsync(Jan, force: false, CancellationToken.None);

        Assert.That(found.Cases.Select(c => c.Number), Is.EqualTo(new[] { first.Number, second.Number }));
        var report = ((ErasureOutcome.Erased)outcome).Report;
        Assert.That((report.Cases.Count, report.LooseMessages, report.LooseMails), Is.EqualTo((2, 2, 0)), "both cases, the two messages of no case that name him");
        var stored = await EverythingStoredAsync();
        Assert.That(StoredBytes.Naming(stored, Jan, JanName), Is.EqualTo(StoredBytes.Naming(stored, "Jan de Vriesland")), "only the one that merely looks alike remains");
        var notTheRecord = stored.Where(value => !value.Where.StartsWith("cases.number", StringComparison.Ordinal)).ToList();
        Assert.That(StoredBytes.Naming(notTheRecord, first.Number.ToString(), second.Number.ToString()), Is.EqualTo(StoredBytes.Naming(notTheRecord, $"{second.Number}0")),
            "their case numbers stay in the anonymous record only");
        Assert.That(StoredBytes.Naming(stored, Els, ElsName), Is.Not.Empty);
        Assert.That((await ReloadAsync(other)).Complainant, Is.EqualTo(new Complainant(ElsName, Els)));
        Assert.That((await PersonErasure.EraseAsync(Jan, force: false, CancellationToken.None)) is ErasureOutcome.Erased { Report.IsEmpty: true }, "erasing again finds nothing");
    }
}

/// <summary>A mailbox whose erasure is done and then the process dies: the moment between the copies and the database.</summary>
internal sealed class StopsAfterErasing(IMailbox inner) : IMailbox
{
    public string Name => inner.Name;

    public async Task<int> EraseAsync(IReadOnlyList<MailboxCopy> copies, CancellationToken cancellationToken)
    {
        await inner.EraseAsync(copies, cancellationToken);
        throw new IOException("simulated crash after the copies were deleted");
    }

    public Task<IReadOnlyList<MailboxMessage>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task FetchAsync(IReadOnlyList<MailboxMessage> messages, Func<MailboxMessage, Stream, CancellationToken, ValueTask> onMessage, CancellationToken cancellationToken) =>
        inner.FetchAsync(messages, onMessage, cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> MoveAsync(IReadOnlyList<MailboxMove> moves, CancellationToken cancellationToken) => inner.MoveAsync(moves, cancellationToken);

    public Task<bool> RestoreAsync(string location, CancellationToken cancellationToken) => inner.RestoreAsync(location, cancellationToken);

    public Task KeepSentCopyAsync(string folder, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) => inner.KeepSentCopyAsync(folder, message, cancellationToken);

    public Task<MailboxProbe> ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);

    public Task<bool> WaitForMailAsync(TimeSpan timeout, CancellationToken cancellationToken) => inner.WaitForMailAsync(timeout, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
