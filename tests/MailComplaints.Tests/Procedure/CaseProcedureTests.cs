using MailComplaints.Cases;
using MailComplaints.Procedure;
using MailComplaints.Storage;

namespace MailComplaints.Tests.Procedure;

/// <summary>
/// The procedure's steps on a case as a handler's command or the clock takes them, on every provider. The
/// complaint comes in on Tuesday 16 March 2027: six weeks later is Koningsdag (Tuesday 27 April 2027), so the
/// handling term ends on Wednesday 28 April; three months later is Wednesday 16 June 2027.
/// </summary>
public sealed class CaseProcedureTests(StorageProvider provider) : ProcedureFixture(provider)
{
    private static readonly DateOnly TermEnds = new(2027, 4, 28);
    private static readonly DateOnly MaximumTerm = new(2027, 6, 16);

    [SetUp]
    public Task StartOnTuesday16March2027() => StartAsync(Amsterdam(2027, 3, 16));

    [Test]
    public async Task Opening_queues_acknowledgement_and_assignment_and_schedules_every_deadline_around_Koningsdag()
    {
        var lodged = await LodgeAsync();

        Assert.That(lodged.TermEnds, Is.EqualTo(TermEnds), "6 weeks end on Koningsdag, moved to the next working day");
        Assert.That(await MailsOfAsync(lodged), Is.EqualTo(new[] { ("Acknowledgement", Complainant), ("Assignment", Handler.Email) }));
        Assert.That(await TextOfLastAsync(lodged, "Acknowledgement"), Does.Contain("KL-2027-00001").And.Contain("28 april 2027"));
        Assert.That(await PendingDeadlinesAsync(lodged), Is.EqualTo(new[]
        {
            (DeadlineKind.AcknowledgementAlarm, new DateOnly(2027, 3, 17)),
            (DeadlineKind.Reminder, new DateOnly(2027, 4, 20)),
            (DeadlineKind.TermEnd, TermEnds),
            (DeadlineKind.MaximumTermAlarm, new DateOnly(2027, 6, 9)),
        }));
    }

    [Test]
    public async Task A_relayed_complaint_is_acknowledged_to_the_complainant_and_back_through_the_relay()
    {
        var lodged = await LodgeAsync(relay: "servicedesk@example.edu");

        Assert.That(await MailsOfAsync(lodged), Is.EqualTo(new[]
        {
            ("Acknowledgement", Complainant), ("AcknowledgementChannel", "servicedesk@example.edu"), ("Assignment", Handler.Email),
        }));
        Assert.That(await TextOfLastAsync(lodged, "AcknowledgementChannel"), Does.Contain("KL-2027-00001").And.Contain("28 april 2027"));
    }

    [Test]
    public async Task A_term_within_the_maximum_is_set_and_moves_the_reminder_and_the_term_end()
    {
        var lodged = await LodgeAsync();

        var step = await StepAsync((procedure, unit, @case) => procedure.SetTermAsync(unit, @case, new DateOnly(2027, 5, 29), Handler.Email, Clock.GetUtcNow(), default), lodged);

        Assert.That(step.Applied, Is.True, step.Note.ToString());
        Assert.That(step.Note, Is.EqualTo(new StepNote(StepOutcome.TermSet) { Written = new DateOnly(2027, 5, 29), Date = new DateOnly(2027, 5, 31), Previous = TermEnds }),
            "Saturday 29 May moves to Monday 31 May");
        Assert.That((await ReloadAsync(lodged)).TermEnds, Is.EqualTo(new DateOnly(2027, 5, 31)));
        Assert.That(await PendingDeadlinesAsync(lodged), Is.EqualTo(new[]
        {
            (DeadlineKind.AcknowledgementAlarm, new DateOnly(2027, 3, 17)),
            (DeadlineKind.Reminder, new DateOnly(2027, 5, 24)),
            (DeadlineKind.TermEnd, new DateOnly(2027, 5, 31)),
            (DeadlineKind.MaximumTermAlarm, new DateOnly(2027, 6, 9)),
        }));
        Assert.That(await AuditAsync(lodged), Does.Contain("TermSet"));
    }

