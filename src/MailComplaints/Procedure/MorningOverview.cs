using System.Globalization;
using MailComplaints.Cases;
using MailComplaints.Outbox;
using MailComplaints.Storage;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Procedure;

/// <summary>One case as a handler's morning overview lists it.</summary>
public sealed record OverviewItem(Case Case, DateOnly? TermEnds, int WorkingDaysLeft, bool Overdue, bool WaitingForHandler);

/// <summary>
/// Each working day from <see cref="ProcedureSettings.MorningOverviewTime"/> (Amsterdam) on, one mail to every handler
/// with open cases, and to the director for the cases before them: each case with its term, what is overdue, what
/// waits for them. Exactly once a day: the day is claimed in the transaction that queues the mails, so a restart, a
/// second run or a second worker sends nothing again.
/// </summary>
public sealed class MorningOverview(CaseRepository cases, OutboxRepository outbox, WorkerStateRepository state, CaseMails mails, ProcedureTerms terms, Database database,
    TimeProvider time, ILogger<MorningOverview> logger)
{
    private const string LastSent = "morning-overview";

    /// <summary>Queues today's overviews when they are due and not queued yet; returns how many were queued.</summary>
    public async Task<int> SendIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = WorkingDayCalendar.DateIn(now);
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // Every start and every run asks; once today's is out, nothing is read.
        if (terms.Settings.MorningOverviewTime is not { } at || !terms.Calendar.IsWorkingDay(today) || now < WorkingDayCalendar.StartOfDay(today) + at
            || (await state.GetAsync(LastSent, cancellationToken).ConfigureAwait(false))?.Value == day)
        {
            return 0;
        }
        var open = await cases.OpenAsync(cancellationToken).ConfigureAwait(false);
        var waiting = await cases.WaitingForHandlerAsync(cancellationToken).ConfigureAwait(false);
        var overviews = new List<OutgoingMail>();
        foreach (var (recipient, theirs) in mails.Handlers.Select(handler => (handler, open.Where(@case => IsBefore(@case, handler)).ToList())).Where(pair => pair.Item2.Count > 0))
        {
            var items = theirs.Select(@case => Item(@case, today, waiting.Contains(@case.Id))).ToList();
            overviews.Add(mails.Overview(recipient, items, today));
        }
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (!await state.TryClaimAsync(unit, LastSent, day, now, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }
        await outbox.EnqueueManyAsync(unit, overviews, now, cancellationToken).ConfigureAwait(false);
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Morning overview queued for {Count} handler(s)", overviews.Count);
        return overviews.Count;
    }

    // A handler has the cases in handling assigned to them; the director the cases escalated to them.
    private static bool IsBefore(Case @case, Handler handler) => handler.Role switch
    {
        HandlerRole.Handler => @case.Status is CaseStatus.Registered or CaseStatus.InHandling && string.Equals(@case.HandlerEmail, handler.Email, StringComparison.OrdinalIgnoreCase),
        HandlerRole.Director => @case.Status == CaseStatus.Escalated,
        _ => false,
    };

    private OverviewItem Item(Case @case, DateOnly today, bool waitingForHandler) => @case.TermEnds is { } ends
        ? new OverviewItem(@case, ends, Math.Max(0, terms.Calendar.WorkingDaysBetween(today, ends)), ends < today, waitingForHandler)
        : new OverviewItem(@case, null, 0, false, waitingForHandler);
}
