using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Globalization;
using MailComplaints.Cases;
using MailComplaints.Mailboxes;
using MailComplaints.Operations;
using MailComplaints.Storage;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Intake;

/// <summary>How one poll of the mailbox went.</summary>
public sealed record IntakeSummary(IReadOnlyDictionary<MessageOutcome, int> Outcomes)
{
    /// <inheritdoc />
    public override string ToString() => Outcomes.Count == 0
        ? "nothing waiting"
        : string.Join(", ", Outcomes.OrderBy(pair => pair.Key).Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Value} {pair.Key.ToString().ToLowerInvariant()}")));
}

/// <summary>
/// Takes messages from the mailbox into the database exactly once, a batch at a time: read (<see cref="IncomingReader"/>),
/// classify (<see cref="IntakeClassifier"/>), commit every outcome with all that follows from it in one transaction
/// (<see cref="IntakeCommit"/>), and only then move the batch out of the inbox. A message whose place the ledger already
/// knows had its outcome committed before a crash: only its move is left. A crash at any point therefore loses
/// nothing, registers nothing twice and queues no mail twice. The \Seen flag plays no part.
/// </summary>
public sealed class IntakeService(
    IMailbox mailbox,
    IncomingReader reader,
    IntakeClassifier classifier,
    InboundMessageRepository ledger,
    IntakeCommit commit,
    WorkerStateRepository state,
    TimeProvider time,
    ILogger<IntakeService> logger)
{
    private const int BatchMessages = 250;
    private const long BatchBytes = 64L * 1024 * 1024;
    private static readonly IReadOnlyDictionary<string, string> NoMoves = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Processes everything waiting in the mailbox.</summary>
    public async Task<IntakeSummary> PollAsync(CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<MessageOutcome, int>();
        try
        {
            var waiting = await mailbox.ListAsync(cancellationToken).ConfigureAwait(false);
            var known = await ledger.FindManyAsync(mailbox.Name, waiting.Select(message => message.SourceKey).ToList(), cancellationToken).ConfigureAwait(false);
            var unfinished = waiting.Where(message => known.ContainsKey(message.SourceKey)).Select(message => new MailboxMove(message, known[message.SourceKey].Outcome)).ToList();
            if (unfinished.Count > 0)
            {
                // Committed before a crash or an interrupted move: finish the move, nothing else.
                var locations = await mailbox.MoveAsync(unfinished, cancellationToken).ConfigureAwait(false);
                await ledger.SetLocationsAsync(mailbox.Name, locations, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Finished moving {Count} message(s) processed before an interruption", unfinished.Count);
            }
            await TakeInAsync(Batches(waiting.Where(message => !known.ContainsKey(message.SourceKey))), outcomes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Polling {Mailbox} failed; the next poll tries again", mailbox.Name);
            await state.SetAsync(WorkerStatus.LastPoll, $"failed: {exception.GetType().Name}: {exception.Message}", time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        var summary = new IntakeSummary(outcomes);
        await state.SetAsync(WorkerStatus.LastPoll, $"ok: {summary}", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (outcomes.Count > 0)
        {
            logger.LogInformation("Polled {Mailbox}: {Summary}", mailbox.Name, summary.ToString());
        }
        return summary;
    }

    /// <summary>
    /// Batch after batch: read, classify, commit, move. The mail server and the database work side by side: while one
    /// batch is classified and committed, the mailbox moves the batch committed before it and reads the next one (the
    /// mailbox takes one call at a time). Where a batch went is recorded in a later batch's transaction, or after the last.
    /// </summary>
    private async Task TakeInAsync(List<IReadOnlyList<MailboxMessage>> batches, Dictionary<MessageOutcome, int> outcomes, CancellationToken cancellationToken)
    {
        if (batches.Count == 0)
        {
            return;
        }
        var mailboxWork = MailboxStepAsync([], batches[0], cancellationToken);
        IReadOnlyList<DecidedMessage> committed = [];
        var unrecorded = NoMoves;
        try
        {
            for (var i = 0; i < batches.Count; i++)
            {
                (unrecorded, var read) = await mailboxWork.ConfigureAwait(false);
                mailboxWork = MailboxStepAsync(committed, i + 1 < batches.Count ? batches[i + 1] : [], cancellationToken);

                var started = Stopwatch.GetTimestamp();
                var batch = await DecideAsync(read, cancellationToken).ConfigureAwait(false);
                var classified = Stopwatch.GetTimestamp();
                var cases = await commit.CommitAsync(mailbox.Name, batch, unrecorded, cancellationToken).ConfigureAwait(false);
                unrecorded = NoMoves;
                logger.LogDebug("Batch of {Count}: classify {ClassifyMs} ms, store {StoreMs} ms", batch.Count, Stopwatch.GetElapsedTime(started, classified).TotalMilliseconds,
                    Stopwatch.GetElapsedTime(classified).TotalMilliseconds);
                for (var n = 0; n < batch.Count; n++)
                {
                    Log(batch[n], cases[n]);
                    outcomes[batch[n].Decision.Outcome] = outcomes.GetValueOrDefault(batch[n].Decision.Outcome) + 1;
                }
                committed = batch;
            }
            (unrecorded, _) = await mailboxWork.ConfigureAwait(false);
            mailboxWork = MailboxStepAsync(committed, [], cancellationToken);
            var (last, _) = await mailboxWork.ConfigureAwait(false);
            await ledger.SetLocationsAsync(mailbox.Name, unrecorded.Concat(last).ToDictionary(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A batch committed and moved before the failure: where it went is still worth keeping (for `failed retry`).
            await ((Task)mailboxWork).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var moved = mailboxWork.IsCompletedSuccessfully ? unrecorded.Concat(mailboxWork.Result.Moved).ToDictionary(StringComparer.Ordinal) : unrecorded;
            try
            {
                await ledger.SetLocationsAsync(mailbox.Name, moved, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception alsoFailed)
            {
                logger.LogWarning(alsoFailed, "Recording where the last batches were moved failed as well");
            }
            throw;
        }
    }

    // The mailbox's share between two commits, beside the database's: move the batch committed last, then read the next one.
    private Task<(IReadOnlyDictionary<string, string> Moved, IReadOnlyList<IncomingMessage> Read)> MailboxStepAsync(IReadOnlyList<DecidedMessage> committed,
        IReadOnlyList<MailboxMessage> next, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        var moved = NoMoves;
        if (committed.Count > 0)
        {
            var started = Stopwatch.GetTimestamp();
            moved = await mailbox.MoveAsync(committed.Select(decided => new MailboxMove(decided.Message.Source, decided.Decision.Outcome)).ToList(), cancellationToken)
                .ConfigureAwait(false);
            logger.LogDebug("Moved a batch of {Moved}: {MoveMs} ms", committed.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        IReadOnlyList<IncomingMessage> read = next.Count > 0 ? await reader.ReadAsync(mailbox, next, cancellationToken).ConfigureAwait(false) : [];
        return (moved, read);
    }, cancellationToken);

    // Each message against everything committed before, and against the messages before it in the batch.
    private async Task<IReadOnlyList<DecidedMessage>> DecideAsync(IReadOnlyList<IncomingMessage> messages, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(await ledger.KnownContentAsync(messages.Where(message => message.Unreadable is null).Select(message => message.Sha256).ToList(),
            cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        var decisions = await classifier.ClassifyManyAsync(messages, seen, cancellationToken).ConfigureAwait(false);
        return messages.Zip(decisions, (message, decision) => new DecidedMessage(message, decision)).ToList();
    }

    // After the commit: one line per message, in a scope that names the message and its case (never the complainant).
    private void Log(DecidedMessage decided, CaseNumber? number)
    {
        using var scope = logger.BeginWork(decided.Message.LogId, number);
        switch (decided.Decision)
        {
            case IntakeDecision.Registered:
                logger.LogInformation("Registered a new case");
                break;
            case IntakeDecision.Rejected { Rule: RejectionReason.Duplicate }:
                logger.LogInformation("Rejected as a repeat of its decided case; answered on that case");
                break;
            case IntakeDecision.Rejected rejected:
                logger.LogInformation("Rejected as {Rejection}, recorded as a case", rejected.Rule);
                break;
            case IntakeDecision.FollowUp { Sender: { } sender }:
                logger.LogInformation("Added to its case ({Reason})", $"a reply by the {sender.ToString().ToLowerInvariant()}");
                break;
            case IntakeDecision.FollowUp or IntakeDecision.RepeatInBatch:
                logger.LogInformation("Added to its case ({Reason})", "a follow-up");
                break;
            case IntakeDecision.BounceOfOurMail bounce:
                logger.LogWarning("Mail {OriginalMessageId} of the case bounced; the handler is told", bounce.Bounce.OriginalMessageId);
                break;
            case IntakeDecision.SuspectedSpoof:
                logger.LogWarning("Suspected spoof: the message claims the case's thread from outside the case; ignored");
                break;
            case IntakeDecision.Failed failed:
                logger.LogError("Moved to the failed folder: {Reason}", failed.Reason);
                break;
            default:
                logger.LogInformation("Ignored: {Reason}", decided.Decision.Reason);
                break;
        }
    }

    private static List<IReadOnlyList<MailboxMessage>> Batches(IEnumerable<MailboxMessage> messages)
    {
        var batches = new List<IReadOnlyList<MailboxMessage>>();
        var batch = new List<MailboxMessage>();
        long bytes = 0;
        foreach (var message in messages)
        {
            if (batch.Count > 0 && (batch.Count >= BatchMessages || bytes + message.Size > BatchBytes))
            {
                batches.Add(batch);
                batch = [];
                bytes = 0;
            }
            batch.Add(message);
            bytes += message.Size;
        }
        if (batch.Count > 0)
        {
            batches.Add(batch);
        }
        return batches;
    }
}
