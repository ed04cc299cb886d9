using System.Globalization;
using MailComplaints.Cases;
using MailComplaints.Mailboxes;
using MailComplaints.Procedure;
using MailComplaints.Storage;

namespace MailComplaints.Retention;

/// <summary>
/// Erases content and personal data, the one way purge and erasure on request both take. The copies outside the
/// database go first, while the database still says where they are; then everything of a case in one transaction, which
/// marks it and adds its audit line. A run that stops between the two leaves the case as it was, and the next run does
/// both again: a copy already gone is no error, and a case already marked is left alone.
/// </summary>
public sealed class ContentErasure(Database database, RetentionRepository repository, CaseRepository cases, DeadlineRepository deadlines, StoredCopies copies, TimeProvider time)
{
    private const int LooseBatch = 200;

    /// <summary>Erases what <paramref name="content"/> lists of its case; null when another run marked the case first.</summary>
    public async Task<ErasedCase?> EraseCaseAsync(IMailbox mailbox, CaseContent content, ErasureReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var deleted = await copies.DeleteAsync(mailbox, content.Messages, content.Mails, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        var first = reason == ErasureReason.Retention
            ? await repository.MarkPurgedAsync(unit, content.CaseId, now, cancellationToken).ConfigureAwait(false)
            : await repository.MarkErasedAsync(unit, content.CaseId, now, cancellationToken).ConfigureAwait(false);
        if (!first)
        {
            return null;
        }
        await repository.EraseCaseAsync(unit, content.CaseId, now, cancellationToken).ConfigureAwait(false);
        await deadlines.CancelAsync(unit, content.CaseId, [], now, cancellationToken).ConfigureAwait(false);
        var erased = ErasedCase.Of(content, deleted);
        await cases.RecordAsync(unit, content.CaseId, reason == ErasureReason.Retention ? CaseEventKind.Purged : CaseEventKind.Erased,
            reason == ErasureReason.Retention ? "retention" : "operator", Detail(erased, reason), now, cancellationToken).ConfigureAwait(false);
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        return erased;
    }

    /// <summary>Erases messages and mails of no case, a batch at a time; returns how many copies were deleted.</summary>
    public async Task<int> EraseLooseAsync(IMailbox mailbox, LooseContent loose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loose);
        var deleted = 0;
        foreach (var batch in Batches(loose))
        {
            deleted += await copies.DeleteAsync(mailbox, batch.Messages, batch.Mails, cancellationToken).ConfigureAwait(false);
            await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
            await repository.EraseLooseAsync(unit, batch, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        return deleted;
    }

    /// <summary>Makes the erased versions of rows leave the database's files where the database allows it (SQLite's write-ahead log).</summary>
    public Task FinishAsync(CancellationToken cancellationToken) => repository.CheckpointAsync(cancellationToken);

    private static IEnumerable<LooseContent> Batches(LooseContent loose) =>
        loose.Messages.Chunk(LooseBatch).Select(messages => new LooseContent(messages, []))
            .Concat(loose.Mails.Chunk(LooseBatch).Select(mails => new LooseContent([], mails)));

    // The audit line: what went, never who.
    private static string Detail(ErasedCase erased, ErasureReason reason) => string.Create(CultureInfo.InvariantCulture,
        $"{(reason == ErasureReason.Retention ? "retention period over" : "on the complainant's request (right to erasure)")}: {erased.Messages} message(s), {erased.Mails} mail(s), {erased.Attachments} attachment(s), {erased.CopiesDeleted} copies deleted{(erased.WasOpen ? "; the open case was closed" : "")}");
}
