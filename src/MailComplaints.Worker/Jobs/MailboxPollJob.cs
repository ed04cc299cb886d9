using MailComplaints.Intake;
using Quartz;

namespace MailComplaints.Worker.Jobs;

/// <summary>Reads the complaints mailbox and processes what waits there. Never runs twice at once, also not across a cluster.</summary>
[DisallowConcurrentExecution]
internal sealed class MailboxPollJob(IntakeService intake) : IJob
{
    public static readonly JobKey Key = new("mailbox-poll", "intake");

    public Task Execute(IJobExecutionContext context) => intake.PollAsync(context.CancellationToken);
}
