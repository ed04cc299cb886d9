using MailComplaints.Cases;
using MailComplaints.Outbox;
using MailComplaints.Storage;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Procedure;

/// <summary>
/// What each deadline does when it fires, in the sweep's transaction: a reminder to the handler, an alarm to the
/// director, an escalation or a referral by the procedure; nothing when the case has moved on.
/// </summary>
public sealed class DeadlineActions(OutboxRepository outbox, CaseMails mails, CaseProcedure caseProcedure, ProcedureTerms terms, ILogger<DeadlineActions> logger)
{
    /// <summary>What <paramref name="deadline"/> does to the case as it is now, in words for the audit trail; null when the case has moved on.</summary>
    public async Task<string?> ActAsync(UnitOfWork unit, ScheduledDeadline deadline, Case @case, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        ArgumentNullException.ThrowIfNull(@case);
        var open = @case.Status is CaseStatus.Registered or CaseStatus.InHandling;
        var today = WorkingDayCalendar.DateIn(now);
        switch (deadline.Kind)
        {
            // Not out by the alarm day: the director hears it every time, also when it went out late before this sweep ran.
            case DeadlineKind.AcknowledgementAlarm when @case.Status != CaseStatus.Rejected
                && (@case.AcknowledgedAt is not { } acknowledged || WorkingDayCalendar.DateIn(acknowledged) > deadline.DueOn):
                logger.LogError("The acknowledgement was not out {Days} working day(s) after receipt; the director is told", terms.Settings.AcknowledgementAlarmWorkingDays);
                await outbox.EnqueueAsync(unit, mails.AlarmAcknowledgement(@case, mails.Director), now, cancellationToken).ConfigureAwait(false);
                return @case.AcknowledgedAt is null ? "acknowledgement not sent yet; director alarmed" : "acknowledgement sent after the alarm day; director told";
            case DeadlineKind.Reminder when open:
                var left = Math.Max(0, terms.Calendar.WorkingDaysBetween(today, @case.TermEnds ?? today));
                await outbox.EnqueueAsync(unit, mails.Remind(@case, mails.HandlerOf(@case), left), now, cancellationToken).ConfigureAwait(false);
                return $"handler reminded, {left} working day(s) left";
            case DeadlineKind.TermEnd when open && terms.Settings.EscalateAtTermEnd:
                var escalated = await caseProcedure.EscalateAsync(unit, @case, EscalationCause.TermEnded, null, "clock", await caseProcedure.ComplainantThreadAsync(@case, cancellationToken).ConfigureAwait(false),
                    now, cancellationToken).ConfigureAwait(false);
                return escalated.Applied ? "escalated to the director" : null;
            case DeadlineKind.TermEnd when open:
                await outbox.EnqueueAsync(unit, mails.Remind(@case, mails.HandlerOf(@case), 0), now, cancellationToken).ConfigureAwait(false);
                return "the term ended; handler reminded";
            case DeadlineKind.MaximumTermAlarm when (open || @case.Status == CaseStatus.Escalated) && @case.ExtensionReason is null:
                var maximum = terms.MaximumTerm(@case);
                var daysLeft = terms.Calendar.WorkingDaysBetween(today, maximum);
                await outbox.EnqueueAsync(unit, mails.AlarmMaximumTerm(@case, mails.HandlerOf(@case), maximum, daysLeft), now, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(mails.Director.Email, @case.HandlerEmail, StringComparison.OrdinalIgnoreCase))
                {
                    await outbox.EnqueueAsync(unit, mails.AlarmMaximumTerm(@case, mails.Director, maximum, daysLeft), now, cancellationToken).ConfigureAwait(false);
                }
                logger.LogWarning("The case approaches the maximum term ({Maximum:yyyy-MM-dd}) without an extension", maximum);
                return $"maximum term {maximum:yyyy-MM-dd} near without extension; handler and director alarmed";
            case DeadlineKind.DirectorTermEnd when @case.Status == CaseStatus.Escalated && terms.Settings.ReferAtDirectorTermEnd:
                var referred = await caseProcedure.ReferAsync(unit, @case, "clock", await caseProcedure.ComplainantThreadAsync(@case, cancellationToken).ConfigureAwait(false), now, cancellationToken).ConfigureAwait(false);
                return referred.Applied ? "the director's term ended; referred to the third party" : null;
            case DeadlineKind.DirectorConfirmationAlarm:
                // The complainant's confirmation that the director has the complaint is the escalation mail: out by the due day, or the director hears.
                var confirmed = await outbox.FirstSentAtAsync(unit, @case.Id, MailKind.Escalation, cancellationToken).ConfigureAwait(false);
                if (confirmed is { } sent && WorkingDayCalendar.DateIn(sent) <= deadline.DueOn)
                {
                    return null;
                }
                logger.LogError("The complainant's confirmation of the escalation was not out {Days} working day(s) after it; the director is told", terms.Settings.DirectorConfirmationWorkingDays);
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
