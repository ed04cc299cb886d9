using MailComplaints.Reporting;
using Quartz;

namespace MailComplaints.Worker.Jobs;

/// <summary>
/// Queues the directors' report of the year or the quarter that ended (<see cref="PeriodicReport"/>): every working day at
/// <c>Procedure:ReportTime</c> (Amsterdam), and at start, so that a worker started later that week still sends it once.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class PeriodicReportJob(PeriodicReport report) : IJob
{
    public static readonly JobKey Key = new("periodic-report", "procedure");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await report.SendIfDueAsync(cancellationToken).ConfigureAwait(false);
}
