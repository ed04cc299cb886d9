using MailComplaints.Cases;
using MailComplaints.Operations;
using MailComplaints.Outbox;
using MailComplaints.Storage;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Procedure;

/// <summary>
/// Fires the deadlines that are due today (Amsterdam) or earlier — also those missed while the worker was down.
/// Each fires in its own transaction: claimed with an UPDATE that only one sweep can win, then acted on (reminder,
/// escalation, alarm, referral), the mails it causes in the same commit. A deadline whose case moved on (closed,
/// already escalated) fires without effect and says so in the audit trail.
/// </summary>
public sealed class DeadlineSweep(DeadlineRepository deadlines, CaseRepository cases, OutboxRepository outbox, CaseProcedure caseProcedure, CaseMails mails,
    ProcedureSettings procedure, WorkingDayCalendar calendar, Database database, TimeProvider time, ILogger<DeadlineSweep> logger)
{
    private const int Batch = 100;

    /// <summary>Fires every due deadline; returns how many took effect.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        var seen = new HashSet<long>();
        while (true)
        {
            var due = (await deadlines.DueAsync(WorkingDayCalendar.DateIn(time.GetUtcNow()), Batch, cancellationToken).ConfigureAwait(false))
                .Where(deadline => seen.Add(deadline.Id)).ToList();
            if (due.Count == 0)
            {
                return fired;
            }
            foreach (var deadline in due)
            {
                if (await FireAsync(deadline, cancellationToken).ConfigureAwait(false))
                {
                    fired++;
                }
            }
        }
    }

    private async Task<bool> FireAsync(ScheduledDeadline deadline, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        // The case first, read inside the unit and locked: the step below writes the whole case back, and a copy read
        // before a handler's change committed would undo that change. Case before deadline is the order in which a
        // handler's command takes them too, so the two never wait on each other in a circle.
        if (await cases.LockAsync(unit, deadline.CaseId, cancellationToken).ConfigureAwait(false) is not { } @case
            || !await deadlines.TryFireAsync(unit, deadline.Id, now, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        // The deadline's unit of work: every line logged while it fires, here or by the procedure step it takes, is about this case.
        using var scope = logger.BeginWork(null, @case.Number);
        var effect = await ActAsync(unit, deadline, @case, now, cancellationToken).ConfigureAwait(false);
        await cases.RecordAsync(unit, @case.Id, Fired(deadline.Kind), "clock", $"due {deadline.DueOn:yyyy-MM-dd}: {effect ?? "no longer applies"}", now, cancellationToken).ConfigureAwait(false);
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (effect is not null)
        {
            logger.LogInformation("Deadline {Kind} (due {DueOn:yyyy-MM-dd}) fired: {Effect}", deadline.Kind, deadline.DueOn, effect);
        }
        return effect is not null;
    }

    private static CaseEventKind Fired(DeadlineKind kind) => kind switch
    {
        DeadlineKind.AcknowledgementAlarm => CaseEventKind.DeadlineAcknowledgementAlarm,
        DeadlineKind.Reminder => CaseEventKind.DeadlineReminder,
        DeadlineKind.TermEnd => CaseEventKind.DeadlineTermEnd,
        DeadlineKind.MaximumTermAlarm => CaseEventKind.DeadlineMaximumTermAlarm,
        DeadlineKind.DirectorTermEnd => CaseEventKind.DeadlineDirectorTermEnd,
        DeadlineKind.DirectorConfirmationAlarm => CaseEventKind.DeadlineDirectorConfirmationAlarm,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a deadline without an audit line of its own"),
    };

    // What the deadline does to the case as it is now; null when the case has moved on.
    private async Task<string?> ActAsync(UnitOfWork unit, ScheduledDeadline deadline, Case @case, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = @case.Status is CaseStatus.Registered or CaseStatus.InHandling;
        var today = WorkingDayCalendar.DateIn(now);
        switch (deadline.Kind)
        {
            // Not out by the alarm day: the director hears it every time, also when it went out late before this sweep ran.
            case DeadlineKind.AcknowledgementAlarm when @case.Status != CaseStatus.Rejected
                && (@case.AcknowledgedAt is not { } acknowledged || WorkingDayCalendar.DateIn(acknowledged) > deadline.DueOn):
                logger.LogError("The acknowledgement was not out {Days} working day(s) after receipt; the director is told", procedure.AcknowledgementAlarmWorkingDays);
                await outbox.EnqueueAsync(unit, mails.AlarmAcknowledgement(@case, mails.Director), now, cancellationToken).ConfigureAwait(false);
                return @case.AcknowledgedAt is null ? "acknowledgement not sent yet; director alarmed" : "acknowledgement sent after the alarm day; director told";
            case DeadlineKind.Reminder when open:
                var left = Math.Max(0, calendar.WorkingDaysBetween(today, @case.TermEnds ?? today));
                await outbox.EnqueueAsync(unit, mails.Remind(@case, mails.HandlerOf(@case), left), now, cancellationToken).ConfigureAwait(false);
                return $"handler reminded, {left} working day(s) left";
            case DeadlineKind.TermEnd when open && procedure.EscalateAtTermEnd:
                var escalated = await caseProcedure.EscalateAsync(unit, @case, EscalationCause.TermEnded, null, "clock", await caseProcedure.ComplainantThreadAsync(@case, cancellationToken).ConfigureAwait(false),
                    now, cancellationToken).ConfigureAwait(false);
                return escalated.Applied ? "escalated to the director" : null;
            case DeadlineKind.TermEnd when open:
                await outbox.EnqueueAsync(unit, mails.Remind(@case, mails.HandlerOf(@case), 0), now, cancellationToken).ConfigureAwait(false);
                return "the term ended; handler reminded";
            case DeadlineKind.MaximumTermAlarm when (open || @case.Status == CaseStatus.Escalated) && @case.ExtensionReason is null:
                var maximum = caseProcedure.MaximumTerm(@case);
                var daysLeft = calendar.WorkingDaysBetween(today, maximum);
                await outbox.EnqueueAsync(unit, mails.AlarmMaximumTerm(@case, mails.HandlerOf(@case), maximum, daysLeft), now, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(mails.Director.Email, @case.HandlerEmail, StringComparison.OrdinalIgnoreCase))
                {
                    await outbox.EnqueueAsync(unit, mails.AlarmMaximumTerm(@case, mails.Director, maximum, daysLeft), now, cancellationToken).ConfigureAwait(false);
                }
                logger.LogWarning("The case approaches the maximum term ({Maximum:yyyy-MM-dd}) without an extension", maximum);
                return $"maximum term {maximum:yyyy-MM-dd} near without extension; handler and director alarmed";
            case DeadlineKind.DirectorTermEnd when @case.Status == CaseStatus.Escalated && procedure.ReferAtDirectorTermEnd:
                var referred = await caseProcedure.ReferAsync(unit, @case, "clock", await caseProcedure.ComplainantThreadAsync(@case, cancellationToken).ConfigureAwait(false), now, cancellationToken).ConfigureAwait(false);
                return referred.Applied ? "the director's term ended; referred to the third party" : null;
            case DeadlineKind.DirectorConfirmationAlarm:
                // The complainant's confirmation that the director has the complaint is the escalation mail: out by the due day, or the director hears.
                var confirmed = await outbox.FirstSentAtAsync(unit, @case.Id, MailKind.Escalation, cancellationToken).ConfigureAwait(false);
                if (confirmed is { } sent && WorkingDayCalendar.DateIn(sent) <= deadline.DueOn)
                {
                    return null;
                }
                logger.LogError("The complainant's confirmation of the escalation was not out {Days} working day(s) after it; the director is told", procedure.DirectorConfirmationWorkingDays);
                await outbox.EnqueueAsync(unit, mails.AlarmDirectorConfirmation(@case, mails.Director, deadline.DueOn, confirmed), now, cancellationToken).ConfigureAwait(false);
                return confirmed is null ? "confirmation of the escalation not sent yet; director alarmed" : "confirmation of the escalation sent after its bound; director told";
            case DeadlineKind.DirectorTermEnd when @case.Status == CaseStatus.Escalated:
                await outbox.EnqueueAsync(unit, mails.Remind(@case, mails.Director, 0), now, cancellationToken).ConfigureAwait(false);
                return "the director's term ended; director reminded";
            default:
                return null;
        }
    }
}
