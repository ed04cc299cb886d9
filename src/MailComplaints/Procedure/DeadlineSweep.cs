using MailComplaints.Cases;
using MailComplaints.Operations;
using MailComplaints.Storage;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Procedure;

/// <summary>
/// Fires the deadlines that are due today (Amsterdam) or earlier — also those missed while the worker was down.
/// Each fires in its own transaction: claimed with an UPDATE that only one sweep can win, then acted on (reminder,
/// escalation, alarm, referral), the mails it causes in the same commit. A deadline whose case moved on (closed,
/// already escalated) fires without effect and says so in the audit trail.
/// </summary>
public sealed class DeadlineSweep(DeadlineRepository deadlines, CaseRepository cases, DeadlineActions actions, Database database, TimeProvider time, ILogger<DeadlineSweep> logger)
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
        var effect = await actions.ActAsync(unit, deadline, @case, now, cancellationToken).ConfigureAwait(false);
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
}
