using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Intake.Text;
using MailComplaints.Reading;
using MimeKit;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Storage;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Threads;

/// <summary>
/// Acts on a reply on a case's thread, in the intake's unit of work (docs/threads.md). The complainant's reply is
/// added to the case and forwarded to the handler, or withdraws the case. A handler's or the director's reply is
/// read for commands, which count only when the sender proved who they are (a valid token, or a trusted
/// Authentication-Results pass); otherwise nothing changes and nothing is answered. A reply's commands apply all
/// together or not at all: the first refused one rolls the others back, and the handler is told why. The text
/// under the commands goes to the complainant from the complaints address, on the complainant's thread. Its log
/// lines name neither message nor case: the intake has pushed both for the message's unit of work.
/// </summary>
public sealed class ThreadReplies(CaseProcedure caseProcedure, CaseMails mails, OutboxRepository outbox, CaseRepository cases, ProcedureTerms terms,
    ILogger<ThreadReplies> logger)
{
    private const string Savepoint = "handler_reply";

    /// <summary>Acts on <paramref name="reply"/> (its own text: <paramref name="text"/>) on the thread of <paramref name="case"/>; returns the case as it is now.</summary>
    public async Task<Case> ApplyAsync(UnitOfWork unit, Case @case, MimeMessage reply, string text, IntakeDecision.FollowUp decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(decision);
        var messageId = reply.MessageId ?? "(no Message-ID)";
        if (decision.Sender is null or ThreadSender.Complainant)
        {
            return await FromComplainantAsync(unit, @case, reply, text, decision.Sender is not null, now, cancellationToken).ConfigureAwait(false);
        }
        var sender = mails.HandlerWithAddress(MessageAddresses.SenderOf(reply)?.Address);
        if (sender is null || !decision.Authenticated)
        {
            logger.LogWarning("Suspected spoof on the case's thread: the message comes from a handler's address without a valid token or passing authentication; nothing changed");
            await cases.RecordAsync(unit, @case.Id, CaseEventKind.SuspectedSpoof, null, $"message {messageId}: handler's address, no valid token or authentication; ignored", now, cancellationToken).ConfigureAwait(false);
            if (sender is not null)
            {
                // The handler (or whoever wrote in their name) lost the thread: the registered address hears why nothing was done.
                await outbox.EnqueueAsync(unit, mails.NoticeUnmatchedReply(sender, reply, UnmatchedReply.NotMatched, @case.Language), now, cancellationToken).ConfigureAwait(false);
            }
            return @case;
        }
        return await FromHandlerAsync(unit, @case, sender, reply, text, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Case> FromComplainantAsync(UnitOfWork unit, Case @case, MimeMessage reply, string text, bool isReply, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var actor = @case.Complainant.Address;
        // The handler gets what the complainant wrote this time, without the earlier mail they quoted.
        var own = QuotedTextStripper.OwnTextWithClosing(text) is { Length: > 0 } written ? written : text;
        if (isReply && WithdrawalRequest.IsWithdrawal(text) && @case.Status is not (CaseStatus.Resolved or CaseStatus.Withdrawn or CaseStatus.Rejected))
        {
            var thread = CaseThread.Of(reply);
            var withdrawn = await caseProcedure.WithdrawAsync(unit, @case, actor, thread, now, cancellationToken).ConfigureAwait(false);
            await outbox.EnqueueAsync(unit, mails.NoticeFollowUp(withdrawn.Case, reply, own, withdrawn: true), now, cancellationToken).ConfigureAwait(false);
            return withdrawn.Case;
        }
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.FollowUp, actor, $"message {reply.MessageId}", now, cancellationToken).ConfigureAwait(false);
        await outbox.EnqueueAsync(unit, mails.NoticeFollowUp(@case, reply, own), now, cancellationToken).ConfigureAwait(false);
        if (!isReply)
        {
            // A new mail about the same matter, not a reply on the case's thread: the complainant hears where it went.
            await outbox.EnqueueAsync(unit, mails.AnswerRepeat(@case, reply, now), now, cancellationToken).ConfigureAwait(false);
        }
        return @case;
    }

    private async Task<Case> FromHandlerAsync(UnitOfWork unit, Case @case, Handler sender, MimeMessage reply, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var thread = CaseThread.Of(reply);
        var parsed = HandlerCommands.Parse(text);
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.HandlerReply, sender.Email, $"message {reply.MessageId}: {parsed.Commands.Count} command(s)", now, cancellationToken).ConfigureAwait(false);
        if (parsed.Errors.Count > 0)
        {
            return await RefuseAsync(unit, @case, sender, CommandRefusal.Unreadable(parsed.Errors[0], parsed), thread, now, cancellationToken).ConfigureAwait(false);
        }
        if (parsed.Commands.Count == 0 && parsed.MessageToComplainant is null)
        {
            return await RefuseAsync(unit, @case, sender, CommandRefusal.Empty, thread, now, cancellationToken).ConfigureAwait(false);
        }

        // Mails to the complainant continue the thread of their acknowledgement: looked up once for the whole reply.
        var complainantThread = await caseProcedure.ComplainantThreadAsync(@case, cancellationToken).ConfigureAwait(false);
        await unit.SaveAsync(Savepoint, cancellationToken).ConfigureAwait(false);
        // The handler's own message goes first: the complainant reads it before any mail its commands bring. A refused
        // command takes it back with the rest.
        if (parsed.MessageToComplainant is { } message)
        {
            await caseProcedure.SendToComplainantAsync(unit, @case, sender, message, complainantThread, now, cancellationToken).ConfigureAwait(false);
        }
        var current = @case;
        var changes = new List<StepNote>();
        foreach (var command in parsed.Commands.Where(command => command is not Help))
        {
            var step = await ApplyAsync(unit, current, sender, command, complainantThread, now, cancellationToken).ConfigureAwait(false);
            if (!step.Applied)
            {
                await unit.RollbackToAsync(Savepoint, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Refused {Command}: nothing changed", CommandName(command));
                return await RefuseAsync(unit, @case, sender, CommandRefusal.ByProcedure(command, step.Note, parsed), thread, now, cancellationToken).ConfigureAwait(false);
            }
            changes.Add(step.Note);
            current = step.Case;
        }
        var settled = await SettleAsync(unit, current, sender, parsed.Commands, complainantThread, now, cancellationToken).ConfigureAwait(false);
        if (settled is not null)
        {
            changes.Add(settled.Note);
            current = settled.Case;
        }
        if (parsed.MessageToComplainant is not null)
        {
            changes.Add(new StepNote(StepOutcome.MessageSent));
        }
        if (parsed.Commands.Any(command => command is Help))
        {
            await outbox.EnqueueAsync(unit, mails.Help(current, sender, thread), now, cancellationToken).ConfigureAwait(false);
        }
        var applied = parsed.Commands.Where(command => command is not Help).Select(command => command.Line).ToList();
        if (changes.Count > 0)
        {
            await outbox.EnqueueAsync(unit, mails.Confirm(current, sender, string.Join("\n", applied), changes, thread), now, cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("Applied {Count} command(s)", applied.Count);
        return current;
    }

    // A solution and the complainant's answer settle the case unless the reply already did: agreed → closed with the summary;
    // not agreed → to the director, and when the director's answer is disputed too → to the independent third party.
    private async Task<ProcedureStep?> SettleAsync(UnitOfWork unit, Case @case, Handler sender, IReadOnlyList<HandlerCommand> commands, CaseThread thread, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (commands.Any(command => command is Close or Escalate or Refer) || @case.Solution is null || @case.ComplainantAgrees is not { } agrees
            || !commands.Any(command => command is RecordAgreement or RecordSolution)
            || @case.Status is not (CaseStatus.Registered or CaseStatus.InHandling or CaseStatus.Escalated))
        {
            return null;
        }
        if (agrees)
        {
            return await caseProcedure.CloseAsync(unit, @case, sender.Email, thread, now, cancellationToken).ConfigureAwait(false);
        }
        return @case.Status == CaseStatus.Escalated
            ? await caseProcedure.ReferAsync(unit, @case, sender.Email, thread, now, cancellationToken).ConfigureAwait(false)
            : await caseProcedure.EscalateAsync(unit, @case, EscalationCause.Disagreement, null, sender.Email, thread, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ProcedureStep> ApplyAsync(UnitOfWork unit, Case @case, Handler sender, HandlerCommand command, CaseThread thread, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var actor = sender.Email;
        switch (command)
        {
            case RecordSolution solution:
                return await caseProcedure.RecordSolutionAsync(unit, @case, solution.Solution, actor, now, cancellationToken).ConfigureAwait(false);
            case RecordAgreement agreement:
                return await caseProcedure.RecordAgreementAsync(unit, @case, agreement.Agrees, actor, now, cancellationToken).ConfigureAwait(false);
            case SetTerm term:
                var until = term.Until ?? terms.WeeksFromReceipt(@case, term.Weeks ?? 0);
                return await caseProcedure.SetTermAsync(unit, @case, until, actor, now, cancellationToken).ConfigureAwait(false);
            case Extend extend:
                return await caseProcedure.ExtendAsync(unit, @case, extend.Until, extend.Reason, actor, thread, now, cancellationToken).ConfigureAwait(false);
            case Escalate:
                return await caseProcedure.EscalateAsync(unit, @case, EscalationCause.HandlerRequest, sender, actor, thread, now, cancellationToken).ConfigureAwait(false);
            case Refer:
                return await caseProcedure.ReferAsync(unit, @case, actor, thread, now, cancellationToken).ConfigureAwait(false);
            case Assign assign:
                return FindHandler(assign.Handler) is { } to
                    ? await caseProcedure.AssignAsync(unit, @case, to, actor, now, cancellationToken).ConfigureAwait(false)
                    : ProcedureStep.Refused(@case, new StepNote(StepOutcome.NoSuchHandler) { Name = assign.Handler, Choices = mails.Handlers.Select(h => h.Name).ToList() });
            case InternalNote note:
                return await caseProcedure.NoteAsync(unit, @case, note.Note, actor, now, cancellationToken).ConfigureAwait(false);
            case Close:
                return await caseProcedure.CloseAsync(unit, @case, actor, thread, now, cancellationToken).ConfigureAwait(false);
            case SetCategory category:
                return await caseProcedure.SetCategoryAsync(unit, @case, category.Category, actor, now, cancellationToken).ConfigureAwait(false);
            case RecordCause cause:
                return await caseProcedure.RecordCauseAsync(unit, @case, cause.Cause, actor, now, cancellationToken).ConfigureAwait(false);
            case RecordMeasure measure:
                return await caseProcedure.RecordMeasureAsync(unit, @case, measure.Measure, actor, thread, now, cancellationToken).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"No step of the procedure for the command {command.GetType().Name}.");
        }
    }

    private async Task<Case> RefuseAsync(UnitOfWork unit, Case @case, Handler sender, CommandRefusal refusal, CaseThread thread, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var detail = refusal.Step is { } step ? step.Outcome.ToString() : string.Join(" ", new[] { refusal.Problem, refusal.Found }.Where(part => part.Length > 0));
        await cases.RecordAsync(unit, @case.Id, CaseEventKind.CommandRefused, sender.Email, $"{refusal.Line}: {detail}", now, cancellationToken).ConfigureAwait(false);
        await outbox.EnqueueAsync(unit, mails.Refuse(@case, sender, refusal, thread), now, cancellationToken).ConfigureAwait(false);
        return @case;
    }

    private Handler? FindHandler(string nameOrAddress) => mails.Handlers.FirstOrDefault(handler =>
        string.Equals(handler.Email, nameOrAddress.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(handler.Name, nameOrAddress.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string CommandName(HandlerCommand command) => command.GetType().Name;
}
