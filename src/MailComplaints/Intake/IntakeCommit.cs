using MailComplaints.Cases;
using MailComplaints.Operations;
using MailComplaints.Storage;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Intake;

/// <summary>
/// Commits a classified batch in one transaction: where the batch before it was moved, then its new cases, then every
/// other decision in message order. Everything that follows from a message (its ledger line, case, audit lines,
/// attachments, mails in the outbox) commits with it or not at all.
/// </summary>
public sealed class IntakeCommit(Database database, InboundMessageRepository ledger, ComplaintRegistration registration, CaseRepository cases, DecisionActions actions,
    TimeProvider time, ILogger<IntakeCommit> logger)
{
    /// <summary>Commits <paramref name="batch"/> and the places in <paramref name="movedBefore"/>; gives each message's case number, if any.</summary>
    public async Task<IReadOnlyList<CaseNumber?>> CommitAsync(string mailbox, IReadOnlyList<DecidedMessage> batch, IReadOnlyDictionary<string, string> movedBefore,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var now = time.GetUtcNow();
        var numbers = new CaseNumber?[batch.Count];
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        await ledger.SetLocationsAsync(unit, mailbox, movedBefore, cancellationToken).ConfigureAwait(false);

        // New cases first, all of the batch together (numbers in message order). A repeat of a decided complaint gets no
        // case of its own: it is answered on the case that decided it.
        var complaints = Enumerable.Range(0, batch.Count).Where(i => batch[i].Decision is IntakeDecision.Registered or IntakeDecision.Rejected { Rule: not RejectionReason.Duplicate })
            .ToList();
        var registered = await registration.RegisterAsync(unit, mailbox, complaints.Select(i => batch[i]).ToList(), now, cancellationToken).ConfigureAwait(false);
        var caseAt = new Dictionary<int, Case>();
        for (var n = 0; n < complaints.Count; n++)
        {
            caseAt[complaints[n]] = registered[n];
            numbers[complaints[n]] = registered[n].Number;
        }

        // Then the others, one by one. The cases they follow up on are locked first, all together and in the order of
        // their ids, as the deadline sweep locks its batch: two transactions that each hold several cases never wait on
        // each other in a circle.
        var current = new Dictionary<long, Case>(await cases.LockManyAsync(unit,
            batch.Select(decided => decided.Decision).OfType<IntakeDecision.FollowUp>().Select(followUp => followUp.Case.Id).ToHashSet(), cancellationToken).ConfigureAwait(false));
        for (var i = 0; i < batch.Count; i++)
        {
            if (caseAt.ContainsKey(i))
            {
                continue;
            }
            var decided = batch[i].Decision is IntakeDecision.RepeatInBatch repeat
                ? batch[i] with { Decision = IntakeClassifier.FollowUpOn(caseAt[repeat.RegisteredInBatch], repeat.IncidentDate) with { Text = repeat.Text } }
                : batch[i];
            // What the handling of a reply logs in the transaction (commands applied, steps taken) is about this message and its case.
            using (logger.BeginWork(decided.Message.LogId, decided.Decision.RelatedCase?.Number ?? (decided.Decision as IntakeDecision.SuspectedSpoof)?.Claimed))
            {
                numbers[i] = await actions.ApplyAsync(unit, mailbox, decided, current, now, cancellationToken).ConfigureAwait(false);
            }
        }
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        return numbers;
    }
}
