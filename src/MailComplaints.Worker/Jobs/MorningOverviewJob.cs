using MailComplaints.Procedure;
using Quartz;

namespace MailComplaints.Worker.Jobs;

/// <summary>
/// Queues the handlers' morning overview (<see cref="MorningOverview"/>): every working day at the configured time
/// (Amsterdam), and at start, so that a worker started later in the day still sends that day's overview once.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class MorningOverviewJob(MorningOverview overview) : IJob
{
    public static readonly JobKey Key = new("morning-overview", "procedure");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await overview.SendIfDueAsync(cancellationToken).ConfigureAwait(false);
}
