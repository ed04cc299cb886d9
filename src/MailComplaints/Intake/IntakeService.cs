using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using MailComplaints.Cases;
using MailComplaints.Intake.Classification;
using MailComplaints.Reading;
using MimeKit;
using MailComplaints.Mailboxes;
using MailComplaints.Operations;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Storage;
using MailComplaints.Threads;
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
/// Takes messages from the mailbox into the database exactly once, in batches. A message whose place the ledger
/// already knows had its outcome committed before a crash: only its move is left. The others are read, classified,
/// and their outcomes, with everything that follows from them (cases, audit entries, attachments, mails in the
/// outbox), commit in one transaction per batch; only then do they leave the inbox, a whole folder's worth with
/// one move. A crash at any point therefore loses nothing, registers nothing twice and queues no mail twice.
/// </summary>
public sealed class IntakeService(
    IMailbox mailbox,
    Database database,
    IntakeClassifier classifier,
    InboundMessageRepository ledger,
    CaseRepository cases,
    OutboxRepository outbox,
    CaseMails mails,
    CaseProcedure caseProcedure,
    ThreadReplies replies,
    CaseRouting routing,
    IntakeSettings intake,
    ProcedureSettings procedure,
    WorkerStateRepository state,
    TimeProvider time,
    ILogger<IntakeService> logger)
{
    private const int BatchMessages = 250;
    private const long BatchBytes = 64L * 1024 * 1024;

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
                await MoveAsync(unfinished, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Finished moving {Count} message(s) processed before an interruption", unfinished.Count);
            }
            foreach (var outcome in await ProcessAllAsync(Batches(waiting.Where(message => !known.ContainsKey(message.SourceKey))), cancellationToken).ConfigureAwait(false))
            {
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
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

    private IEnumerable<List<MailboxMessage>> Batches(IEnumerable<MailboxMessage> messages)
    {
        var batch = new List<MailboxMessage>();
        long bytes = 0;
        foreach (var message in messages)
        {
            if (batch.Count > 0 && (batch.Count >= BatchMessages || bytes + message.Size > BatchBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(message);
            bytes += message.Size;
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Processes batch after batch as a pipeline of three lanes, so that the mail server and the database work at the
    /// same time: the mailbox lane fetches (and parses) the next batch while the database lane classifies and commits
    /// this one, and the batches committed before are moved meanwhile. The database lane takes one batch at a time, in
    /// order, so each batch is classified against everything committed before it. A batch is moved only after its
    /// commit, as before; the mailbox itself is used by one call at a time.
    /// </summary>
    private async Task<IReadOnlyList<MessageOutcome>> ProcessAllAsync(IEnumerable<List<MailboxMessage>> batches, CancellationToken cancellationToken)
    {
        var outcomes = new List<MessageOutcome>();
        using var mailboxLane = new SemaphoreSlim(1, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fetched = Channel.CreateBounded<FetchedBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var moves = new List<Task>();

        async Task FetchAllAsync()
        {
            try
            {
                foreach (var batch in batches)
                {
                    FetchedBatch next;
                    await mailboxLane.WaitAsync(stop.Token).ConfigureAwait(false);
                    try
                    {
                        next = await FetchAsync(batch, stop.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        mailboxLane.Release();
                    }
                    await fetched.Writer.WriteAsync(next, stop.Token).ConfigureAwait(false);
                }
                fetched.Writer.Complete();
            }
            catch (Exception exception)
            {
                fetched.Writer.Complete(exception);
            }
        }

        // The move lane only talks to the mail server; where the messages went is written by the database lane, in its
        // next transaction, so that SQLite never has two writers waiting on each other.
        var moved = new ConcurrentQueue<IReadOnlyDictionary<string, string>>();
        async Task MoveBatchAsync(IReadOnlyList<MailboxMove> batch)
        {
            await mailboxLane.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var started = Stopwatch.GetTimestamp();
                moved.Enqueue(await mailbox.MoveAsync(batch, cancellationToken).ConfigureAwait(false));
                logger.LogDebug("Moved a batch of {Moved}: {MoveMs} ms", batch.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            finally
            {
                mailboxLane.Release();
            }
        }

        var fetching = FetchAllAsync();
        // The fetch stops, the moves of committed batches run to their end, and where they went is recorded.
        async Task FinishAsync()
        {
            await fetching.ConfigureAwait(false);
            await Task.WhenAll(moves).ConfigureAwait(false);
            await ledger.SetLocationsAsync(mailbox.Name, Drain(moved), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await foreach (var batch in fetched.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var decided = await StoreAsync(batch, moved, cancellationToken).ConfigureAwait(false);
                outcomes.AddRange(decided.Select(move => move.Outcome));
                moves.Add(MoveBatchAsync(decided));
            }
        }
        catch
        {
            // The batches committed before the failure are still moved; what fails in that as well is finished by the
            // next poll (the ledger knows those messages), so the failure reported is the first one.
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await FinishAsync().ConfigureAwait(false);
            }
            catch (Exception alsoFailed) when (alsoFailed is not OperationCanceledException)
            {
                logger.LogWarning(alsoFailed, "Moving processed messages failed as well; the next poll moves them");
            }
            throw;
        }
        await FinishAsync().ConfigureAwait(false);
        return outcomes;
    }

    private static Dictionary<string, string> Drain(ConcurrentQueue<IReadOnlyDictionary<string, string>> moved)
    {
        var locations = new Dictionary<string, string>(StringComparer.Ordinal);
        while (moved.TryDequeue(out var batch))
        {
            foreach (var (key, location) in batch)
            {
                locations[key] = location;
            }
        }
        return locations;
    }

    /// <summary>A batch as read from the mailbox: every message fetched, hashed and parsed (or why it could not be).</summary>
    private sealed record FetchedBatch(int Count, List<IncomingMessage> Incoming, double FetchMs);

    private async Task<FetchedBatch> FetchAsync(List<MailboxMessage> batch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var read = new Dictionary<string, IncomingMessage>(StringComparer.Ordinal);
        foreach (var message in batch.Where(message => message.Size > intake.MaxMessageBytes))
        {
            read[message.SourceKey] = TooLarge(message);
        }
        var fetch = batch.Where(message => message.Size <= intake.MaxMessageBytes).ToList();
        if (fetch.Count > 0)
        {
            await mailbox.FetchAsync(fetch, async (message, stream, token) => read[message.SourceKey] = await ReadAsync(message, stream, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        var incoming = batch.Where(message => read.ContainsKey(message.SourceKey)).Select(message => read[message.SourceKey]).ToList();
        Parallel.For(0, incoming.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => incoming[i] = incoming[i] with { Reading = classifier.Read(incoming[i]) });
        return new FetchedBatch(batch.Count, incoming, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    // Classifies a fetched batch and commits every outcome with what follows from it, together with where the batches
    // moved since went (kept for the final write when this commit fails); gives the moves to make.
    private async Task<IReadOnlyList<MailboxMove>> StoreAsync(FetchedBatch batch, ConcurrentQueue<IReadOnlyDictionary<string, string>> moved, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var incoming = batch.Incoming;
        var seen = new HashSet<string>(await ledger.KnownContentAsync(incoming.Where(m => m.Unreadable is null).Select(m => m.Sha256).ToList(), cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        var decisions = incoming.Zip(await classifier.ClassifyManyAsync(incoming, seen, cancellationToken).ConfigureAwait(false)).ToList();
        var classified = Stopwatch.GetTimestamp();

        var locations = Drain(moved);
        IReadOnlyList<LogLine> logLines;
        try
        {
            logLines = await CommitAsync(decisions, locations, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            moved.Enqueue(locations);
            throw;
        }
        foreach (var line in logLines)
        {
            using (logger.BeginWork(line.MessageId, line.Case))
            {
                line.Write();
            }
        }
        logger.LogDebug("Batch of {Count}: fetch {FetchMs} ms, classify {ClassifyMs} ms, store {StoreMs} ms", batch.Count, batch.FetchMs,
            Stopwatch.GetElapsedTime(started, classified).TotalMilliseconds, Stopwatch.GetElapsedTime(classified).TotalMilliseconds);
        return decisions.Select(pair => new MailboxMove(pair.First.Source, pair.Second.Outcome)).ToList();
    }

    // One message's log line, written after the commit in the message's unit of work: the line names neither, its scope both.
    private sealed record LogLine(string MessageId, CaseNumber? Case, Action Write);

    // The id a message is known by in the logs: its Message-ID, or where it has none its place in the mailbox.
    private static string MessageIdOf(IncomingMessage message) => message.Parsed?.MessageId ?? message.Source.SourceKey;

    // One transaction: the places of messages moved before, then the batch's outcomes; gives each message's log line.
    private async Task<IReadOnlyList<LogLine>> CommitAsync(List<(IncomingMessage First, IntakeDecision Second)> decisions, IReadOnlyDictionary<string, string> locations,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var logLines = new LogLine[decisions.Count];
        var current = new Dictionary<long, Case>();
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        await ledger.SetLocationsAsync(unit, mailbox.Name, locations, cancellationToken).ConfigureAwait(false);
        // New cases first, all of the batch at once (numbers in message order); then the rest one by one. A repeat of a
        // decided complaint gets no case of its own: it is answered on the case that decided it.
        var complaints = Enumerable.Range(0, decisions.Count).Where(i => decisions[i].Second is IntakeDecision.Registered
            or IntakeDecision.Rejected { Rule: not RejectionReason.Duplicate }).ToList();
        var (registered, registeredLines) = await RegisterAllAsync(unit, complaints.Select(i => decisions[i]).ToList(), now, cancellationToken).ConfigureAwait(false);
        var caseOf = new Dictionary<int, Case>();
        for (var i = 0; i < complaints.Count; i++)
        {
            logLines[complaints[i]] = registeredLines[i];
            caseOf[complaints[i]] = registered[i];
        }
        for (var i = 0; i < decisions.Count; i++)
        {
            var (message, decision) = decisions[i];
            if (decision is IntakeDecision.RepeatInBatch { RegisteredInBatch: var first })
            {
                decision = IntakeClassifier.FollowUpOn(caseOf[first], decision.IncidentDate) with { Text = decision.Text };
            }
            if (logLines[i] is null)
            {
                // What the reply's handling logs inside the transaction (commands applied, steps taken) is about this message and its case.
                using (logger.BeginWork(MessageIdOf(message), decision.RelatedCase?.Number ?? (decision as IntakeDecision.SuspectedSpoof)?.Claimed))
                {
                    logLines[i] = await ApplyAsync(unit, message, decision, current, now, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        return logLines;
    }

    private async Task MoveAsync(IReadOnlyList<MailboxMove> moves, CancellationToken cancellationToken)
    {
        var locations = await mailbox.MoveAsync(moves, cancellationToken).ConfigureAwait(false);
        await ledger.SetLocationsAsync(mailbox.Name, locations, cancellationToken).ConfigureAwait(false);
    }

    // current: cases changed earlier in this batch, as they are now (two replies on one case in one batch see each other's changes).
    private async Task<LogLine> ApplyAsync(UnitOfWork unit, IncomingMessage message, IntakeDecision decision, Dictionary<long, Case> current, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var parsed = message.Parsed;
        var messageId = MessageIdOf(message);
        switch (decision)
        {
            case IntakeDecision.FollowUp followUp:
            {
                // The case as it is now, locked: it was decided on a copy read before this transaction, and the step below writes it back.
                var related = current.GetValueOrDefault(followUp.Case.Id)
                    ?? await cases.LockAsync(unit, followUp.Case.Id, cancellationToken).ConfigureAwait(false) ?? followUp.Case;
                var entry = await RecordAsync(unit, message, decision, related.Id, now, cancellationToken).ConfigureAwait(false);
                await KeepAttachmentsAsync(unit, related.Id, entry, parsed!, now, cancellationToken).ConfigureAwait(false);
                current[related.Id] = await replies.ApplyAsync(unit, related, parsed!, decision.Text, followUp, now, cancellationToken).ConfigureAwait(false);
                return new LogLine(messageId, related.Number, () => logger.LogInformation("Added to its case ({Reason})",
                    followUp.Sender is { } role ? $"a reply by the {role.ToString().ToLowerInvariant()}" : "a follow-up"));
            }
            case IntakeDecision.Rejected { Rule: RejectionReason.Duplicate, Decided: { } decided }:
            {
                // A repeat of a decided complaint: kept with the case that decided it, and answered there.
                var entry = await RecordAsync(unit, message, decision, decided.Id, now, cancellationToken).ConfigureAwait(false);
                await KeepAttachmentsAsync(unit, decided.Id, entry, parsed!, now, cancellationToken).ConfigureAwait(false);
                var answer = mails.RejectRepeat(decided, parsed!, message.Source.ArrivedAt);
                await outbox.EnqueueAsync(unit, answer, now, cancellationToken).ConfigureAwait(false);
                await cases.RecordAsync(unit, decided.Id, CaseEventKind.RepeatRejected, "intake", $"message {messageId}: {decision.Reason}; answer {answer.MessageId}", now, cancellationToken).ConfigureAwait(false);
                return new LogLine(messageId, decided.Number, () => logger.LogInformation("Rejected as a repeat of its decided case; answered on that case"));
            }
            case IntakeDecision.BounceOfOurMail bounce:
                await RecordAsync(unit, message, decision, bounce.Case.Id, now, cancellationToken).ConfigureAwait(false);
                await NoticeDeliveryFailureAsync(unit, bounce.Case, bounce.Bounce, messageId, now, cancellationToken).ConfigureAwait(false);
                return new LogLine(messageId, bounce.Case.Number, () => logger.LogWarning("Mail {OriginalMessageId} of the case bounced; the handler is told", bounce.Bounce.OriginalMessageId));
            case IntakeDecision.SuspectedSpoof spoof:
                await RecordAsync(unit, message, decision, null, now, cancellationToken).ConfigureAwait(false);
                if (spoof.RegisteredHandler is { } handler)
                {
                    await outbox.EnqueueAsync(unit, mails.NoticeUnmatchedReply(handler, parsed!, UnmatchedReply.NotMatched, decision.Language), now, cancellationToken).ConfigureAwait(false);
                }
                return new LogLine(messageId, spoof.Claimed, () => logger.LogWarning("Suspected spoof: the message claims the case's thread from outside the case; ignored"));
            case IntakeDecision.UnmatchedCommands unmatched:
                await RecordAsync(unit, message, decision, null, now, cancellationToken).ConfigureAwait(false);
                await outbox.EnqueueAsync(unit, mails.NoticeUnmatchedReply(unmatched.Handler, parsed!, UnmatchedReply.NoCase, decision.Language), now, cancellationToken).ConfigureAwait(false);
                return new LogLine(messageId, null, () => logger.LogInformation("Ignored: {Reason}", decision.Reason));
            case IntakeDecision.Failed:
                await RecordAsync(unit, message, decision, null, now, cancellationToken).ConfigureAwait(false);
                return new LogLine(messageId, null, () => logger.LogError("Moved to the failed folder: {Reason}", decision.Reason));
            default:
                await RecordAsync(unit, message, decision, null, now, cancellationToken).ConfigureAwait(false);
                return new LogLine(messageId, null, () => logger.LogInformation("Ignored: {Reason}", decision.Reason));
        }
    }

    // The message's line in the ledger, with its outcome, its reason and the case it went to.
    private Task<long> RecordAsync(UnitOfWork unit, IncomingMessage message, IntakeDecision decision, long? caseId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ledger.RecordAsync(unit, mailbox.Name, message.Source.SourceKey, message.Parsed?.MessageId, message.Sha256, message.Raw, decision.Outcome, decision.Reason,
            caseId, message.Source.ArrivedAt, now, cancellationToken);

    private async Task NoticeDeliveryFailureAsync(UnitOfWork unit, Case bounced, BounceReport bounce, string messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var original = await outbox.FindAsync(bounce.OriginalMessageId!, cancellationToken).ConfigureAwait(false);
        var subject = original is null ? "" : mails.SubjectOf(original);
        var reason = string.Join("; ", bounce.Failed.Select(recipient => $"{recipient.Status} {recipient.DiagnosticCode}".Trim()).Where(text => text.Length > 0).DefaultIfEmpty("delivery failed"));
        await cases.RecordAsync(unit, bounced.Id, CaseEventKind.DeliveryFailed, "intake", $"mail {bounce.OriginalMessageId} bounced ({reason}); report {messageId}", now, cancellationToken).ConfigureAwait(false);
        await outbox.EnqueueAsync(unit, mails.NoticeDeliveryFailure(bounced, subject, reason), now, cancellationToken).ConfigureAwait(false);
    }

    // The registered and rejected complaints of a batch become cases together: numbers in message order, each table
    // written once for the batch, every row and audit line as one by one. Gives each complaint's log line.
    private async Task<(IReadOnlyList<Case> Cases, IReadOnlyList<LogLine> LogLines)> RegisterAllAsync(UnitOfWork unit, List<(IncomingMessage Message, IntakeDecision Decision)> complaints, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (complaints.Count == 0)
        {
            return ([], []);
        }
        var routed = await routing.AssignAsync(unit, complaints
            .Where(complaint => complaint.Decision is IntakeDecision.Registered)
            .Select(complaint => new RoutedComplaint(((IntakeDecision.Registered)complaint.Decision).Complainant.Address, complaint.Message.Parsed!.Subject, complaint.Decision.Text))
            .ToList(), cancellationToken).ConfigureAwait(false);
        var next = 0;
        var handlerOf = complaints.Select(complaint => complaint.Decision is IntakeDecision.Registered ? routed[next++] : null).ToList();
        var registered = await cases.RegisterManyAsync(unit, complaints.Select((complaint, i) => NewCaseOf(complaint.Message, complaint.Decision, handlerOf[i])).ToList(),
            procedure.CaseNumberPrefix, now, cancellationToken).ConfigureAwait(false);
        var entries = await ledger.RecordManyAsync(unit, mailbox.Name, complaints.Select((complaint, i) => new InboundRecord(complaint.Message.Source.SourceKey,
            complaint.Message.Parsed!.MessageId, complaint.Message.Sha256, complaint.Message.Raw, complaint.Decision.Outcome, complaint.Decision.Reason, registered[i].Id,
            complaint.Message.Source.ArrivedAt)).ToList(), now, cancellationToken).ConfigureAwait(false);
        await cases.RecordManyAsync(unit, complaints.Select((complaint, i) => new CaseEventEntry(registered[i].Id, handlerOf[i] is null ? CaseEventKind.Rejected : CaseEventKind.Registered, "intake",
            $"message {complaint.Message.Parsed!.MessageId ?? complaint.Message.Source.SourceKey}: {complaint.Decision.Reason}{(handlerOf[i] is { } handler ? $"; handler {handler.Email}" : "")}"))
            .ToList(), now, cancellationToken).ConfigureAwait(false);

        var files = new List<IReadOnlyList<(CaseAttachment Attachment, byte[] Content)>>(complaints.Count);
        foreach (var (message, _) in complaints)
        {
            files.Add(await FilesOfAsync(message.Parsed!, cancellationToken).ConfigureAwait(false));
        }
        await cases.AddAttachmentsAsync(unit, files.SelectMany((list, i) => list.Select(file => (registered[i].Id, (long?)entries[i], file.Attachment, (ReadOnlyMemory<byte>)file.Content))).ToList(),
            now, cancellationToken).ConfigureAwait(false);

        var opened = Enumerable.Range(0, complaints.Count).Where(i => handlerOf[i] is not null).ToList();
        await caseProcedure.OpenManyAsync(unit, opened.Select(i => new CaseOpening(registered[i], complaints[i].Message.Parsed!,
            files[i].Select(file => new CaseFile(file.Attachment.FileName, file.Attachment.ContentType, file.Content)).ToList())).ToList(), now, cancellationToken).ConfigureAwait(false);

        var answered = Enumerable.Range(0, complaints.Count).Where(i => complaints[i].Decision is IntakeDecision.Rejected { Complainant: not null }).ToList();
        var replies = answered.Select(i => mails.Reject(registered[i], ((IntakeDecision.Rejected)complaints[i].Decision).Rule, complaints[i].Decision.IncidentDate,
            complaints[i].Message.Parsed!)).ToList();
        await outbox.EnqueueManyAsync(unit, replies, now, cancellationToken).ConfigureAwait(false);
        await cases.RecordManyAsync(unit, answered.Select((i, n) => new CaseEventEntry(registered[i].Id, CaseEventKind.RejectionQueued, "intake", replies[n].MessageId)).ToList(),
            now, cancellationToken).ConfigureAwait(false);

        return (registered, complaints.Select((complaint, i) => new LogLine(MessageIdOf(complaint.Message), registered[i].Number, handlerOf[i] is not null
            ? () => logger.LogInformation("Registered a new case")
            : () => logger.LogInformation("Rejected as {Rejection}, recorded as a case", (complaint.Decision as IntakeDecision.Rejected)?.Rule))).ToList());
    }

    // A registered complaint opens with its terms; a rejected one is recorded closed, with its rule.
    private NewCase NewCaseOf(IncomingMessage message, IntakeDecision decision, Handler? handler)
    {
        var subject = message.Parsed!.Subject;
        if (decision is IntakeDecision.Rejected rejected)
        {
            return new NewCase(CaseStatus.Rejected, rejected.Rule.ToString(), rejected.Complainant ?? new Complainant(null, SenderOf(message.Parsed!)), subject,
                decision.Text, decision.Language, null, decision.IncidentDate, message.Source.ArrivedAt);
        }
        var registration = (IntakeDecision.Registered)decision;
        var (termEnds, acknowledgeBy) = caseProcedure.TermsFor(message.Source.ArrivedAt);
        return new NewCase(CaseStatus.Registered, null, registration.Complainant, subject, decision.Text, decision.Language, handler?.Email, decision.IncidentDate,
            message.Source.ArrivedAt)
        {
            TermEnds = termEnds,
            AcknowledgeBy = acknowledgeBy,
            Channel = registration.RelayAddress is null ? CaseChannel.Email : CaseChannel.Relay,
            RelayAddress = registration.RelayAddress,
        };
    }

    private async Task KeepAttachmentsAsync(UnitOfWork unit, long caseId, long inboundMessageId, MimeMessage parsed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var (attachment, bytes) in await FilesOfAsync(parsed, cancellationToken).ConfigureAwait(false))
        {
            await cases.AddAttachmentAsync(unit, caseId, inboundMessageId, attachment, bytes, now, cancellationToken).ConfigureAwait(false);
        }
    }

    // The attachments of a message, decoded, with their SHA-256.
    private static async Task<IReadOnlyList<(CaseAttachment Attachment, byte[] Content)>> FilesOfAsync(MimeMessage parsed, CancellationToken cancellationToken)
    {
        var files = new List<(CaseAttachment, byte[])>();
        foreach (var part in MessageParts.Attachments(parsed))
        {
            var bytes = await MessageParts.ContentAsync(part, cancellationToken).ConfigureAwait(false);
            files.Add((new CaseAttachment(MessageParts.FileName(part) ?? "attachment", part.ContentType.MimeType, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))), bytes));
        }
        return files;
    }

    private async Task<IncomingMessage> ReadAsync(MailboxMessage message, Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(message.Size is > 0 and < int.MaxValue ? (int)message.Size : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int count;
            while ((count = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + count > intake.MaxMessageBytes)
                {
                    return TooLarge(message);
                }
                buffer.Write(chunk, 0, count);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        // The declared size is almost always right, and then the buffer is the message: no copy.
        var raw = buffer.TryGetBuffer(out var written) && written.Offset == 0 && written.Count == written.Array!.Length ? written.Array : buffer.ToArray();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(raw));
        try
        {
            return new IncomingMessage(message, raw, sha256, MessageParser.Parse(raw), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new IncomingMessage(message, raw, sha256, null, $"unreadable: {exception.GetType().Name}: {exception.Message}");
        }
    }

    private IncomingMessage TooLarge(MailboxMessage message) => new(message, [], Convert.ToHexStringLower(SHA256.HashData([])), null,
        string.Create(CultureInfo.InvariantCulture, $"larger than Intake:MaxMessageBytes ({message.Size} > {intake.MaxMessageBytes} bytes); the message stays in the Failed folder"));

    private static string SenderOf(MimeMessage parsed) => MessageAddresses.SenderOf(parsed)?.Address ?? "";
}
