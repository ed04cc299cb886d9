using MailComplaints.Outbox;
using Quartz;

namespace MailComplaints.Worker.Jobs;

/// <summary>Sends the outbox's due mails. Never runs twice at once, so no mail leaves twice from two senders.</summary>
[DisallowConcurrentExecution]
internal sealed class OutboxSendJob(OutboxSender sender) : IJob
{
    public static readonly JobKey Key = new("outbox-send", "outbox");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await sender.SendDueAsync(cancellationToken).ConfigureAwait(false);
}