    [Test]
    public async Task A_term_beyond_the_maximum_is_refused_and_changes_nothing()
    {
        var lodged = await LodgeAsync();
        var before = (await ReloadAsync(lodged), await PendingDeadlinesAsync(lodged), await MailsOfAsync(lodged), await AuditAsync(lodged));

        var step = await StepAsync((procedure, unit, @case) => procedure.SetTermAsync(unit, @case, MaximumTerm.AddDays(1), Handler.Email, Clock.GetUtcNow(), default), lodged);

        Assert.That(step.Applied, Is.False);
        Assert.That((step.Note.Outcome, step.Note.Maximum), Is.EqualTo((StepOutcome.TermBeyondMaximum, (DateOnly?)new DateOnly(2027, 6, 16))));
        Assert.That((await ReloadAsync(lodged), await PendingDeadlinesAsync(lodged), await MailsOfAsync(lodged), await AuditAsync(lodged)), Is.EqualTo(before));
    }

    [Test]
    public async Task A_term_on_the_last_day_of_the_maximum_is_allowed()
    {
        var lodged = await LodgeAsync();

        var step = await StepAsync((procedure, unit, @case) => procedure.SetTermAsync(unit, @case, MaximumTerm, Handler.Email, Clock.GetUtcNow(), default), lodged);

        Assert.That(step.Applied, Is.True, step.Note.ToString());
    }

    [Test]
    public async Task A_term_in_the_past_is_refused()
    {
        var lodged = await LodgeAsync();
        MoveClockTo(Amsterdam(2027, 3, 22));

        var step = await StepAsync((procedure, unit, @case) => procedure.SetTermAsync(unit, @case, new DateOnly(2027, 3, 19), Handler.Email, Clock.GetUtcNow(), default), lodged);

        Assert.That(step.Applied, Is.False);
        Assert.That(step.Note.Outcome, Is.EqualTo(StepOutcome.TermInThePast));
        Assert.That((await ReloadAsync(lodged)).TermEnds, Is.EqualTo(TermEnds));
    }

    [Test]
    public async Task An_extension_queues_the_notice_with_reason_and_date_and_moves_the_deadlines()
    {
        var lodged = await LodgeAsync();

        var step = await StepAsync((procedure, unit, @case) => procedure.ExtendAsync(unit, @case, new DateOnly(2027, 7, 1), "wij wachten op het rapport van de aannemer",
            Handler.Email, CaseThread.None, Clock.GetUtcNow(), default), lodged);

        Assert.That(step.Applied, Is.True, step.Note.ToString());
        var extended = await ReloadAsync(lodged);
        Assert.That((extended.TermEnds, extended.ExtensionReason), Is.EqualTo((new DateOnly(2027, 7, 1), (string?)"wij wachten op het rapport van de aannemer")));
        Assert.That((await MailsOfAsync(lodged))[^1], Is.EqualTo(("Extension", Complainant)));
        Assert.That(await TextOfLastAsync(lodged, "Extension"), Does.Contain("rapport van de aannemer").And.Contain("1 juli 2027").And.Contain("28 april 2027"));
        Assert.That(await PendingDeadlinesAsync(lodged), Is.EqualTo(new[]
        {
            (DeadlineKind.AcknowledgementAlarm, new DateOnly(2027, 3, 17)),
            (DeadlineKind.Reminder, new DateOnly(2027, 6, 24)),
            (DeadlineKind.TermEnd, new DateOnly(2027, 7, 1)),
        }), "the maximum-term alarm no longer applies once the term is extended with a reason");
    }

