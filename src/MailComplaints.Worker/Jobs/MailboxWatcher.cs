using MailComplaints.Mailboxes;
using MailComplaints.Worker.Configuration;
using MailComplaints.Worker.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace MailComplaints.Worker.Jobs;

/// <summary>
/// Wakes the mailbox poll as soon as new mail arrives, so a complaint need not wait for the next interval:
/// IMAP IDLE on a connection of its own (NOOP polling where the server lacks IDLE), or a file appearing in the
/// Maildir. The poll job itself still runs on its interval and never twice at once; this only fires it early.
/// </summary>
internal sealed class MailboxWatcher(IServiceProvider services, WorkerSettings settings, ISchedulerFactory schedulers, TimeProvider time, ILogger<MailboxWatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan Watch = TimeSpan.FromMinutes(25);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var mailbox = ComplaintServices.CreateMailbox(services, settings);
                while (!stoppingToken.IsCancellationRequested)
                {
                    var arrived = await mailbox.WaitForMailAsync(Watch, stoppingToken).ConfigureAwait(false);
                    failures = 0;
                    if (arrived)
                    {
                        var scheduler = await schedulers.GetScheduler(stoppingToken).ConfigureAwait(false);
                        await scheduler.TriggerJob(MailboxPollJob.Key, stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The scheduled poll goes on regardless; watching resumes after a backoff.
                var wait = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, ++failures)));
                logger.LogWarning("Watching {Mailbox} for new mail failed ({Reason}); trying again in {Wait}", settings.Mailbox.Kind, exception.Message, wait);
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
