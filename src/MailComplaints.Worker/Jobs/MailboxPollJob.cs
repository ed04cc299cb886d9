using MailComplaints.Intake;
using Quartz;

namespace MailComplaints.Worker.Jobs;

/// <summary>
/// Reads the complaints mailbox and processes what waits there. Never runs twice at once, also not across a cluster.
/// When the poll took a message in, the outbox is sent at once rather than at its next interval: the acknowledgement
/// queued in the intake's transaction leaves seconds after the complaint arrived.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class MailboxPollJob(IntakeService intake) : IJob
{
    public static readonly JobKey Key = new("mailbox-poll", "intake");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var summary = await intake.PollAsync(cancellationToken).ConfigureAwait(false);
        if (summary.Outcomes.Count > 0)
        {
            await context.Scheduler.TriggerJob(OutboxSendJob.Key, cancellationToken).ConfigureAwait(false);
        }
    }
}
