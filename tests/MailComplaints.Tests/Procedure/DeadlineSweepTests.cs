using Dapper;
using MailComplaints.Cases;
using MailComplaints.Procedure;
using MailComplaints.Storage;
using MailComplaints.Testing;

namespace MailComplaints.Tests.Procedure;

/// <summary>
/// The clock: deadlines fire at the first sweep on or after their day (Amsterdam), once each. The complaint comes
/// in on Tuesday 16 February 2027; six weeks later is Tuesday 30 March, the day after Easter Monday, so the
/// reminder five working days earlier skips Easter Monday and Good Friday and falls on Friday 19 March.
/// </summary>
public sealed class DeadlineSweepTests(StorageProvider provider) : ProcedureFixture(provider)
{
    [SetUp]
    public Task StartOnTuesday16February2027() => StartAsync(Amsterdam(2027, 2, 16));

    private async Task<Case> LodgeAndAcknowledgeAsync(ProcedureSettings? settings = null)
    {
        var lodged = await LodgeAsync(settings);
        Assert.That(await SendOutboxAsync(), Is.EqualTo(2), "acknowledgement and assignment leave");
        return await ReloadAsync(lodged);
    }

    private async Task<IReadOnlyList<(string Kind, string To)>> NewMailsAsync(Case @case, int skip) => (await MailsOfAsync(@case)).Skip(skip).ToList();

    [Test]
    public async Task The_reminder_fires_on_the_fifth_working_day_before_the_term_end_counting_past_Easter()
    {
        var lodged = await LodgeAndAcknowledgeAsync();
        Assert.That(lodged.TermEnds, Is.EqualTo(new DateOnly(2027, 3, 30)));
        Assert.That(lodged.Status, Is.EqualTo(CaseStatus.InHandling), "the acknowledgement left");

        MoveClockTo(Amsterdam(2027, 3, 18, 23, 59));
        Assert.That(await Sweep().FireDueAsync(default), Is.Zero, "Thursday 18 March, late in the evening: not yet");
        MoveClockTo(Amsterdam(2027, 3, 19, 0, 30));
        Assert.That(await Sweep().FireDueAsync(default), Is.EqualTo(1), "Friday 19 March just after midnight in Amsterdam (still the 18th in UTC)");

        Assert.That(await NewMailsAsync(lodged, 2), Is.EqualTo(new[] { ("Reminder", Handler.Email) }));
        Assert.That(await TextOfLastAsync(lodged, "Reminder"), Does.Contain("30 maart 2027"));
    }

    [Test]
    public async Task At_the_end_of_the_term_the_case_goes_to_the_director_and_the_complainant_is_told()
    {
        var lodged = await LodgeAndAcknowledgeAsync();
        MoveClockTo(Amsterdam(2027, 3, 19, 7));
        await Sweep().FireDueAsync(default);
        MoveClockTo(Amsterdam(2027, 3, 29, 7));
        Assert.That(await Sweep().FireDueAsync(default), Is.Zero, "Easter Monday: the term has not ended");

        MoveClockTo(Amsterdam(2027, 3, 30, 7));
        Assert.That(await Sweep().FireDueAsync(default), Is.EqualTo(1));

        var escalated = await ReloadAsync(lodged);
        Assert.That((escalated.Status, escalated.TermEnds), Is.EqualTo((CaseStatus.Escalated, (DateOnly?)new DateOnly(2027, 4, 30))));
        Assert.That(await NewMailsAsync(lodged, 3), Is.EqualTo(new[] { ("EscalationDirector", Director.Email), ("Escalation", Complainant) }));
        Assert.That(await AuditAsync(lodged), Does.Contain("DeadlineTermEnd").And.Contain("Escalated"));
    }

    [Test]
    public async Task Without_an_extension_handler_and_director_are_alarmed_before_the_maximum_term()
    {
        var lodged = await LodgeAndAcknowledgeAsync();
        // The handler sets the term to the maximum: 16 May is a Sunday, 17 May Whit Monday, so Tuesday 18 May.
        var step = await StepAsync((procedure, unit, @case) => procedure.SetTermAsync(unit, @case, new DateOnly(2027, 5, 18), Handler.Email, Clock.GetUtcNow(), default), lodged);
        Assert.That(step.Applied, Is.True, step.Note.ToString());
        MoveClockTo(Amsterdam(2027, 5, 7, 7));
        await Sweep().FireDueAsync(default);
        var before = (await MailsOfAsync(lodged)).Count;

        MoveClockTo(Amsterdam(2027, 5, 10, 7));
        Assert.That(await Sweep().FireDueAsync(default), Is.EqualTo(2), "Monday 10 May: five working days before 18 May (Whit Monday not counted), with the reminder");

        Assert.That(await NewMailsAsync(lodged, before), Is.EqualTo(new[] { ("TermAlarm", Handler.Email), ("TermAlarm", Director.Email), ("Reminder", Handler.Email) }));
        Assert.That(await TextOfLastAsync(lodged, "TermAlarm"), Does.Contain("18 mei 2027"));
        Assert.That(await TextOfLastAsync(lodged, "TermAlarm"), Does.Contain("Beste Dirk Directeur,").And.Contain("Behandelaar: Henk Behandelaar"),
            "the director's copy greets the director and names the handler");
    }

