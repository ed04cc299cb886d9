using System.Globalization;
using MailComplaints.Cases;
using MailComplaints.Mailboxes;
using MailComplaints.Procedure;
using MailComplaints.Storage;

namespace MailComplaints.Retention;

/// <summary>
/// Erases content and personal data, the one way purge and erasure on request both take. The copies outside the
/// database go first, a batch at a time, while the database still says where they are; then everything of the batch's
/// cases in one transaction, which marks them and adds their audit lines. A run that stops between the two leaves those
/// cases as they were, and the next run does both again: a copy already gone is no error, and a case already marked is
/// left alone.
/// </summary>
public sealed class ContentErasure(Database database, RetentionRepository repository, CaseRepository cases, DeadlineRepository deadlines, StoredCopies copies, TimeProvider time)
{
    // A batch shares one look through the Sent folder (a Maildir's is read file by file) and one set of IMAP searches.
    private const int Batch = 100;

    /// <summary>
    /// Erases what <paramref name="cases"/> and <paramref name="loose"/> list; a case another run marked first is left out of the
    /// report. Then the erased versions of rows leave the database's files where the database allows it (SQLite's write-ahead log).
    /// </summary>
    public async Task<ErasureReport> EraseAsync(IMailbox mailbox, IReadOnlyList<CaseContent> cases, LooseContent loose, ErasureReason reason, CancellationToken cancellationToken)
    {
        var report = (await EraseCasesAsync(mailbox, cases, reason, cancellationToken).ConfigureAwait(false))
            .Plus(await EraseLooseAsync(mailbox, loose, cancellationToken).ConfigureAwait(false));
        await repository.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        return report;
    }

    private async Task<ErasureReport> EraseCasesAsync(IMailbox mailbox, IReadOnlyList<CaseContent> contents, ErasureReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var report = ErasureReport.None;
        foreach (var batch in contents.Chunk(Batch))
        {
            var deleted = await copies.DeleteAsync(mailbox, [.. batch.SelectMany(content => content.Messages)], [.. batch.SelectMany(content => content.Mails)], cancellationToken)
                .ConfigureAwait(false);
            var erased = await EraseInDatabaseAsync(batch, reason, cancellationToken).ConfigureAwait(false);
            report = report.Plus(new ErasureReport(erased, 0, 0, deleted));
        }
        return report;
    }

    private async Task<ErasureReport> EraseLooseAsync(IMailbox mailbox, LooseContent loose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loose);
        var deleted = 0;
        foreach (var batch in loose.Messages.Chunk(Batch).Select(messages => new LooseContent(messages, []))
            .Concat(loose.Mails.Chunk(Batch).Select(mails => new LooseContent([], mails))))
        {
            deleted += await copies.DeleteAsync(mailbox, batch.Messages, batch.Mails, cancellationToken).ConfigureAwait(false);
            await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
            await repository.EraseLooseAsync(unit, batch, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        return new ErasureReport([], loose.Messages.Count, loose.Mails.Count, deleted);
    }

    // The cases this run marks are those it finds unmarked under lock: a case another run marked first is left out.
    private async Task<IReadOnlyList<ErasedCase>> EraseInDatabaseAsync(IReadOnlyList<CaseContent> batch, ErasureReason reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ids = batch.Select(content => content.CaseId).ToList();
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        var marked = (reason == ErasureReason.Retention
            ? await repository.MarkPurgedAsync(unit, ids, now, cancellationToken).ConfigureAwait(false)
            : await repository.MarkErasedAsync(unit, ids, now, cancellationToken).ConfigureAwait(false)).ToHashSet();
        if (marked.Count == 0)
        {
            return [];
        }
        await repository.EraseCasesAsync(unit, marked, now, cancellationToken).ConfigureAwait(false);
        await deadlines.CancelAllAsync(unit, marked, now, cancellationToken).ConfigureAwait(false);
        var erased = batch.Where(content => marked.Contains(content.CaseId)).Select(content => (content.CaseId, Erased: ErasedCase.Of(content))).ToList();
        var (kind, actor) = reason == ErasureReason.Retention ? (CaseEventKind.Purged, "retention") : (CaseEventKind.Erased, "operator");
        await cases.RecordManyAsync(unit, [.. erased.Select(done => new CaseEventEntry(done.CaseId, kind, actor, Detail(done.Erased, reason)))], now, cancellationToken)
            .ConfigureAwait(false);
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        return [.. erased.Select(done => done.Erased)];
    }

    // The audit line: what went, never who.
    private static string Detail(ErasedCase erased, ErasureReason reason) => string.Create(CultureInfo.InvariantCulture,
        $"{(reason == ErasureReason.Retention ? "retention period over" : "on the complainant's request (right to erasure)")}: {erased.Messages} message(s), {erased.Mails} mail(s), {erased.Attachments} attachment(s){(erased.WasOpen ? "; the open case was closed" : "")}");
}
