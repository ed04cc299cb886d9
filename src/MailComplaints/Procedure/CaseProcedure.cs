using System.Globalization;
using MailComplaints.Cases;
using MimeKit;
using MailComplaints.Outbox;
using MailComplaints.Storage;
using MailComplaints.Templates;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Procedure;

/// <summary>What one step of the procedure did: applied (with the case as it is now) or refused, and in words for the handler.</summary>
public sealed record ProcedureStep(bool Applied, StepNote Note, Case Case)
{
    /// <summary>An applied step.</summary>
    public static ProcedureStep Done(Case @case, StepNote note) => new(true, note, @case);

    /// <summary>A refused step: nothing changed.</summary>
    public static ProcedureStep Refused(Case @case, StepNote reason) => new(false, reason, @case);
}

/// <summary>A registered case about to be opened: the case, the complaint it came from and the files it brought.</summary>
public sealed record CaseOpening(Case Case, MimeMessage Complaint, IReadOnlyList<CaseFile> Files);

/// <summary>
/// The procedure's steps on a case, each in the caller's unit of work together with its audit entry, the mails it
/// causes and the deadlines it moves: opening (acknowledgement, assignment, deadlines), the term and its
/// extension, solution and agreement, closing, escalation to the director, referral to the third party,
/// (re-)assignment, internal notes, withdrawal. A step that the policy does not allow is refused and changes
/// nothing. Handler commands by mail and the deadline sweep both come here; its log lines leave the case number to
/// the caller's unit of work, which has pushed it (<see cref="Operations.LogScope"/>).
/// </summary>
public sealed class CaseProcedure(CaseRepository cases, DeadlineRepository deadlines, OutboxRepository outbox, CaseMails mails, CaseHistory history, ProcedureTerms terms,
    ILogger<CaseProcedure> logger)
{
    private static readonly DeadlineKind[] TermDeadlines = [DeadlineKind.Reminder, DeadlineKind.TermEnd];

    /// <summary>
    /// Opens registered cases: the acknowledgement to the complainant, the assignment notice to the handler (and the
    /// department heads' notice), the deadlines; each table written once for all of them, as the intake opens a batch at a time. The mails are queued as drafts (composed when sent); each case's rows keep their order (acknowledgement, then assignment).
    /// </summary>
    public async Task OpenManyAsync(UnitOfWork unit, IReadOnlyList<CaseOpening> openings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openings);
        var today = WorkingDayCalendar.DateIn(now);
        var takenIn = new Dictionary<long, DateOnly>();
        var opened = new List<CaseOpening>(openings.Count);
        foreach (var opening in openings)
        {
            // Taken in after its acknowledgement was due (the worker was down, the mail waited): a full term from today,
            // which the acknowledgement explains; the director hears of the missed bound from the acknowledgement alarm.
            if (opening.Case.AcknowledgeBy is { } due && due < today)
            {
                var changed = opening.Case with { TermEnds = terms.HandlingTermFrom(today) };
                await cases.UpdateAsync(unit, changed, now, cancellationToken).ConfigureAwait(false);
                await cases.RecordAsync(unit, changed.Id, CaseEventKind.TakenInLate, "intake", string.Create(CultureInfo.InvariantCulture,
                    $"received {WorkingDayCalendar.DateIn(changed.ReceivedAt):yyyy-MM-dd}, taken in {today:yyyy-MM-dd}, after the acknowledgement was due ({due:yyyy-MM-dd}): the message waited in the mailbox; term {opening.Case.TermEnds:yyyy-MM-dd} → {changed.TermEnds:yyyy-MM-dd}"),
                    now, cancellationToken).ConfigureAwait(false);
                logger.LogWarning("Taken in after its acknowledgement was due ({Due:yyyy-MM-dd}); the term runs from today", due);
                takenIn[changed.Id] = today;
                opened.Add(opening with { Case = changed });
            }
            else
            {
                opened.Add(opening);
            }
        }
        openings = opened;
        // The reply goes by the channel the complaint came in: a relayed complaint's acknowledgement also goes back to the relay.
        DateOnly? TakenIn(Case @case) => takenIn.TryGetValue(@case.Id, out var day) ? day : null;
        var composed = openings.Select(opening => (Acknowledgement: mails.Acknowledge(opening.Case, opening.Complaint, TakenIn(opening.Case)),
            ThroughChannel: mails.AcknowledgeThroughChannel(opening.Case, opening.Complaint, TakenIn(opening.Case)),
            Assignment: mails.Assign(opening.Case, opening.Files),
            Heads: mails.NoticeDepartmentHeads(opening.Case))).ToList();
        await outbox.EnqueueManyAsync(unit, composed.SelectMany(mail => new[] { mail.Acknowledgement, mail.ThroughChannel, mail.Assignment }.Concat(mail.Heads)).OfType<OutgoingMail>().ToList(),
            now, cancellationToken).ConfigureAwait(false);
        await cases.RecordManyAsync(unit, openings.Zip(composed).SelectMany(pair => new[]
        {
            new CaseEventEntry(pair.First.Case.Id, CaseEventKind.AcknowledgementQueued, "intake",
                pair.Second.ThroughChannel is { } channel ? $"{pair.Second.Acknowledgement.MessageId}, {channel.MessageId}" : pair.Second.Acknowledgement.MessageId),
            new CaseEventEntry(pair.First.Case.Id, CaseEventKind.Assigned, "intake", $"handler {pair.First.Case.HandlerEmail}; notice {pair.Second.Assignment.MessageId}"
                + string.Concat(pair.Second.Heads.Select(head => $"; department head told {head.MessageId}"))),
        }).ToList(), now, cancellationToken).ConfigureAwait(false);
        await deadlines.ScheduleManyAsync(unit, openings.SelectMany(opening => terms.OpeningDeadlines(opening.Case).Select(deadline => (opening.Case.Id, deadline))).ToList(),
            now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the handling term (<c>#termijn</c>): not in the past, not beyond the maximum term (that needs an extension with a reason).</summary>
    public async Task<ProcedureStep> SetTermAsync(UnitOfWork unit, Case @case, DateOnly until, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (Closed(@case) is { } closed)
        {
            return closed;
        }
        var end = terms.Calendar.NextWorkingDayOnOrAfter(until);
        var maximum = @case.ExtensionReason is null ? terms.MaximumTerm(@case) : @case.TermEnds ?? terms.MaximumTerm(@case);
        if (end < WorkingDayCalendar.DateIn(now))
        {
            return ProcedureStep.Refused(@case, new StepNote(StepOutcome.TermInThePast) { Written = until, Date = end });
        }
        if (end > maximum && @case.ExtensionReason is null)
        {
            return ProcedureStep.Refused(@case, new StepNote(StepOutcome.TermBeyondMaximum) { Written = until, Date = end, Maximum = maximum });
        }
        var previous = @case.TermEnds;
        var changed = @case with { TermEnds = end };
        await cases.UpdateAsync(unit, changed, now, cancellationToken).ConfigureAwait(false);
        await MoveTermDeadlinesAsync(unit, changed, end, now, cancellationToken).ConfigureAwait(false);
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.TermSet, actor, $"{previous:yyyy-MM-dd} → {end:yyyy-MM-dd}", now, cancellationToken).ConfigureAwait(false);
        return ProcedureStep.Done(changed, new StepNote(StepOutcome.TermSet) { Written = until, Date = end, Previous = previous });
    }

    /// <summary>Extends the term with a reason (<c>#verlengen</c>); the complainant gets the extension notice with the reason and the new date.</summary>
    public async Task<ProcedureStep> ExtendAsync(UnitOfWork unit, Case @case, DateOnly until, string reason, string actor, CaseThread thread, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (Closed(@case) is { } closed)
        {
            return closed;
        }
        var end = terms.Calendar.NextWorkingDayOnOrAfter(until);
        var previous = @case.TermEnds ?? terms.For(@case.ReceivedAt).TermEnds;
        if (end <= previous)
        {
            return ProcedureStep.Refused(@case, new StepNote(StepOutcome.ExtensionNotLater) { Written = until, Date = end, Previous = previous });
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ProcedureStep.Refused(@case, new StepNote(StepOutcome.ExtensionWithoutReason));
        }
        var changed = @case with { TermEnds = end, ExtensionReason = reason.Trim() };
        await cases.UpdateAsync(unit, changed, now, cancellationToken).ConfigureAwait(false);
        await MoveTermDeadlinesAsync(unit, changed, end, now, cancellationToken).ConfigureAwait(false);
        await deadlines.CancelAsync(unit, @case.Id, [DeadlineKind.MaximumTermAlarm], now, cancellationToken).ConfigureAwait(false);
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.Extended, actor, $"{previous:yyyy-MM-dd} → {end:yyyy-MM-dd}: {changed.ExtensionReason}", now, cancellationToken).ConfigureAwait(false);
        await EnqueueAsync(unit, changed, CaseEventKind.ExtensionNoticeQueued, mails.Extend(changed, previous, changed.ExtensionReason!, thread), now, cancellationToken).ConfigureAwait(false);
        return ProcedureStep.Done(changed, new StepNote(StepOutcome.Extended) { Written = until, Date = end });
    }

    /// <summary>Escalates to the director: the director gets the case, the complainant hears by when they will know how it is handled.</summary>
    /// <param name="cause">Why it goes to the director.</param>
    /// <param name="by">The handler who asked for it, for <see cref="EscalationCause.HandlerRequest"/>.</param>
    public async Task<ProcedureStep> EscalateAsync(UnitOfWork unit, Case @case, EscalationCause cause, Handler? by, string actor, CaseThread thread, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (Closed(@case) is { } closed)
        {
            return closed;
        }
        if (@case.Status is CaseStatus.Escalated or CaseStatus.Referred)
        {
            return ProcedureStep.Refused(@case, new StepNote(StepOutcome.AlreadyWithTheDirector));
        }
        var answerBy = terms.DirectorAnswerBy(WorkingDayCalendar.DateIn(now));
        var changed = @case with { Status = CaseStatus.Escalated, StatusReason = "Director", TermEnds = answerBy };
        await cases.UpdateAsync(unit, changed, now, cancellationToken).ConfigureAwait(false);
        await deadlines.CancelAsync(unit, @case.Id, [.. TermDeadlines, DeadlineKind.MaximumTermAlarm], now, cancellationToken).ConfigureAwait(false);
        await deadlines.ScheduleAsync(unit, @case.Id, terms.EscalationDeadlines(WorkingDayCalendar.DateIn(now), answerBy), now, cancellationToken).ConfigureAwait(false);
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.Escalated, actor, $"{cause}; director's term until {answerBy:yyyy-MM-dd}", now, cancellationToken).ConfigureAwait(false);
        var file = await history.OfAsync(unit, changed, cancellationToken).ConfigureAwait(false);
        await EnqueueAsync(unit, changed, CaseEventKind.EscalationQueued, mails.Escalate(changed, mails.Director, cause, by, answerBy, thread, file), now, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Escalated to the director");
        return ProcedureStep.Done(changed, new StepNote(StepOutcome.Escalated) { Date = answerBy });
    }

    /// <summary>Refers the case to the independent third party, whose decision binds.</summary>
    public async Task<ProcedureStep> ReferAsync(UnitOfWork unit, Case @case, string actor, CaseThread thread, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (Closed(@case) is { } closed)
        {
            return closed;
        }
        if (@case.Status == CaseStatus.Referred)
        {
            return ProcedureStep.Refused(@case, new StepNote(StepOutcome.AlreadyWithTheThirdParty));
        }
        var changed = @case with { Status = CaseStatus.Referred, StatusReason = "ThirdParty" };
        await cases.UpdateAsync(unit, changed, now, cancellationToken).ConfigureAwait(false);
        await deadlines.CancelAsync(unit, @case.Id, [], now, cancellationToken).ConfigureAwait(false);
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.Referred, actor, terms.Settings.ThirdParty.Name, now, cancellationToken).ConfigureAwait(false);
        await EnqueueAsync(unit, changed, CaseEventKind.ReferralQueued, mails.Refer(changed, thread), now, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Referred to the third party");
        return ProcedureStep.Done(changed, new StepNote(StepOutcome.Referred) { Name = terms.Settings.ThirdParty.Name });
    }

    /// <summary>Records the solution (<c>#oplossing</c>).</summary>
    public async Task<ProcedureStep> RecordSolutionAsync(UnitOfWork unit, Case @case, string solution, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (Closed(@case) is { } closed)
        {
            return closed;
        }
        var changed = @case with { Solution = solution.Trim() };
        await cases.UpdateAsync(unit, changed, now, cancellationToken).ConfigureAwait(false);
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.SolutionRecorded, actor, null, now, cancellationToken).ConfigureAwait(false);
        return ProcedureStep.Done(changed, new StepNote(StepOutcome.SolutionRecorded));
    }

    /// <summary>Records whether the complainant agrees with the solution (<c>#akkoord</c>).</summary>
    public async Task<ProcedureStep> RecordAgreementAsync(UnitOfWork unit, Case @case, bool agrees, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (Closed(@case) is { } closed)
        {
            return closed;
        }
        var changed = @case with { ComplainantAgrees = agrees };
        await cases.UpdateAsync(unit, changed, now, cancellationToken).ConfigureAwait(false);
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.AgreementRecorded, actor, agrees ? "yes" : "no", now, cancellationToken).ConfigureAwait(false);
        return ProcedureStep.Done(changed, agrees
            ? new StepNote(StepOutcome.ComplainantAgrees)
            : new StepNote(StepOutcome.ComplainantDisagrees));
    }

    /// <summary>Closes the case with its decision (<c>#afsluiten</c>): the solution must be recorded; the complainant gets the resolution summary.</summary>
    public async Task<ProcedureStep> CloseAsync(UnitOfWork unit, Case @case, string actor, CaseThread thread, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (Closed(@case) is { } closed)
        {
            return closed;
        }
        if (string.IsNullOrWhiteSpace(@case.Solution))
        {
            return ProcedureStep.Refused(@case, new StepNote(StepOutcome.SolutionFirst));
        }
        var changed = @case with { Status = CaseStatus.Resolved, StatusReason = null, ClosedAt = now };
        await cases.UpdateAsync(unit, changed, now, cancellationToken).ConfigureAwait(false);
        await deadlines.CancelAsync(unit, @case.Id, [], now, cancellationToken).ConfigureAwait(false);
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.Resolved, actor, changed.ComplainantAgrees switch { true => "complainant agrees", false => "complainant does not agree", _ => "agreement not recorded" }, now, cancellationToken).ConfigureAwait(false);
        await EnqueueAsync(unit, changed, CaseEventKind.ResolutionQueued, mails.Resolve(changed, WorkingDayCalendar.DateIn(now), thread), now, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Resolved the case");
        return ProcedureStep.Done(changed, new StepNote(StepOutcome.Closed));
    }

    /// <summary>Assigns the case to another handler (<c>#toewijzen</c>), who gets the assignment notice.</summary>
    public async Task<ProcedureStep> AssignAsync(UnitOfWork unit, Case @case, Handler to, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(to);
        if (Closed(@case) is { } closed)
        {
            return closed;
        }
        if (string.Equals(@case.HandlerEmail, to.Email, StringComparison.OrdinalIgnoreCase))
        {
            return ProcedureStep.Refused(@case, new StepNote(StepOutcome.AlreadyTheirs) { Name = to.Name });
        }
        var changed = @case with { HandlerEmail = to.Email };
        await cases.UpdateAsync(unit, changed, now, cancellationToken).ConfigureAwait(false);
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.Assigned, actor, $"handler {@case.HandlerEmail} → {to.Email}", now, cancellationToken).ConfigureAwait(false);
        var files = (await cases.FilesAsync(@case.Id, cancellationToken).ConfigureAwait(false))
            .Select(file => new CaseFile(file.Attachment.FileName, file.Attachment.ContentType, file.Content)).ToList();
        await outbox.EnqueueAsync(unit, mails.Assign(changed, files), now, cancellationToken).ConfigureAwait(false);
        return ProcedureStep.Done(changed, new StepNote(StepOutcome.Assigned) { Name = to.Name });
    }

    /// <summary>An internal note in the file (<c>#intern</c>); never sent to the complainant.</summary>
    public async Task<ProcedureStep> NoteAsync(UnitOfWork unit, Case @case, string note, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.InternalNote, actor, note.Trim(), now, cancellationToken).ConfigureAwait(false);
        return ProcedureStep.Done(@case, new StepNote(StepOutcome.NoteAdded));
    }

    /// <summary>
    /// Files the case under a category (<c>#categorie</c>), by its key or a name in either language. Like the cause and
    /// the measure, also after the case closed: they are established after the handling.
    /// </summary>
    public async Task<ProcedureStep> SetCategoryAsync(UnitOfWork unit, Case @case, string written, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(written);
        var categories = terms.Settings.Categories;
        if (CaseCategory.Find(categories, written) is not { } category)
        {
            return NeverHandled(@case) ?? ProcedureStep.Refused(@case, new StepNote(StepOutcome.NoSuchCategory)
            {
                Name = written.Trim(), Choices = categories.Select(choice => choice.NameIn(@case.Language)).ToList(),
            });
        }
        return await RecordFindingAsync(unit, @case, @case with { Category = category.Key }, CaseEventKind.CategorySet, category.Key,
            new StepNote(StepOutcome.CategorySet) { Name = category.NameIn(@case.Language) }, actor, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the possible cause of the complaint (<c>#oorzaak</c>); also after the case closed.</summary>
    public Task<ProcedureStep> RecordCauseAsync(UnitOfWork unit, Case @case, string cause, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(cause);
        return RecordFindingAsync(unit, @case, @case with { Cause = cause.Trim() }, CaseEventKind.CauseRecorded, null, new StepNote(StepOutcome.CauseRecorded), actor, now,
            cancellationToken);
    }

    /// <summary>
    /// Records the structural solution or preventive measure (<c>#maatregel</c>), also after the case closed, and tells
    /// the complainant what will change (unless the case's personal data was erased).
    /// </summary>
    public async Task<ProcedureStep> RecordMeasureAsync(UnitOfWork unit, Case @case, string measure, string actor, CaseThread thread, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(measure);
        var step = await RecordFindingAsync(unit, @case, @case with { Measure = measure.Trim() }, CaseEventKind.MeasureRecorded, null, new StepNote(StepOutcome.MeasureRecorded), actor,
            now, cancellationToken).ConfigureAwait(false);
        // After an erasure or a purge nobody is left to tell.
        if (step.Applied && step.Case.Complainant.Address.Length > 0)
        {
            await EnqueueAsync(unit, step.Case, CaseEventKind.MeasureQueued, mails.AnnounceMeasure(step.Case, thread), now, cancellationToken).ConfigureAwait(false);
        }
        return step;
    }

    // What the handling found (category, cause, measure), on any case the procedure handled, closed or not; the audit
    // line names the category but never quotes the handler's text.
    private async Task<ProcedureStep> RecordFindingAsync(UnitOfWork unit, Case @case, Case changed, CaseEventKind kind, string? detail, StepNote note, string actor,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (NeverHandled(@case) is { } rejected)
        {
            return rejected;
        }
        await cases.UpdateAsync(unit, changed, now, cancellationToken).ConfigureAwait(false);
        await cases.RecordAsync(unit, changed.Id, kind, actor, detail, now, cancellationToken).ConfigureAwait(false);
        return ProcedureStep.Done(changed, note);
    }

    /// <summary>Withdraws the case at the complainant's request and confirms it to them; the handler is told.</summary>
    public async Task<ProcedureStep> WithdrawAsync(UnitOfWork unit, Case @case, string actor, CaseThread thread, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (Closed(@case) is { } closed)
        {
            return closed;
        }
        var changed = @case with { Status = CaseStatus.Withdrawn, StatusReason = null, ClosedAt = now };
        await cases.UpdateAsync(unit, changed, now, cancellationToken).ConfigureAwait(false);
        await deadlines.CancelAsync(unit, @case.Id, [], now, cancellationToken).ConfigureAwait(false);
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.Withdrawn, actor, null, now, cancellationToken).ConfigureAwait(false);
        await EnqueueAsync(unit, changed, CaseEventKind.WithdrawalQueued, mails.Withdraw(changed, WorkingDayCalendar.DateIn(now), thread), now, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Withdrew the case at the complainant's request");
        return ProcedureStep.Done(changed, new StepNote(StepOutcome.Withdrawn));
    }

    /// <summary>Sends what a handler wrote under their commands to the complainant, from the complaints address on the case's thread.</summary>
    public async Task SendToComplainantAsync(UnitOfWork unit, Case @case, Handler author, string text, CaseThread thread, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        await EnqueueAsync(unit, @case, CaseEventKind.MessageToComplainantQueued, mails.MessageToComplainant(@case, author, text, thread), now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The thread mails to the complainant continue: the acknowledgement's, which answered their complaint.</summary>
    public async Task<CaseThread> ComplainantThreadAsync(Case @case, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var acknowledgement = await outbox.FirstMessageIdAsync(@case.Id, MailKind.Acknowledgement, cancellationToken).ConfigureAwait(false);
        return acknowledgement is null ? CaseThread.None : new CaseThread(acknowledgement, [acknowledgement]);
    }

    /// <summary>Moves the reminder and the end of the handling term to a new end.</summary>
    private async Task MoveTermDeadlinesAsync(UnitOfWork unit, Case @case, DateOnly end, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await deadlines.CancelAsync(unit, @case.Id, TermDeadlines, now, cancellationToken).ConfigureAwait(false);
        var kinds = @case.Status == CaseStatus.Escalated ? [new CaseDeadline(DeadlineKind.DirectorTermEnd, end)] : terms.TermDeadlines(end);
        if (@case.Status == CaseStatus.Escalated)
        {
            await deadlines.CancelAsync(unit, @case.Id, [DeadlineKind.DirectorTermEnd], now, cancellationToken).ConfigureAwait(false);
        }
        await deadlines.ScheduleAsync(unit, @case.Id, kinds, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnqueueAsync(UnitOfWork unit, Case @case, CaseEventKind auditKind, IReadOnlyList<OutgoingMail> outgoing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var mail in outgoing)
        {
            await outbox.EnqueueAsync(unit, mail, now, cancellationToken).ConfigureAwait(false);
        }
        await cases.RecordAsync(unit, @case.Id, auditKind, "procedure", string.Join(", ", outgoing.Select(mail => mail.MessageId)), now, cancellationToken).ConfigureAwait(false);
    }

    private static ProcedureStep? NeverHandled(Case @case) => @case.Status == CaseStatus.Rejected
        ? ProcedureStep.Refused(@case, new StepNote(StepOutcome.AlreadyClosed) { Status = @case.Status })
        : null;

    private static ProcedureStep? Closed(Case @case) => @case.Status is CaseStatus.Resolved or CaseStatus.Withdrawn or CaseStatus.Rejected
        ? ProcedureStep.Refused(@case, new StepNote(StepOutcome.AlreadyClosed) { Status = @case.Status })
        : null;
}
