using Dapper;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Mailboxes;
using MailComplaints.Procedure;
using MailComplaints.Storage;
using MailComplaints.Testing;
using MailComplaints.Worker.Configuration;
using MailComplaints.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailComplaints.Worker.Tests.Intake;

/// <summary>The procedure's intake rules, end to end through the worker, with the clock held still.</summary>
public sealed class IntakeRulesTests(MailboxKind kind, StorageProvider provider) : IntakeFixture(kind, provider)
{
    [Test]
    public async Task A_complaint_about_an_event_more_than_two_weeks_before_receipt_is_rejected_as_late()
    {
        await DeliverAsync(Complaints.Message("""
            From: Jan de Vries <jan@example.nl>
            To: klachten@example.org
            Subject: Monteur niet gekomen
            Message-ID: <late@example.nl>
            """, "Geachte heer, mevrouw,\n\nOp 3 oktober 2026 zou de monteur komen voor de lekkage, maar hij is niet verschenen.\n\nMet vriendelijke groet,\nJan de Vries\ngeboren op 14 mei 1978"));

        await RunOnceAsync();

        var only = (await Worker.CasesAsync()).Single();
        Assert.That((only.GetProperty("status").GetString(), only.GetProperty("reason").GetString()), Is.EqualTo(("Rejected", "Late")));
        Assert.That(only.GetProperty("incidentDate").GetString(), Is.EqualTo("2026-10-03"));
        var reply = Worker.SentMails().Single();
        Assert.That(reply.To.Mailboxes.Single().Address, Is.EqualTo("jan@example.nl"));
        Assert.That(reply.Text(), Does.Contain("3 oktober 2026").And.Contain("14"));
    }

