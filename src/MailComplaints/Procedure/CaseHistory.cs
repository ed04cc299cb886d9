using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Intake.Text;
using MailComplaints.Outbox;
using MailComplaints.Reading;
using MailComplaints.Storage;

namespace MailComplaints.Procedure;

/// <summary>What happened in a case after the complaint, as the file the director reads.</summary>
public enum HistoryKind
{
    /// <summary>The complainant wrote again (their own text; quoted earlier mail left out).</summary>
    FollowUp,

    /// <summary>A handler's internal note.</summary>
    InternalNote,

    /// <summary>A handler's own message to the complainant.</summary>
    MessageToComplainant,

    /// <summary>Any other mail to the complainant (its subject).</summary>
    MailToComplainant,

    /// <summary>The handling term was set to another day.</summary>
    TermSet,

    /// <summary>The handling term was extended, with its reason.</summary>
    Extended,
}

/// <summary>One entry of a case's file: when, what, by whom (null: the complainant or the procedure), and its text.</summary>
public sealed record HistoryEntry(DateTimeOffset At, HistoryKind Kind, string? Who, string Text);

/// <summary>
/// The file of a case so far, read inside the unit of work that escalates it: the complainant's follow-ups, the
/// handlers' notes and messages, the mails the complainant received and the changes of term, oldest first.
/// </summary>
public sealed class CaseHistory(CaseRepository cases, OutboxRepository outbox, InboundMessageRepository ledger, MailComposer composer, IReadOnlyList<Handler> handlers)
{
    /// <summary>The entries of <paramref name="case"/>'s file, oldest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> OfAsync(UnitOfWork unit, Case @case, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var entries = new List<HistoryEntry>();
        foreach (var (receivedAt, raw) in await ledger.FollowUpsAsync(unit, @case.Id, cancellationToken).ConfigureAwait(false))
        {
            var message = MessageParser.Parse(raw);
            if (string.Equals(MessageAddresses.SenderOf(message)?.Address, @case.Complainant.Address, StringComparison.OrdinalIgnoreCase))
            {
                entries.Add(new HistoryEntry(receivedAt, HistoryKind.FollowUp, null, QuotedTextStripper.OwnTextWithClosing(MessageText.Of(message))));
            }
        }
        foreach (var entry in await cases.EventsAsync(unit, @case.Id, cancellationToken).ConfigureAwait(false))
        {
            var kind = entry.Kind switch
            {
                nameof(CaseEventKind.InternalNote) => HistoryKind.InternalNote,
                nameof(CaseEventKind.TermSet) => HistoryKind.TermSet,
                nameof(CaseEventKind.Extended) => (HistoryKind?)HistoryKind.Extended,
                _ => null,
            };
            if (kind is { } known)
            {
                entries.Add(new HistoryEntry(entry.OccurredAt, known, NameOf(entry.Actor), entry.Detail ?? ""));
            }
        }
        foreach (var mail in await outbox.ForCaseAsync(unit, @case.Id, cancellationToken).ConfigureAwait(false))
        {
            if (!mail.Recipients.Contains(@case.Complainant.Address, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            // A handler's message as its draft holds it, or once sent (the draft is gone then) as the complainant received it.
            entries.Add(mail.Kind == MailKind.HandlerMessage
                ? new HistoryEntry(mail.CreatedAt, HistoryKind.MessageToComplainant, mail.Draft?.Model.GetValueOrDefault("handlerName") as string,
                    mail.Draft?.Model.GetValueOrDefault("text") as string ?? MessageText.Of(MessageParser.Parse(composer.Compose(mail))) ?? "")
                : new HistoryEntry(mail.CreatedAt, HistoryKind.MailToComplainant, null, composer.SubjectOf(mail)));
        }
        return entries.OrderBy(entry => entry.At).ToList();
    }

    // A handler's name for the address an audit line names; other actors as they are.
    private string? NameOf(string? actor) =>
        handlers.FirstOrDefault(handler => string.Equals(handler.Email, actor, StringComparison.OrdinalIgnoreCase))?.Name ?? actor;
}