    [Test]
    public async Task The_acknowledgement_alarm_goes_to_the_director_only_when_the_acknowledgement_is_not_out()
    {
        var acknowledged = await LodgeAndAcknowledgeAsync();
        var stuck = await LodgeAsync(complainant: "piet@example.nl");

        MoveClockTo(Amsterdam(2027, 2, 17, 7));
        Assert.That(await Sweep().FireDueAsync(default), Is.EqualTo(1));

        Assert.That(await NewMailsAsync(acknowledged, 2), Is.Empty);
        Assert.That(await NewMailsAsync(stuck, 2), Is.EqualTo(new[] { ("AcknowledgementLate", Director.Email) }));
        Assert.That(await TextOfLastAsync(stuck, "AcknowledgementLate"), Does.Contain("Beste Dirk Directeur,").And.Not.Contain("Beste Henk"));
        Assert.That(await AuditAsync(acknowledged), Does.Contain("DeadlineAcknowledgementAlarm"), "it fired, without effect");
    }

    [Test]
    public async Task An_acknowledgement_that_went_out_after_the_alarm_day_is_still_reported_to_the_director()
    {
        var late = await LodgeAsync();
        MoveClockTo(Amsterdam(2027, 2, 18, 9));
        Assert.That(await SendOutboxAsync(), Is.EqualTo(2), "the worker was down: the acknowledgement leaves a day after the alarm day, before the sweep");

        Assert.That(await Sweep().FireDueAsync(default), Is.EqualTo(1));

        Assert.That(await NewMailsAsync(late, 2), Is.EqualTo(new[] { ("AcknowledgementLate", Director.Email) }), "the bound was missed: the director hears it");
        Assert.That(await TextOfLastAsync(late, "AcknowledgementLate"), Does.Contain("is pas op 18 februari 2027 verstuurd, na de alarmdag"));
    }

    [Test]
    public async Task With_a_confirmation_bound_the_director_hears_when_the_complainant_did_not_have_the_confirmation_in_time()
    {
        var university = ProcedureSettings.Default with { DirectorConfirmationWorkingDays = 2 };
        var stuck = await LodgeAndAcknowledgeAsync(university);
        var confirmed = await LodgeAsync(university, complainant: "piet@example.nl");
        await SendOutboxAsync();
        MoveClockTo(Amsterdam(2027, 2, 18, 10));
        // The second case's escalation mails leave at once; the first case's confirmation to the complainant is held up.
        await EscalateAsync(confirmed, university);
        await SendOutboxAsync();
        await EscalateAsync(stuck, university);
        Assert.That(await PendingDeadlinesAsync(stuck), Does.Contain((DeadlineKind.DirectorConfirmationAlarm, new DateOnly(2027, 2, 22))), "Thursday + 2 working days: Monday");

        MoveClockTo(Amsterdam(2027, 2, 22, 7));
        await Sweep(university).FireDueAsync(default);

        Assert.That((await MailsOfAsync(stuck)).Where(mail => mail.Kind == "DirectorConfirmationLate"), Is.EqualTo(new[] { ("DirectorConfirmationLate", Director.Email) }));
        Assert.That(await TextOfLastAsync(stuck, "DirectorConfirmationLate"), Does.Contain("Beste Dirk Directeur,").And.Contain("is nog niet verstuurd").And.Contain("22 februari 2027"));
        Assert.That((await MailsOfAsync(confirmed)).Select(mail => mail.Kind), Has.None.EqualTo("DirectorConfirmationLate"));
        Assert.That(await AuditAsync(confirmed), Does.Contain("DeadlineDirectorConfirmationAlarm"), "it fired, without effect");
    }

    private async Task EscalateAsync(Case @case, ProcedureSettings settings)
    {
        var step = await StepAsync((procedure, unit, current) => procedure.EscalateAsync(unit, current, EscalationCause.HandlerRequest, Handler, Handler.Email,
            new CaseThread(null, []), Clock.GetUtcNow(), default), @case, settings);
        Assert.That(step.Applied, Is.True, step.Note.ToString());
    }