    [Test]
    public async Task A_complaint_about_yesterday_is_registered_with_its_incident_date()
    {
        await DeliverAsync(Complaints.Message("""
            From: Jan de Vries <jan@example.nl>
            To: klachten@example.org
            Subject: Storing
            Message-ID: <yesterday@example.nl>
            """, "Gisteren had ik de hele dag geen internet door een storing. Klant sinds 2019."));

        await RunOnceAsync();

        var only = (await Worker.CasesAsync()).Single();
        Assert.That(only.GetProperty("status").GetString(), Is.EqualTo("InHandling"));
        var received = WorkingDayCalendar.DateIn(only.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.That(only.GetProperty("incidentDate").GetString(), Is.EqualTo(received.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(only.GetProperty("language").GetString(), Is.EqualTo("nl"));
    }

    [Test]
    public async Task A_complaint_taken_in_after_its_acknowledgement_was_due_gets_a_term_from_today_and_the_acknowledgement_says_why()
    {
        // The worker was down for a month: the complaint waited in the mailbox.
        var today = (Kind == MailboxKind.Imap ? DateTimeOffset.UtcNow : new DateTimeOffset(Arrived)).AddDays(30);
        Worker.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(today);
        await DeliverAsync(Complaints.Dutch("waited@example.nl"));

        await RunOnceAsync();

        var only = (await Worker.CasesAsync()).Single();
        var takenIn = WorkingDayCalendar.DateIn(today);
        var termEnds = DateOnly.ParseExact(only.GetProperty("termEnds").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(termEnds, Is.EqualTo(WorkingDayCalendar.Statutory.EndOfTermInWeeks(takenIn, 6)), "a full term from the day it was taken in");
        var acknowledgement = Worker.SentMails().Single(mail => mail.MessageId!.StartsWith("acknowledgement.", StringComparison.Ordinal));
        Assert.That(acknowledgement.Text(), Does.Contain($"pas op {Templates.MailTemplates.FormatDate(takenIn, "nl")} in behandeling genomen")
            .And.Contain($"uiterlijk op {Templates.MailTemplates.FormatDate(termEnds, "nl")}"));
        Assert.That((await Worker.RunAsync("case", "show", "KL-2026-00001", "--json")).Output, Does.Contain("\"kind\":\"TakenInLate\""));
    }

    [Test]
    public async Task A_complaint_relayed_by_the_web_form_is_rejected_and_the_reply_goes_to_the_person_it_names()
    {
        Worker.Settings["Intake:OtherChannelSenders:0"] = "webformulier@example.org";
        await DeliverAsync(Complaints.Message("""
            From: Webformulier <webformulier@example.org>
            Reply-To: Piet Klager <piet@example.nl>
            To: klachten@example.org
            Subject: Klacht via de website
            Message-ID: <form-1@example.org>
            """, "Naam: Piet Klager\nKlacht: de monteur kwam niet opdagen."));

        await RunOnceAsync();

        var only = (await Worker.CasesAsync()).Single();
        Assert.That((only.GetProperty("status").GetString(), only.GetProperty("reason").GetString()), Is.EqualTo(("Rejected", "OtherChannel")));
        var reply = Worker.SentMails().Single();
        Assert.That(reply.To.Mailboxes.Single().Address, Is.EqualTo("piet@example.nl"));
        Assert.That(reply.Subject, Does.Contain("Dien uw klacht in per e-mail"));
        Assert.That(reply.Text(), Does.Contain("klachten@example.org"));
    }

    [Test]
    public async Task A_phone_note_forwarded_by_staff_is_recognised_by_its_header_marker()
    {
        Worker.Settings["Intake:OtherChannelHeaders:0"] = "X-Servicedesk-Channel: telefoon";
        await DeliverAsync(Complaints.Message("""
            From: Medewerker Servicedesk <servicedesk@example.org>
            To: klachten@example.org
            Subject: Telefoonnotitie klacht mevrouw Jansen
            X-Servicedesk-Channel: Telefoon
            Message-ID: <phone-1@example.org>
            """, "Mevrouw Jansen belde over de lekkage."));

        await RunOnceAsync();

        var only = (await Worker.CasesAsync()).Single();
        Assert.That(only.GetProperty("reason").GetString(), Is.EqualTo("OtherChannel"));
        Assert.That(Worker.SentMails(), Is.Empty, "the relay names no person to answer (no Reply-To)");
    }

    [Test]
    public async Task A_repeat_of_a_decided_complaint_is_answered_on_that_case_citing_its_decision_date_and_gets_no_number_of_its_own()
    {
        await DeliverAsync(Complaints.Dutch("first@example.nl"));
        await RunOnceAsync();
        await ResolveAsync("KL-2026-00001", new DateTimeOffset(2026, 11, 10, 15, 0, 0, TimeSpan.Zero));

        await DeliverAsync(Complaints.Message("""
            From: Jan de Vries <jan@example.nl>
            To: klachten@example.org
            Subject: RE: Lekkage in de badkamer niet verholpen
            Message-ID: <again@example.nl>
            """, "Ik klaag opnieuw over de lekkage."), Arrived.AddDays(8));
        await RunOnceAsync();

        var cases = await Worker.CasesAsync();
        Assert.That(cases.Select(c => (c.GetProperty("number").GetString(), c.GetProperty("status").GetString())), Is.EqualTo(new[] { ("KL-2026-00001", "Resolved") }));
        var reply = Worker.SentMails().Single(mail => mail.Subject!.Contains("al eerder behandeld", StringComparison.Ordinal));
        Assert.That(reply.Subject, Does.StartWith("[KL-2026-00001]"));
        Assert.That(reply.InReplyTo, Is.EqualTo("again@example.nl"));
        Assert.That(reply.Text(), Does.Contain("KL-2026-00001").And.Contain("10 november 2026").And.Not.Contain("KL-2026-00002"));
        var show = await Worker.RunAsync("case", "show", "KL-2026-00001", "--json");
        Assert.That(show.Output, Does.Contain("\"kind\":\"RepeatRejected\""));
    }

    [Test]
    public async Task A_repeat_while_the_case_is_open_is_added_to_it_the_handler_is_told_and_the_complainant_hears_where_it_went()
    {
        await DeliverAsync(Complaints.Dutch("first@example.nl"));
        await RunOnceAsync();

        await DeliverAsync(Repeat, Arrived.AddDays(1));
        await RunOnceAsync();

        Assert.That(await Worker.CasesAsync(), Has.Count.EqualTo(1));
        AssertTheHandlerGotTheRepeat();
        var answer = Worker.SentMails().Single(mail => mail.Subject!.Contains("toegevoegd aan uw klacht", StringComparison.Ordinal));
        Assert.That((answer.To.Mailboxes.Single().Address, answer.InReplyTo), Is.EqualTo(("jan@example.nl", "second@example.nl")));
        Assert.That(answer.Subject, Does.StartWith("[KL-2026-00001]"));
        Assert.That(answer.Text(), Does.Contain("Die klacht is nog in").And.Contain("KL-2026-00001"));
        var show = await Worker.RunAsync("case", "show", "KL-2026-00001", "--json");
        Assert.That(show.Output, Does.Contain("\"kind\":\"FollowUp\""));
    }

    [Test]
    public async Task A_repeat_arriving_together_with_the_complaint_is_added_to_its_new_case_not_registered_twice()
    {
        await DeliverAsync(Complaints.Dutch("first@example.nl"));
        await DeliverAsync(Repeat, Arrived.AddMinutes(1));
        await RunOnceAsync();

        var cases = await Worker.CasesAsync();
        Assert.That(cases.Select(c => c.GetProperty("number").GetString()), Is.EqualTo(new[] { "KL-2026-00001" }));
        AssertTheHandlerGotTheRepeat();
        Assert.That(Worker.SentMails().Where(mail => mail.To.Mailboxes.Single().Address == "jan@example.nl").Select(mail => mail.Subject![..16]),
            Is.EquivalentTo(new[] { "[KL-2026-00001] ", "[KL-2026-00001] " }), "the acknowledgement of the one case, and where the second mail went");
        var show = await Worker.RunAsync("case", "show", "KL-2026-00001", "--json");
        Assert.That(show.Output, Does.Contain("\"kind\":\"FollowUp\"").And.Contain("second@example.nl"));
    }

    [Test]
    public async Task A_reply_to_the_acknowledgement_is_added_to_the_case_and_never_becomes_a_new_one()
    {
        await DeliverAsync(Complaints.Dutch("first@example.nl"));
        await RunOnceAsync();
        var acknowledgement = Worker.SentMails().Single(mail => mail.To.Mailboxes.Single().Address != "klachtbehandelaar@example.org");

        await DeliverAsync(Complaints.Message($"""
            From: Jan de Vries <jan@example.nl>
            To: klachten@example.org
            Subject: Bedankt, en nog een foto
            In-Reply-To: <{acknowledgement.MessageId}>
            References: <first@example.nl> <{acknowledgement.MessageId}>
            Message-ID: <reply@example.nl>
            """, "Hierbij nog wat extra informatie."), Arrived.AddDays(1));
        await RunOnceAsync();

        Assert.That(await Worker.CasesAsync(), Has.Count.EqualTo(1));
        Assert.That(Worker.SentMails().Count(mail => mail.To.Mailboxes.Single().Address == "klachtbehandelaar@example.org"), Is.EqualTo(2), "the assignment, then the reply passed on");
    }

    [Test]
    public async Task A_stranger_copying_a_case_tag_into_the_subject_gets_no_access_to_that_case()
    {
        await DeliverAsync(Complaints.Dutch("first@example.nl"));
        await RunOnceAsync();

        await DeliverAsync(Complaints.Message("""
            From: Mallory <mallory@example.com>
            To: klachten@example.org
            Subject: [KL-2026-00001] Lekkage in de badkamer niet verholpen
            Message-ID: <stranger@example.com>
            """, "Ik wil ook klagen."), Arrived.AddDays(1));
        await RunOnceAsync();

        var cases = await Worker.CasesAsync();
        Assert.That(cases.Select(c => c.GetProperty("complainantAddress").GetString()), Is.EqualTo(new[] { "jan@example.nl", "mallory@example.com" }));
        Assert.That(Worker.SentMails().Any(mail => mail.Subject!.StartsWith("[KL-2026-00001] Nieuw bericht", StringComparison.Ordinal)), Is.False, "nothing was added to KL-2026-00001");
        Assert.That((await Worker.RunAsync("case", "show", "KL-2026-00001", "--json")).Output, Does.Not.Contain("\"kind\":\"FollowUp\""));
    }

    [Test]
    public async Task A_message_without_any_sender_goes_to_the_failed_folder_with_its_reason()
    {
        await DeliverAsync(Complaints.Message("""
            To: klachten@example.org
            Subject: Zonder afzender
            Message-ID: <nosender@example.nl>
            """, "Wie ben ik?"));

        await RunOnceAsync();

        Assert.That(await Worker.CasesAsync(), Is.Empty);
        Assert.That(await CountAsync("Failed"), Is.EqualTo(1));
        var status = await Worker.RunAsync("status", "--json");
        Assert.That(status.Output, Does.Contain("\"failedMessages\":1"));
    }

    [Test]
    public async Task A_crash_after_the_commit_and_before_the_move_registers_nothing_twice_and_queues_no_second_reply()
    {
        await DeliverAsync(Complaints.Dutch("first@example.nl"));
        Worker.ReplaceServices = services => services.Replace(ServiceDescriptor.Transient<IMailbox>(services =>
            new MoveFails(ComplaintServices.CreateMailbox(services, services.GetRequiredService<WorkerSettings>()))));

        var crashed = await Worker.RunAsync("run", "--once");
        Assert.That(crashed.ExitCode, Is.Not.Zero, "the simulated crash");
        Assert.That(await CountAsync("INBOX"), Is.EqualTo(1), "still in the inbox");

        Worker.ReplaceServices = null;
        await RunOnceAsync();

        Assert.That(await Worker.CasesAsync(), Has.Count.EqualTo(1));
        Assert.That(Worker.SentMails(), Has.Count.EqualTo(2), "one acknowledgement, one assignment");
        Assert.That(await CountAsync("Processed"), Is.EqualTo(1));
        Assert.That(await CountAsync("INBOX"), Is.Zero);
    }

    [Test]
    public async Task A_batch_that_fails_to_commit_stays_in_the_inbox_while_the_batch_before_it_is_moved_and_the_next_poll_finishes_the_rest()
    {
        await RunOnceAsync();
        // A real database fault, not a stand-in: a trigger refuses the complaint with this subject, so the second
        // batch of the poll (250 + 50 messages; this one arrives last) cannot commit.
        await ExecuteAsync(Database.Provider == StorageProvider.PostgreSql
            ? """
              CREATE FUNCTION refuse_poisoned() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'poisoned complaint refused'; END $$;
              CREATE TRIGGER poisoned BEFORE INSERT ON cases FOR EACH ROW WHEN (NEW.subject = 'Vergiftigd') EXECUTE FUNCTION refuse_poisoned();
              """
            : "CREATE TRIGGER poisoned BEFORE INSERT ON cases WHEN NEW.subject = 'Vergiftigd' BEGIN SELECT RAISE(ABORT, 'poisoned complaint refused'); END;");
        await DeliverAsync(Enumerable.Range(1, 299).Select(i => Complaints.Dutch($"complaint-{i}@example.nl", $"klager{i}@example.nl")));
        await DeliverAsync(Complaints.Message("""
            From: Piet Gif <piet@example.nl>
            To: klachten@example.org
            Subject: Vergiftigd
            Message-ID: <poisoned@example.nl>
            """, "Gisteren ging het mis."), Arrived.AddMinutes(1));

        var failed = await Worker.RunAsync("run", "--once");

        Assert.That(failed.ExitCode, Is.Not.Zero);
        Assert.That(failed.Output + failed.Error, Does.Contain("poisoned complaint refused"));
        Assert.That(await Worker.CasesAsync(), Has.Count.EqualTo(250), "the first batch is committed");
        Assert.That(await CountAsync("Processed"), Is.EqualTo(250), "and moved");
        Assert.That(await CountAsync("INBOX"), Is.EqualTo(50), "the failed batch is still in the inbox");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM inbound_messages WHERE location IS NOT NULL"), Is.EqualTo(250), "where the moved ones went is recorded");

        await ExecuteAsync(Database.Provider == StorageProvider.PostgreSql ? "DROP TRIGGER poisoned ON cases" : "DROP TRIGGER poisoned");
        await RunOnceAsync();

        var cases = await Worker.CasesAsync();
        Assert.That(cases.Select(c => c.GetProperty("number").GetString()).Distinct().Count(), Is.EqualTo(300));
        Assert.That(await CountAsync("Processed"), Is.EqualTo(300));
        Assert.That(await CountAsync("INBOX"), Is.Zero);
        var acknowledged = Worker.SentMails().Where(mail => mail.To.Mailboxes.Single().Address != "klachtbehandelaar@example.org").Select(mail => mail.To.Mailboxes.Single().Address).ToList();
        Assert.That(acknowledged, Has.Count.EqualTo(300).And.Unique, "one acknowledgement per complaint, none twice");
    }

    [Test]
    public async Task A_handlers_command_is_applied_to_the_case_as_it_is_at_the_commit_not_as_it_was_when_the_reply_was_read()
    {
        await DeliverAsync(Complaints.Dutch("first@example.nl"));
        await RunOnceAsync();
        var assignment = Worker.SentMails().Single(mail => mail.To.Mailboxes.Single().Address == "klachtbehandelaar@example.org");
        await DeliverAsync(Complaints.Message($"""
            From: Klachtbehandelaar <klachtbehandelaar@example.org>
            To: klachten@example.org
            Subject: Re: {assignment.Subject}
            In-Reply-To: <{assignment.MessageId}>
            References: <{assignment.MessageId}>
            Message-ID: <solution@example.org>
            """, "#oplossing De lekkage is verholpen."), Arrived.AddMinutes(1));

        // Another writer (a sweep, another worker) has changed the case and not yet committed when the intake reads
        // the handler's reply. The intake must write its change onto the case with that change in it.
        Task<InProcessWorker.Result> run;
        await using (var other = await Database.BeginAsync(CancellationToken.None))
        {
            await other.Connection.ExecuteAsync("UPDATE cases SET status = 'Escalated', status_reason = 'Director' WHERE number = 'KL-2026-00001'", transaction: other.Transaction);
            run = Task.Run(() => Worker.RunAsync("run", "--once"));
            if (Database.Provider == StorageProvider.PostgreSql)
            {
                // PostgreSQL shows the intake waiting for the case's row; SQLite's writer waits at BEGIN IMMEDIATE, where
                // either order of the two transactions must give the same result.
                await using var watch = await Database.OpenAsync(CancellationToken.None);
                await LockWaits.UntilASessionWaitsAsync(watch, LockWaits.PostgreSql, run, "the intake");
            }
            await other.CommitAsync(CancellationToken.None);
        }
        var result = await run;
        Assert.That(result.ExitCode, Is.Zero, result.Error);

        var @case = (await Worker.CasesAsync()).Single();
        Assert.That((@case.GetProperty("status").GetString(), @case.GetProperty("solution").GetString()), Is.EqualTo(("Escalated", "De lekkage is verholpen.")));
    }

    // The same complainant on the same matter again, while the first complaint is open.
    private static readonly byte[] Repeat = Complaints.Message("""
        From: Jan de Vries <jan@example.nl>
        To: klachten@example.org
        Subject: Lekkage in de badkamer niet verholpen
        Message-ID: <second@example.nl>
        """, "Nog steeds niets gehoord, en nu lekt het ook in de keuken.");

    private void AssertTheHandlerGotTheRepeat()
    {
        var notice = Worker.SentMails().Single(mail => mail.To.Mailboxes.Single().Address == "klachtbehandelaar@example.org" && mail.Subject!.Contains("Nieuw bericht", StringComparison.Ordinal));
        Assert.That(notice.Subject, Does.StartWith("[KL-2026-00001]"));
        Assert.That(notice.Text(), Does.Contain("lekt het ook in de keuken"));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    /// <summary>A mailbox that dies when it is asked to move: the moment between the commit and the move.</summary>
    private sealed class MoveFails(IMailbox inner) : IMailbox
    {
        public string Name => inner.Name;

        public Task<IReadOnlyList<MailboxMessage>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task FetchAsync(IReadOnlyList<MailboxMessage> messages, Func<MailboxMessage, Stream, CancellationToken, ValueTask> onMessage, CancellationToken cancellationToken) =>
            inner.FetchAsync(messages, onMessage, cancellationToken);

        public Task<IReadOnlyDictionary<string, string>> MoveAsync(IReadOnlyList<MailboxMove> moves, CancellationToken cancellationToken) =>
            throw new IOException("simulated crash between commit and move");

        public Task<bool> RestoreAsync(string location, CancellationToken cancellationToken) => inner.RestoreAsync(location, cancellationToken);

        public Task KeepSentCopyAsync(string folder, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) => inner.KeepSentCopyAsync(folder, message, cancellationToken);

        public Task<MailboxProbe> ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);

        public Task<bool> WaitForMailAsync(TimeSpan timeout, CancellationToken cancellationToken) => inner.WaitForMailAsync(timeout, cancellationToken);

        public Task<int> EraseAsync(IReadOnlyList<MailboxCopy> copies, CancellationToken cancellationToken) => inner.EraseAsync(copies, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