    [Test]
    public async Task An_extension_without_a_reason_or_to_an_earlier_day_is_refused()
    {
        var lodged = await LodgeAsync();

        var withoutReason = await StepAsync((procedure, unit, @case) => procedure.ExtendAsync(unit, @case, new DateOnly(2027, 7, 1), " ", Handler.Email, CaseThread.None, Clock.GetUtcNow(), default), lodged);
        var earlier = await StepAsync((procedure, unit, @case) => procedure.ExtendAsync(unit, @case, new DateOnly(2027, 4, 1), "reden", Handler.Email, CaseThread.None, Clock.GetUtcNow(), default), lodged);

        Assert.That((withoutReason.Applied, earlier.Applied), Is.EqualTo((false, false)));
        Assert.That((await MailsOfAsync(lodged)).Select(mail => mail.Kind), Does.Not.Contain("Extension"));
        Assert.That((await ReloadAsync(lodged)).TermEnds, Is.EqualTo(TermEnds));
    }

    [Test]
    public async Task Escalation_gives_the_case_to_the_director_who_has_a_month_and_tells_the_complainant()
    {
        var lodged = await LodgeAsync();
        MoveClockTo(Amsterdam(2027, 3, 31));

        var step = await StepAsync((procedure, unit, @case) => procedure.EscalateAsync(unit, @case, EscalationCause.Disagreement, null, Handler.Email, CaseThread.None, Clock.GetUtcNow(), default), lodged);

        Assert.That(step.Applied, Is.True, step.Note.ToString());
        var escalated = await ReloadAsync(lodged);
        Assert.That((escalated.Status, escalated.TermEnds), Is.EqualTo((CaseStatus.Escalated, (DateOnly?)new DateOnly(2027, 4, 30))));
        Assert.That((await MailsOfAsync(lodged)).Skip(2), Is.EqualTo(new[] { ("EscalationDirector", Director.Email), ("Escalation", Complainant) }));
        Assert.That(await TextOfLastAsync(lodged, "Escalation"), Does.Contain("30 april 2027"));
        Assert.That(await TextOfLastAsync(lodged, "EscalationDirector"), Does.Contain("Reden: de klager is het niet eens met de oplossing.").And.StartWith($"[{lodged.Number}]"),
            "the reason in the case's language");
        Assert.That(await PendingDeadlinesAsync(lodged), Is.EqualTo(new[]
        {
            (DeadlineKind.AcknowledgementAlarm, new DateOnly(2027, 3, 17)),
            (DeadlineKind.DirectorTermEnd, new DateOnly(2027, 4, 30)),
        }));
        var again = await StepAsync((procedure, unit, @case) => procedure.EscalateAsync(unit, @case, EscalationCause.HandlerRequest, Handler, Handler.Email, CaseThread.None, Clock.GetUtcNow(), default), lodged);
        Assert.That(again.Applied, Is.False, "a case is escalated once");
    }

    [Test]
    public async Task Referral_hands_the_case_to_the_third_party_and_cancels_the_clock()
    {
        var settings = ProcedureSettings.Default with { ThirdParty = new ThirdParty("College van Bestuur", "Postbus 1, 1000 AA Amsterdam", "cvb@example.org") };
        var lodged = await LodgeAsync(settings);

        var step = await StepAsync((procedure, unit, @case) => procedure.ReferAsync(unit, @case, Director.Email, CaseThread.None, Clock.GetUtcNow(), default), lodged, settings);

        Assert.That(step.Applied, Is.True, step.Note.ToString());
        Assert.That((await ReloadAsync(lodged)).Status, Is.EqualTo(CaseStatus.Referred));
        Assert.That((await MailsOfAsync(lodged)).Skip(2), Is.EqualTo(new[] { ("Referral", Complainant), ("ReferralThirdParty", "cvb@example.org") }));
        Assert.That(await TextOfLastAsync(lodged, "Referral"), Does.Contain("College van Bestuur"));
        Assert.That(await PendingDeadlinesAsync(lodged), Is.Empty);
    }

