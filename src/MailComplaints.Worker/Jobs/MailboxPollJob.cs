using MailComplaints.Intake;
using Quartz;

namespace MailComplaints.Worker.Jobs;

/// <summary>Reads the complaints mailbox and processes what waits there. Never runs twice at once, also not across a cluster.</summary>
[DisallowConcurrentExecution]
internal sealed class MailboxPollJob(IntakeService intake) : IJob
{
    public static readonly JobKey Key = new("mailbox-poll", "intake");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await intake.PollAsync(cancellationToken).ConfigureAwait(false);
}
