using MailComplaints.Procedure;
using Quartz;

namespace MailComplaints.Worker.Jobs;

/// <summary>
/// Fires the procedure's due deadlines (<see cref="DeadlineSweep"/>): at start, so that deadlines missed while the
/// worker was down fire at once, and every working day at the configured time (Amsterdam), never on a weekend,
/// holiday or closure day (the trigger uses the working-day calendar). One at a time, also across a cluster.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DeadlineSweepJob(DeadlineSweep sweep) : IJob
{
    public static readonly JobKey Key = new("deadline-sweep", "procedure");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await sweep.FireDueAsync(cancellationToken).ConfigureAwait(false);
}