    [Test]
    public async Task Solution_agreement_and_close_resolve_the_case_with_both_fields_and_queue_the_resolution()
    {
        var lodged = await LodgeAsync();
        MoveClockTo(Amsterdam(2027, 4, 2));

        var solution = await StepAsync((procedure, unit, @case) => procedure.RecordSolutionAsync(unit, @case, " De kraan is vervangen. ", Handler.Email, Clock.GetUtcNow(), default), lodged);
        var agreement = await StepAsync((procedure, unit, @case) => procedure.RecordAgreementAsync(unit, @case, true, Handler.Email, Clock.GetUtcNow(), default), lodged);
        var close = await StepAsync((procedure, unit, @case) => procedure.CloseAsync(unit, @case, Handler.Email, CaseThread.None, Clock.GetUtcNow(), default), lodged);

        Assert.That((solution.Applied, agreement.Applied, close.Applied), Is.EqualTo((true, true, true)));
        var resolved = await ReloadAsync(lodged);
        Assert.That((resolved.Status, resolved.Solution, resolved.ComplainantAgrees, resolved.ClosedAt), Is.EqualTo((CaseStatus.Resolved, (string?)"De kraan is vervangen.", (bool?)true, (DateTimeOffset?)Clock.GetUtcNow())));
        Assert.That((await MailsOfAsync(lodged))[^1], Is.EqualTo(("Resolution", Complainant)));
        Assert.That(await TextOfLastAsync(lodged, "Resolution"), Does.Contain("De kraan is vervangen."));
        Assert.That(await PendingDeadlinesAsync(lodged), Is.Empty, "a closed case has no running deadlines");
        Assert.That(await AuditAsync(lodged), Is.SupersetOf(new[] { "SolutionRecorded", "AgreementRecorded", "Resolved", "ResolutionQueued" }));
    }

    [Test]
    public async Task After_closing_the_category_cause_and_measure_are_recorded_and_the_complainant_hears_of_the_measure()
    {
        var lodged = await LodgeAsync(language: "en");
        await StepAsync((procedure, unit, @case) => procedure.RecordSolutionAsync(unit, @case, "The tap is replaced.", Handler.Email, Clock.GetUtcNow(), default), lodged);
        await StepAsync((procedure, unit, @case) => procedure.CloseAsync(unit, @case, Handler.Email, CaseThread.None, Clock.GetUtcNow(), default), lodged);

        var category = await StepAsync((procedure, unit, @case) => procedure.SetCategoryAsync(unit, @case, "quality", Handler.Email, Clock.GetUtcNow(), default), lodged);
        var cause = await StepAsync((procedure, unit, @case) => procedure.RecordCauseAsync(unit, @case, " The planning gave the wrong address. ", Handler.Email, Clock.GetUtcNow(), default), lodged);
        var measure = await StepAsync((procedure, unit, @case) => procedure.RecordMeasureAsync(unit, @case, "Engineers call the day before.", Handler.Email, CaseThread.None,
            Clock.GetUtcNow(), default), lodged);

        Assert.That((category.Note, cause.Note, measure.Note), Is.EqualTo((new StepNote(StepOutcome.CategorySet) { Name = "Quality of service" }, new StepNote(StepOutcome.CauseRecorded),
            new StepNote(StepOutcome.MeasureRecorded))));
        var recorded = await ReloadAsync(lodged);
        Assert.That((recorded.Status, recorded.Category, recorded.Cause, recorded.Measure),
            Is.EqualTo((CaseStatus.Resolved, "dienstverlening", "The planning gave the wrong address.", "Engineers call the day before.")));
        Assert.That((await MailsOfAsync(lodged))[^1], Is.EqualTo(("Measure", Complainant)));
        Assert.That(await TextOfLastAsync(lodged, "Measure"), Does.Contain("Engineers call the day before.").And.Contain("What will change after your complaint"));
        Assert.That(await AuditAsync(lodged), Is.SupersetOf(new[] { "CategorySet", "CauseRecorded", "MeasureRecorded", "MeasureQueued" }));
    }