    [Test]
    public async Task Each_deadline_fires_once_also_when_two_sweeps_race()
    {
        var lodged = await LodgeAndAcknowledgeAsync();
        MoveClockTo(Amsterdam(2027, 3, 19, 7));

        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Sweep().FireDueAsync(default))));
        var again = await Sweep().FireDueAsync(default);

        Assert.That((counts.Sum(), again), Is.EqualTo((1, 0)));
        Assert.That(await NewMailsAsync(lodged, 2), Is.EqualTo(new[] { ("Reminder", Handler.Email) }));
    }

    [Test]
    public async Task A_deadline_that_cannot_fire_holds_up_no_other_and_fires_at_a_later_sweep()
    {
        var failing = await LodgeAndAcknowledgeAsync();
        var other = await LodgeAsync(complainant: "piet@example.nl");
        Assert.That(await SendOutboxAsync(), Is.EqualTo(2));
        MoveClockTo(Amsterdam(2027, 3, 19, 7));

        await RefuseMailsOfAsync(failing);
        Assert.That(await Sweep().FireDueAsync(default), Is.EqualTo(1), "the other case's reminder; both were in one batch");
        Assert.That(await NewMailsAsync(other, 2), Is.EqualTo(new[] { ("Reminder", Handler.Email) }));
        Assert.That(await NewMailsAsync(failing, 2), Is.Empty);
        Assert.That(await PendingDeadlinesAsync(failing), Does.Contain((DeadlineKind.Reminder, new DateOnly(2027, 3, 19))));

        await AcceptMailsAsync();
        Assert.That(await Sweep().FireDueAsync(default), Is.EqualTo(1), "the reminder that could not fire before");
        Assert.That(await NewMailsAsync(failing, 2), Is.EqualTo(new[] { ("Reminder", Handler.Email) }));
        Assert.That(await NewMailsAsync(other, 2), Has.Count.EqualTo(1), "the other case is not reminded twice");
    }

    // A database that refuses the mails of one case, as a full disk or a broken constraint would: a trigger that fails the insert.
    private async Task RefuseMailsOfAsync(Case @case)
    {
        await using var connection = await Database.OpenAsync(default);
        foreach (var sql in Provider switch
        {
            StorageProvider.PostgreSql =>
            [
                "CREATE FUNCTION refuse_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the outbox refuses this mail'; END $$",
                $"CREATE TRIGGER refuse_mails BEFORE INSERT ON outbox FOR EACH ROW WHEN (NEW.case_id = {@case.Id}) EXECUTE FUNCTION refuse_mail()",
            ],
            StorageProvider.SqlServer =>
                [$"CREATE TRIGGER refuse_mails ON outbox AFTER INSERT AS IF EXISTS (SELECT 1 FROM inserted WHERE case_id = {@case.Id}) THROW 50000, 'the outbox refuses this mail', 1;"],
            _ => new[] { $"CREATE TRIGGER refuse_mails BEFORE INSERT ON outbox WHEN NEW.case_id = {@case.Id} BEGIN SELECT RAISE(ABORT, 'the outbox refuses this mail'); END" },
        })
        {
            await connection.ExecuteAsync(sql);
        }
    }

    private async Task AcceptMailsAsync()
    {
        await using var connection = await Database.OpenAsync(default);
        await connection.ExecuteAsync(Provider == StorageProvider.PostgreSql ? "DROP TRIGGER refuse_mails ON outbox" : "DROP TRIGGER refuse_mails");
    }

    [Test]
    public async Task A_handlers_change_committed_while_the_sweep_waits_for_the_case_is_kept()
    {
        var lodged = await LodgeAndAcknowledgeAsync();
        MoveClockTo(Amsterdam(2027, 3, 19, 7));
        Assert.That(await Sweep().FireDueAsync(default), Is.EqualTo(1), "the reminder");
        MoveClockTo(Amsterdam(2027, 3, 30, 7));

        // The term ends while the handler's solution is written but not yet committed. The sweep escalates the case
        // and writes it back whole; it must do so on the case with the solution in it, not on a copy read before.
        var seen = await ReloadAsync(lodged);
        await using (var handlerUnit = await Database.BeginAsync(default))
        {
            var step = await Procedure().RecordSolutionAsync(handlerUnit, seen, "De lekkage is verholpen.", Handler.Email, Clock.GetUtcNow(), default);
            Assert.That(step.Applied, Is.True, step.Note.ToString());
            var sweep = Task.Run(() => Sweep().FireDueAsync(default));
            await UntilASessionWaitsForALockAsync(sweep, "the sweep");
            await handlerUnit.CommitAsync(default);
            Assert.That(await sweep, Is.EqualTo(1), "the term end");
        }

        var after = await ReloadAsync(lodged);
        Assert.That((after.Status, after.Solution), Is.EqualTo((CaseStatus.Escalated, "De lekkage is verholpen.")));
    }

    [Test]
    public async Task Deadlines_missed_while_the_worker_was_down_fire_at_the_next_sweep_in_order()
    {
        var lodged = await LodgeAsync();

        MoveClockTo(Amsterdam(2027, 4, 6, 7));
        var fired = await Sweep().FireDueAsync(default);

        Assert.That(fired, Is.EqualTo(3), "acknowledgement alarm, reminder, term end; the maximum-term alarm is not due yet");
        Assert.That(await NewMailsAsync(lodged, 2), Is.EqualTo(new[]
        {
            ("AcknowledgementLate", Director.Email), ("Reminder", Handler.Email), ("EscalationDirector", Director.Email), ("Escalation", Complainant),
        }));
        Assert.That(await PendingDeadlinesAsync(lodged), Is.EqualTo(new[] { (DeadlineKind.DirectorTermEnd, new DateOnly(2027, 5, 6).AddDays(1)) }),
            "the director's month from 6 April ends on Ascension Day, so Friday 7 May");
    }

    [Test]
    public async Task A_closed_case_has_no_deadlines_left_to_fire()
    {
        var lodged = await LodgeAndAcknowledgeAsync();
        await StepAsync((procedure, unit, @case) => procedure.RecordSolutionAsync(unit, @case, "Opgelost.", Handler.Email, Clock.GetUtcNow(), default), lodged);
        await StepAsync((procedure, unit, @case) => procedure.CloseAsync(unit, @case, Handler.Email, CaseThread.None, Clock.GetUtcNow(), default), lodged);
        var mails = (await MailsOfAsync(lodged)).Count;

        MoveClockTo(Amsterdam(2027, 8, 2, 7));

        Assert.That(await Sweep().FireDueAsync(default), Is.Zero);
        Assert.That((await MailsOfAsync(lodged)).Count, Is.EqualTo(mails));
        Assert.That((await Deadlines.ForCaseAsync(lodged.Id, default)).Select(d => d.State), Is.All.EqualTo("Cancelled"));
    }

    [Test]
    public async Task At_the_end_of_the_directors_term_the_director_is_reminded()
    {
        var lodged = await LodgeAndAcknowledgeAsync();
        MoveClockTo(Amsterdam(2027, 3, 30, 7));
        await Sweep().FireDueAsync(default);
        var before = (await MailsOfAsync(lodged)).Count;

        MoveClockTo(Amsterdam(2027, 4, 30, 7));
        Assert.That(await Sweep().FireDueAsync(default), Is.EqualTo(1));

        Assert.That(await NewMailsAsync(lodged, before), Is.EqualTo(new[] { ("Reminder", Director.Email) }));
        Assert.That((await ReloadAsync(lodged)).Status, Is.EqualTo(CaseStatus.Escalated));
    }

    [Test]
    public async Task At_the_end_of_the_directors_term_the_university_refers_the_case_to_its_board()
    {
        var university = ProcedureSettings.Default with
        {
            CaseNumberPrefix = "IT", AcknowledgeWithinWorkingDays = 2, HandlingTermWeeks = 4, ReminderWorkingDays = 3, DirectorTerm = new Term(4, TermUnit.Weeks),
            ReferAtDirectorTermEnd = true, ThirdParty = new ThirdParty("College van Bestuur", "Postbus 1, 1000 AA Amsterdam", null),
        };
        var lodged = await LodgeAndAcknowledgeAsync(university);
        Assert.That(lodged.TermEnds, Is.EqualTo(new DateOnly(2027, 3, 16)));
        MoveClockTo(Amsterdam(2027, 3, 16, 7));
        await Sweep(university).FireDueAsync(default);
        Assert.That((await ReloadAsync(lodged)).TermEnds, Is.EqualTo(new DateOnly(2027, 4, 13)), "four weeks from 16 March");
        MoveClockTo(Amsterdam(2027, 4, 12, 7));
        Assert.That(await Sweep(university).FireDueAsync(default), Is.Zero);

        MoveClockTo(Amsterdam(2027, 4, 13, 7));
        Assert.That(await Sweep(university).FireDueAsync(default), Is.EqualTo(1));

        Assert.That((await ReloadAsync(lodged)).Status, Is.EqualTo(CaseStatus.Referred));
        Assert.That((await MailsOfAsync(lodged))[^1], Is.EqualTo(("Referral", Complainant)));
        Assert.That(await TextOfLastAsync(lodged, "Referral"), Does.Contain("College van Bestuur"));
    }
}
