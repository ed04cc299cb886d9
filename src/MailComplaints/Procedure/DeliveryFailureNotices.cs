using MailComplaints.Cases;
using MailComplaints.Outbox;
using MailComplaints.Storage;

namespace MailComplaints.Procedure;

/// <summary>
/// When the outbox gives up on a mail of a case: the case's audit trail records it, and the handler hears of it
/// (unless the mail that failed was to a handler: that notice would only fail again).
/// </summary>
public sealed class DeliveryFailureNotices(CaseRepository cases, OutboxRepository outbox, CaseMails mails, Database database, TimeProvider time) : IDeliveryFailures
{
    /// <inheritdoc />
    public async Task GaveUpAsync(OutboxEntry mail, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (mail.CaseId is not { } caseId || await cases.FindAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } @case)
        {
            return;
        }
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        await cases.RecordAsync(unit, caseId, CaseEventKind.DeliveryFailed, "outbox", $"mail {mail.MessageId} ({mail.Kind}): {reason}", now, cancellationToken).ConfigureAwait(false);
        // The handler hears of it, unless the mail that failed was already to a handler: that would only fail again.
        if (mail.Kind is not (MailKind.DeliveryFailed or MailKind.Assignment or MailKind.Reminder or MailKind.FollowUp or MailKind.HandlerConfirmation or MailKind.HandlerRefusal)
            && mails.HandlerWithAddress(mail.Recipients.Count > 0 ? mail.Recipients[0] : null) is null)
        {
            await outbox.EnqueueAsync(unit, mails.NoticeDeliveryFailure(@case, mails.SubjectOf(mail), reason), now, cancellationToken).ConfigureAwait(false);
        }
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