    [Test]
    public async Task An_unknown_category_is_refused_with_the_choices_in_the_cases_language_and_changes_nothing()
    {
        var lodged = await LodgeAsync();
        var before = (await ReloadAsync(lodged), await MailsOfAsync(lodged), await AuditAsync(lodged));

        var step = await StepAsync((procedure, unit, @case) => procedure.SetCategoryAsync(unit, @case, "parkeren", Handler.Email, Clock.GetUtcNow(), default), lodged);

        Assert.That(step.Applied, Is.False);
        Assert.That((step.Note.Outcome, step.Note.Name, step.Note.Choices[0]), Is.EqualTo((StepOutcome.NoSuchCategory, "parkeren", "Bejegening")));
        Assert.That((await ReloadAsync(lodged), await MailsOfAsync(lodged), await AuditAsync(lodged)), Is.EqualTo(before));
    }

    [Test]
    public async Task Closing_without_a_solution_is_refused_and_changes_nothing()
    {
        var lodged = await LodgeAsync();
        var before = (await ReloadAsync(lodged), await PendingDeadlinesAsync(lodged), await MailsOfAsync(lodged), await AuditAsync(lodged));

        var step = await StepAsync((procedure, unit, @case) => procedure.CloseAsync(unit, @case, Handler.Email, CaseThread.None, Clock.GetUtcNow(), default), lodged);

        Assert.That(step.Applied, Is.False);
        Assert.That(step.Note.Outcome, Is.EqualTo(StepOutcome.SolutionFirst));
        Assert.That((await ReloadAsync(lodged), await PendingDeadlinesAsync(lodged), await MailsOfAsync(lodged), await AuditAsync(lodged)), Is.EqualTo(before));
    }

    [Test]
    public async Task Withdrawal_closes_the_case_confirms_it_and_refuses_later_steps()
    {
        var lodged = await LodgeAsync();

        var step = await StepAsync((procedure, unit, @case) => procedure.WithdrawAsync(unit, @case, Complainant, CaseThread.None, Clock.GetUtcNow(), default), lodged);
        var later = await StepAsync((procedure, unit, @case) => procedure.SetTermAsync(unit, @case, new DateOnly(2027, 5, 3), Handler.Email, Clock.GetUtcNow(), default), lodged);

        Assert.That(step.Applied, Is.True, step.Note.ToString());
        Assert.That((await ReloadAsync(lodged)).Status, Is.EqualTo(CaseStatus.Withdrawn));
        Assert.That((await MailsOfAsync(lodged)).Select(mail => mail.Kind), Does.Contain("Withdrawal"));
        Assert.That(await PendingDeadlinesAsync(lodged), Is.Empty);
        Assert.That(later.Applied, Is.False);
        Assert.That(later.Note, Is.EqualTo(new StepNote(StepOutcome.AlreadyClosed) { Status = CaseStatus.Withdrawn }));
    }

    [Test]
    public async Task Assigning_to_another_handler_sends_them_the_assignment_and_not_twice()
    {
        var lodged = await LodgeAsync();

        var step = await StepAsync((procedure, unit, @case) => procedure.AssignAsync(unit, @case, Other, Director.Email, Clock.GetUtcNow(), default), lodged);
        var again = await StepAsync((procedure, unit, @case) => procedure.AssignAsync(unit, @case, Other, Director.Email, Clock.GetUtcNow(), default), lodged);

        Assert.That(step.Applied, Is.True, step.Note.ToString());
        Assert.That(again.Applied, Is.False);
        Assert.That((await ReloadAsync(lodged)).HandlerEmail, Is.EqualTo(Other.Email));
        Assert.That(await MailsOfAsync(lodged), Is.EqualTo(new[] { ("Acknowledgement", Complainant), ("Assignment", Handler.Email), ("Assignment", Other.Email) }));
    }
}
