using System.Globalization;
using System.Security.Cryptography;
using MailComplaints.Cases;
using MailComplaints.Mail.Mime;
using MailComplaints.Mailboxes;
using MailComplaints.Operations;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
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
/// Takes messages from the mailbox into the database exactly once. For each message: if the ledger already
/// knows its place, the previous run committed its outcome and only the move is left; otherwise it is read,
/// its outcome and everything that follows from it (the case, its audit entry, the acknowledgement in the
/// outbox) commit in one transaction, and only then does it leave the inbox.
/// </summary>
public sealed class IntakeService(
    IMailbox mailbox,
    Database database,
    InboundMessageRepository ledger,
    CaseRepository cases,
    OutboxRepository outbox,
    Acknowledgements acknowledgements,
    IReadOnlyList<Handler> handlers,
    IntakeSettings intake,
    ProcedureSettings procedure,
    WorkerStateRepository state,
    TimeProvider time,
    ILogger<IntakeService> logger)
{
    /// <summary>Processes everything waiting in the mailbox.</summary>
    public async Task<IntakeSummary> PollAsync(CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<MessageOutcome, int>();
        try
        {
            foreach (var message in await mailbox.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = logger.BeginScope(new Dictionary<string, object> { ["SourceKey"] = message.SourceKey });
                var outcome = await ProcessAsync(message, cancellationToken).ConfigureAwait(false);
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

    private async Task<MessageOutcome> ProcessAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        var known = await ledger.FindAsync(mailbox.Name, message.SourceKey, cancellationToken).ConfigureAwait(false);
        if (known is not null)
        {
            // The outcome was committed before a crash or an interrupted move: finish the move, nothing else.
            await mailbox.MoveAsync(message, known.Outcome, cancellationToken).ConfigureAwait(false);
            return known.Outcome;
        }

        if (message.Size > intake.MaxMessageBytes)
        {
            return await RecordWithoutCaseAsync(message, null, ReadOnlyMemory<byte>.Empty, HashOf([]), MessageOutcome.Failed,
                string.Create(CultureInfo.InvariantCulture, $"larger than Intake:MaxMessageBytes ({message.Size} > {intake.MaxMessageBytes} bytes); the message stays in the Failed folder"),
                cancellationToken).ConfigureAwait(false);
        }

        byte[] raw;
        await using (var stream = await mailbox.OpenAsync(message, cancellationToken).ConfigureAwait(false))
        using (var buffer = new MemoryStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            raw = buffer.ToArray();
        }
        var sha256 = HashOf(raw);
        var parsed = MimeMessage.Load(raw);

        var earlier = await ledger.FindByContentAsync(sha256, cancellationToken).ConfigureAwait(false);
        if (earlier is not null)
        {
            return await RecordWithoutCaseAsync(message, parsed.MessageId, raw, sha256, MessageOutcome.Ignored,
                string.Create(CultureInfo.InvariantCulture, $"the same bytes were processed before as message {earlier.Id} ({earlier.Outcome})"), cancellationToken).ConfigureAwait(false);
        }

        var sender = new[] { parsed.From, parsed.Sender, parsed.ReplyTo }.Where(list => list.Count > 0).Select(list => list[0]).FirstOrDefault();
        if (sender is null || string.IsNullOrWhiteSpace(sender.Address))
        {
            return await RecordWithoutCaseAsync(message, parsed.MessageId, raw, sha256, MessageOutcome.Failed,
                "no sender address in From, Sender or Reply-To", cancellationToken).ConfigureAwait(false);
        }

        return await RegisterAsync(message, parsed, sender, raw, sha256, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MessageOutcome> RegisterAsync(MailboxMessage message, MimeMessage parsed, MailboxAddress sender, byte[] raw, string sha256, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var text = parsed.GetTextBody()?.Trim() ?? "";
        var newCase = new NewCase(
            CaseStatus.Registered,
            null,
            new Complainant(string.IsNullOrWhiteSpace(sender.Name) ? null : sender.Name, sender.Address),
            parsed.Subject,
            text,
            LanguageGuess.Of(text.Length > 0 ? text : parsed.Subject),
            handlers.First(handler => handler.Role == HandlerRole.Handler).Email,
            IncidentDate: null,
            message.ArrivedAt);

        Case registered;
        await using (var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            registered = await cases.RegisterAsync(unit, newCase, procedure.CaseNumberPrefix, now, cancellationToken).ConfigureAwait(false);
            await ledger.RecordAsync(unit, mailbox.Name, message.SourceKey, parsed.MessageId, sha256, raw, MessageOutcome.Registered, null, registered.Id,
                message.ArrivedAt, now, cancellationToken).ConfigureAwait(false);
            await cases.RecordAsync(unit, registered.Id, "Registered", "intake", $"message {parsed.MessageId ?? message.SourceKey}; handler {registered.HandlerEmail}", now, cancellationToken).ConfigureAwait(false);
            var acknowledgement = acknowledgements.Compose(registered, parsed.MessageId, parsed.References);
            await outbox.EnqueueAsync(unit, acknowledgement, now, cancellationToken).ConfigureAwait(false);
            await cases.RecordAsync(unit, registered.Id, "AcknowledgementQueued", "intake", acknowledgement.MessageId, now, cancellationToken).ConfigureAwait(false);
            await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("Registered {CaseNumber} from {MessageId}", registered.Number.ToString(), parsed.MessageId ?? message.SourceKey);

        await mailbox.MoveAsync(message, MessageOutcome.Registered, cancellationToken).ConfigureAwait(false);
        return MessageOutcome.Registered;
    }

    private async Task<MessageOutcome> RecordWithoutCaseAsync(MailboxMessage message, string? messageId, ReadOnlyMemory<byte> raw, string sha256,
        MessageOutcome outcome, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using (var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            await ledger.RecordAsync(unit, mailbox.Name, message.SourceKey, messageId, sha256, raw, outcome, reason, null, message.ArrivedAt, now, cancellationToken).ConfigureAwait(false);
            await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        if (outcome == MessageOutcome.Failed)
        {
            logger.LogError("Message {MessageId} failed: {Reason}", messageId ?? message.SourceKey, reason);
        }
        else
        {
            logger.LogInformation("Message {MessageId} {Outcome}: {Reason}", messageId ?? message.SourceKey, outcome, reason);
        }
        await mailbox.MoveAsync(message, outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private static string HashOf(ReadOnlySpan<byte> raw) => Convert.ToHexStringLower(SHA256.HashData(raw));
}
