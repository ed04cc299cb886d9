using MailComplaints.Mailboxes;
using MailComplaints.Operations;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Retention;

/// <summary>
/// The retention period (<c>Retention:KeepYears</c>): erases the content and personal data of every case closed longer
/// ago, and every message and mail of no case handled longer ago, keeping each case's anonymous record. Run daily by
/// the worker and by <c>mailcomplaints purge</c>; <see cref="PreviewAsync"/> is <c>purge --dry-run</c>.
/// </summary>
public sealed class CasePurge(RetentionRepository repository, ContentErasure erasure, RetentionSettings settings, Func<IMailbox> mailboxes, TimeProvider time,
    ILogger<CasePurge> logger)
{
    /// <summary>What a purge now would erase, without erasing it.</summary>
    public async Task<ErasureReport> PreviewAsync(CancellationToken cancellationToken)
    {
        var (cases, loose) = await DueAsync(cancellationToken).ConfigureAwait(false);
        return ErasureReport.Of(cases, loose);
    }

    /// <summary>Erases what is due; the mailbox is only opened when something is.</summary>
    public async Task<ErasureReport> PurgeAsync(CancellationToken cancellationToken)
    {
        var (cases, loose) = await DueAsync(cancellationToken).ConfigureAwait(false);
        if (ErasureReport.Of(cases, loose) is { IsEmpty: true } nothing)
        {
            return nothing;
        }
        await using var mailbox = mailboxes();
        var report = await erasure.EraseAsync(mailbox, cases, loose, ErasureReason.Retention, cancellationToken).ConfigureAwait(false);
        foreach (var purged in report.Cases)
        {
            using var scope = logger.BeginWork(null, purged.Number);
            logger.LogInformation("Purged: {Messages} message(s), {Mails} mail(s), {Attachments} attachment(s)", purged.Messages, purged.Mails, purged.Attachments);
        }
        logger.LogInformation("Retention ({KeepYears} years): purged {Cases} case(s), {Messages} message(s) and {Mails} mail(s) of no case, {Copies} copies deleted",
            settings.KeepYears, report.Cases.Count, report.LooseMessages, report.LooseMails, report.CopiesDeleted);
        return report;
    }

    private async Task<(IReadOnlyList<CaseContent> Cases, LooseContent Loose)> DueAsync(CancellationToken cancellationToken)
    {
        var before = settings.PurgeBefore(time.GetUtcNow());
        var cases = await repository.ContentsAsync(await repository.ClosedBeforeAsync(before, cancellationToken).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);
        return (cases, await repository.LooseBeforeAsync(before, cancellationToken).ConfigureAwait(false));
    }
}
