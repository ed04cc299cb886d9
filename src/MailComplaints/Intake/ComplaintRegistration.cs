using MailComplaints.Cases;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Reading;
using MailComplaints.Storage;

namespace MailComplaints.Intake;

/// <summary>
/// Makes the complaints of a batch cases, numbered in message order, in the intake's transaction. A registered complaint
/// gets its handler and terms and opens (its acknowledgement queued); a rejected one is recorded closed with its rule and
/// answered when it names somebody. Either way the case keeps its message in the ledger, its attachments and its audit lines.
/// </summary>
public sealed class ComplaintRegistration(CaseRouting routing, CaseRepository cases, InboundMessageRepository ledger, CaseProcedure procedure, OutboxRepository outbox,
    CaseMails mails, ProcedureTerms terms)
{
    /// <summary>
    /// Registers every <see cref="IntakeDecision.Registered"/> and <see cref="IntakeDecision.Rejected"/> message of
    /// <paramref name="complaints"/>; gives their cases in the same order.
    /// </summary>
    public async Task<IReadOnlyList<Case>> RegisterAsync(UnitOfWork unit, string mailbox, IReadOnlyList<DecidedMessage> complaints, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaints);
        if (complaints.Count == 0)
        {
            return [];
        }
        var handlers = await HandlersOfAsync(unit, complaints, cancellationToken).ConfigureAwait(false);
        var registered = await cases.RegisterManyAsync(unit, complaints.Select((complaint, i) => NewCaseOf(complaint, handlers[i])).ToList(), terms.Settings.CaseNumberPrefix,
            now, cancellationToken).ConfigureAwait(false);
        var entries = await ledger.RecordManyAsync(unit, mailbox, complaints.Select((complaint, i) => complaint.Message.Record(complaint.Decision, registered[i].Id)).ToList(),
            now, cancellationToken).ConfigureAwait(false);
        await cases.RecordManyAsync(unit, complaints.Select((complaint, i) => handlers[i] is { } handler
            ? new CaseEventEntry(registered[i].Id, CaseEventKind.Registered, "intake", $"message {complaint.Message.LogId}: {complaint.Decision.Reason}; handler {handler.Email}")
            : new CaseEventEntry(registered[i].Id, CaseEventKind.Rejected, "intake", $"message {complaint.Message.LogId}: {complaint.Decision.Reason}")).ToList(),
            now, cancellationToken).ConfigureAwait(false);

        var files = new List<IReadOnlyList<IncomingFile>>(complaints.Count);
        foreach (var complaint in complaints)
        {
            files.Add(await IncomingFile.AllOfAsync(complaint.Message.Parsed!, cancellationToken).ConfigureAwait(false));
        }
        await cases.AddAttachmentsAsync(unit, files.SelectMany((list, i) => list.Select(file => (registered[i].Id, (long?)entries[i], file.Attachment, (ReadOnlyMemory<byte>)file.Content)))
            .ToList(), now, cancellationToken).ConfigureAwait(false);

        var opened = Enumerable.Range(0, complaints.Count).Where(i => handlers[i] is not null).ToList();
        await procedure.OpenManyAsync(unit, opened.Select(i => new CaseOpening(registered[i], complaints[i].Message.Parsed!, files[i].Select(file => file.ForMail).ToList())).ToList(),
            now, cancellationToken).ConfigureAwait(false);

        var answered = Enumerable.Range(0, complaints.Count).Where(i => complaints[i].Decision is IntakeDecision.Rejected { Complainant: not null }).ToList();
        var answers = answered.Select(i => mails.Reject(registered[i], ((IntakeDecision.Rejected)complaints[i].Decision).Rule, complaints[i].Decision.IncidentDate,
            complaints[i].Message.Parsed!)).ToList();
        await outbox.EnqueueManyAsync(unit, answers, now, cancellationToken).ConfigureAwait(false);
        await cases.RecordManyAsync(unit, answered.Select((i, n) => new CaseEventEntry(registered[i].Id, CaseEventKind.RejectionQueued, "intake", answers[n].MessageId)).ToList(),
            now, cancellationToken).ConfigureAwait(false);
        return registered;
    }

    // The handler of each registered complaint, routed together; null for a rejected one.
    private async Task<Handler?[]> HandlersOfAsync(UnitOfWork unit, IReadOnlyList<DecidedMessage> complaints, CancellationToken cancellationToken)
    {
        var accepted = Enumerable.Range(0, complaints.Count).Where(i => complaints[i].Decision is IntakeDecision.Registered).ToList();
        var routed = await routing.AssignAsync(unit, accepted.Select(i => new RoutedComplaint(((IntakeDecision.Registered)complaints[i].Decision).Complainant.Address,
            complaints[i].Message.Parsed!.Subject, complaints[i].Decision.Text)).ToList(), cancellationToken).ConfigureAwait(false);
        var handlers = new Handler?[complaints.Count];
        for (var n = 0; n < accepted.Count; n++)
        {
            handlers[accepted[n]] = routed[n];
        }
        return handlers;
    }

    // A registered complaint opens with its terms; a rejected one is recorded closed, with its rule.
    private NewCase NewCaseOf(DecidedMessage complaint, Handler? handler)
    {
        var (message, decision) = complaint;
        var subject = message.Parsed!.Subject;
        if (decision is IntakeDecision.Rejected rejected)
        {
            return new NewCase(CaseStatus.Rejected, rejected.Rule.ToString(), rejected.Complainant ?? new Complainant(null, MessageAddresses.SenderOf(message.Parsed)?.Address ?? ""),
                subject, decision.Text, decision.Language, null, decision.IncidentDate, message.Source.ArrivedAt);
        }
        var registration = (IntakeDecision.Registered)decision;
        var (termEnds, acknowledgeBy) = terms.For(message.Source.ArrivedAt);
        return new NewCase(CaseStatus.Registered, null, registration.Complainant, subject, decision.Text, decision.Language, handler?.Email, decision.IncidentDate,
            message.Source.ArrivedAt)
        {
            TermEnds = termEnds,
            AcknowledgeBy = acknowledgeBy,
            Channel = registration.RelayAddress is null ? CaseChannel.Email : CaseChannel.Relay,
            RelayAddress = registration.RelayAddress,
        };
    }
}
