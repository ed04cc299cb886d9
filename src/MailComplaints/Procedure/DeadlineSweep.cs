using MailComplaints.Cases;
using MailComplaints.Operations;
using MailComplaints.Storage;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Procedure;

/// <summary>
/// Fires the deadlines that are due today (Amsterdam) or earlier — also those missed while the worker was down.
/// A hundred at a time in one transaction: their cases locked first, then each deadline claimed with an UPDATE that only
/// one sweep can win, then acted on (reminder, escalation, alarm, referral), the mails it causes in the same commit. When
/// such a batch fails, its deadlines fire one by one, each in a transaction of its own: a deadline that cannot fire
/// holds up no other, and stays pending for the next sweep, with an error in the log. A deadline whose case moved on
/// (closed, already escalated) fires without effect and says so in the audit trail.
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
            fired += await FireBatchAsync(due, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<int> FireBatchAsync(List<ScheduledDeadline> due, CancellationToken cancellationToken)
    {
        if (await TryFireAsync(due, cancellationToken).ConfigureAwait(false) is { } fired)
        {
            return fired;
        }
        if (due.Count == 1)
        {
            return 0;
        }
        var firedOneByOne = 0;
        foreach (var deadline in due)
        {
            firedOneByOne += await TryFireAsync([deadline], cancellationToken).ConfigureAwait(false) ?? 0;
        }
        return firedOneByOne;
    }

    // How many of the deadlines took effect; null when their transaction failed (it rolled back, so they are still pending).
    private async Task<int?> TryFireAsync(List<ScheduledDeadline> due, CancellationToken cancellationToken)
    {
        try
        {
            return await FireAsync(due, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (due is [var deadline])
            {
                logger.LogError(exception, "Deadline {DeadlineId} ({Kind}, due {DueOn:yyyy-MM-dd}) could not fire; it stays pending for the next sweep", deadline.Id,
                    deadline.Kind, deadline.DueOn);
            }
            else
            {
                logger.LogWarning(exception, "A batch of {Count} deadlines failed; they fire one by one", due.Count);
            }
            return null;
        }
    }

    private async Task<int> FireAsync(IReadOnlyList<ScheduledDeadline> due, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        // The cases first, read inside the unit and locked: a step below writes a case back, and a copy read before a
        // handler's change committed would undo that change. Case before deadline is the order in which a handler's
        // command takes them too, so the two never wait on each other in a circle.
        var locked = await cases.LockManyAsync(unit, due.Select(deadline => deadline.CaseId).ToHashSet(), cancellationToken).ConfigureAwait(false);
        var claimed = await deadlines.TryFireManyAsync(unit, due.Where(deadline => locked.ContainsKey(deadline.CaseId)).Select(deadline => deadline.Id).ToList(), now,
            cancellationToken).ConfigureAwait(false);
        var effects = new List<(ScheduledDeadline Deadline, CaseNumber Number, string Effect)>();
        var acted = new HashSet<long>();
        foreach (var deadline in due.Where(deadline => claimed.Contains(deadline.Id)))
        {
            // A second deadline of a case reads it again: the first may have changed it.
            var @case = acted.Add(deadline.CaseId) ? locked[deadline.CaseId] : await cases.LockAsync(unit, deadline.CaseId, cancellationToken).ConfigureAwait(false) ?? locked[deadline.CaseId];
            // The deadline's unit of work: every line logged while it fires, here or by the procedure step it takes, is about this case.
            using var scope = logger.BeginWork(null, @case.Number);
            var effect = await actions.ActAsync(unit, deadline, @case, now, cancellationToken).ConfigureAwait(false);
            await cases.RecordAsync(unit, @case.Id, Fired(deadline.Kind), "clock", $"due {deadline.DueOn:yyyy-MM-dd}: {effect ?? "no longer applies"}", now, cancellationToken).ConfigureAwait(false);
            if (effect is not null)
            {
                effects.Add((deadline, @case.Number, effect));
            }
        }
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (deadline, number, effect) in effects)
        {
            using var scope = logger.BeginWork(null, number);
            logger.LogInformation("Deadline {Kind} (due {DueOn:yyyy-MM-dd}) fired: {Effect}", deadline.Kind, deadline.DueOn, effect);
        }
        return effects.Count;
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
