using MailComplaints.Cases;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Storage;
using MailComplaints.Threads;

namespace MailComplaints.Intake;

/// <summary>
/// What a decision other than a new case does, in the intake's transaction: a follow-up joins its case (a handler's
/// reply applies its commands), a repeat of a decided complaint is answered on the case that decided it, a bounce of
/// our own mail is noted on its case and told to the handler, a registered handler whose commands reached no case
/// hears why, and everything else is only recorded in the ledger.
/// </summary>
public sealed class DecisionActions(InboundMessageRepository ledger, CaseRepository cases, OutboxRepository outbox, CaseMails mails, ThreadReplies replies)
{
    /// <summary>
    /// Acts on <paramref name="decided"/>; gives the number of the case it concerns, if any. <paramref name="current"/>
    /// holds the cases changed earlier in this transaction as they are now, so that two replies on one case in one batch
    /// see each other's changes.
    /// </summary>
    public async Task<CaseNumber?> ApplyAsync(UnitOfWork unit, string mailbox, DecidedMessage decided, IDictionary<long, Case> current, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        ArgumentNullException.ThrowIfNull(current);
        var (message, decision) = decided;
        switch (decision)
        {
            case IntakeDecision.FollowUp followUp:
            {
                // The case as it is now, locked: it was decided on a copy read before this transaction, and the step below writes it back.
                var related = current.TryGetValue(followUp.Case.Id, out var changed) ? changed
                    : await cases.LockAsync(unit, followUp.Case.Id, cancellationToken).ConfigureAwait(false) ?? followUp.Case;
                var entry = await RecordAsync(unit, mailbox, decided, related.Id, now, cancellationToken).ConfigureAwait(false);
                await KeepAttachmentsAsync(unit, related.Id, entry, message, now, cancellationToken).ConfigureAwait(false);
                current[related.Id] = await replies.ApplyAsync(unit, related, message.Parsed!, decision.Text, followUp, now, cancellationToken).ConfigureAwait(false);
                return related.Number;
            }
            case IntakeDecision.Rejected { Rule: RejectionReason.Duplicate, Decided: { } earlier }:
            {
                // A repeat of a decided complaint: kept with the case that decided it, and answered there.
                var entry = await RecordAsync(unit, mailbox, decided, earlier.Id, now, cancellationToken).ConfigureAwait(false);
                await KeepAttachmentsAsync(unit, earlier.Id, entry, message, now, cancellationToken).ConfigureAwait(false);
                var answer = mails.RejectRepeat(earlier, message.Parsed!, message.Source.ArrivedAt);
                await outbox.EnqueueAsync(unit, answer, now, cancellationToken).ConfigureAwait(false);
                await cases.RecordAsync(unit, earlier.Id, CaseEventKind.RepeatRejected, "intake", $"message {message.LogId}: {decision.Reason}; answer {answer.MessageId}", now,
                    cancellationToken).ConfigureAwait(false);
                return earlier.Number;
            }
            case IntakeDecision.BounceOfOurMail bounce:
                await RecordAsync(unit, mailbox, decided, bounce.Case.Id, now, cancellationToken).ConfigureAwait(false);
                await NoticeDeliveryFailureAsync(unit, bounce, message.LogId, now, cancellationToken).ConfigureAwait(false);
                return bounce.Case.Number;
            case IntakeDecision.SuspectedSpoof spoof:
                await RecordAsync(unit, mailbox, decided, null, now, cancellationToken).ConfigureAwait(false);
                if (spoof.RegisteredHandler is { } handler)
                {
                    await outbox.EnqueueAsync(unit, mails.NoticeUnmatchedReply(handler, message.Parsed!, UnmatchedReply.NotMatched, decision.Language), now, cancellationToken)
                        .ConfigureAwait(false);
                }
                return spoof.Claimed;
            case IntakeDecision.UnmatchedCommands unmatched:
                await RecordAsync(unit, mailbox, decided, null, now, cancellationToken).ConfigureAwait(false);
                await outbox.EnqueueAsync(unit, mails.NoticeUnmatchedReply(unmatched.Handler, message.Parsed!, UnmatchedReply.NoCase, decision.Language), now, cancellationToken)
                    .ConfigureAwait(false);
                return null;
            default:
                await RecordAsync(unit, mailbox, decided, null, now, cancellationToken).ConfigureAwait(false);
                return null;
        }
    }

    private Task<long> RecordAsync(UnitOfWork unit, string mailbox, DecidedMessage decided, long? caseId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ledger.RecordAsync(unit, mailbox, decided.Message.Record(decided.Decision, caseId), now, cancellationToken);

    private async Task KeepAttachmentsAsync(UnitOfWork unit, long caseId, long inboundMessageId, IncomingMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var file in await IncomingFile.AllOfAsync(message.Parsed!, cancellationToken).ConfigureAwait(false))
        {
            await cases.AddAttachmentAsync(unit, caseId, inboundMessageId, file.Attachment, file.Content, now, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task NoticeDeliveryFailureAsync(UnitOfWork unit, IntakeDecision.BounceOfOurMail bounce, string reportId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var original = await outbox.FindAsync(bounce.Bounce.OriginalMessageId!, cancellationToken).ConfigureAwait(false);
        var subject = original is null ? "" : mails.SubjectOf(original);
        var reason = string.Join("; ", bounce.Bounce.Failed.Select(recipient => $"{recipient.Status} {recipient.DiagnosticCode}".Trim()).Where(text => text.Length > 0)
            .DefaultIfEmpty("delivery failed"));
        await cases.RecordAsync(unit, bounce.Case.Id, CaseEventKind.DeliveryFailed, "intake", $"mail {bounce.Bounce.OriginalMessageId} bounced ({reason}); report {reportId}", now,
            cancellationToken).ConfigureAwait(false);
        await outbox.EnqueueAsync(unit, mails.NoticeDeliveryFailure(bounce.Case, subject, reason), now, cancellationToken).ConfigureAwait(false);
    }
}
