using MailComplaints.Retention;
using Quartz;

namespace MailComplaints.Worker.Jobs;

/// <summary>
/// Erases what has been kept longer than <c>Retention:KeepYears</c> (<see cref="CasePurge"/>): at start and every night.
/// One at a time, also across a cluster; a purge that fails (the mailbox unreachable) is done by the next one.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RetentionPurgeJob(CasePurge purge) : IJob
{
    public static readonly JobKey Key = new("retention-purge", "retention");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await purge.PurgeAsync(cancellationToken).ConfigureAwait(false);
}
