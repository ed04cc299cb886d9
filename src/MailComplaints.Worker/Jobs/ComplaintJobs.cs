using MailComplaints.Procedure;
using MailComplaints.Storage;
using MailComplaints.Worker.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace MailComplaints.Worker.Jobs;

/// <summary>
/// The scheduler and every job, declared in one place. Quartz keeps its state in the same database
/// (tables created at start by <c>ProvisionSchema</c>); on PostgreSQL and SQL Server several workers form a
/// cluster, so each job runs on one of them at a time. Quartz refuses clustering on SQLite.
/// </summary>
internal static class ComplaintJobs
{
    public static IServiceCollection AddComplaintJobs(this IServiceCollection services, WorkerSettings settings)
    {
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.GenerateInstanceId = true);
            quartz.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer(json => json.AddWorkingDayCalendar());
                store.ProvisionSchema();
                switch (settings.Storage.Provider)
                {
                    case StorageProvider.PostgreSql:
                        store.UsePostgres(settings.Storage.ConnectionString);
                        store.UseClustering();
                        break;
                    case StorageProvider.SqlServer:
                        store.UseSqlServer(settings.Storage.ConnectionString);
                        store.UseClustering();
                        break;
                    default:
                        store.UseSqlite(new Database(settings.Storage).ConnectionString);
                        break;
                }
            });

            quartz.AddJob<MailboxPollJob>(job => job.WithIdentity(MailboxPollJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(MailboxPollJob.Key).WithIdentity("mailbox-poll", "intake").StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(settings.Mailbox.PollInterval).RepeatForever().MeasureIntervalFromCompletion(true)));

            quartz.AddCalendar(WorkingDayQuartzCalendar.Name, provider => new WorkingDayQuartzCalendar(provider.GetRequiredService<WorkingDayCalendar>()),
                AddCalendarOptions.ReplacingAndUpdatingTriggers);
            quartz.AddJob<DeadlineSweepJob>(job => job.WithIdentity(DeadlineSweepJob.Key));
            AtStartAndOnWorkingDays(quartz, DeadlineSweepJob.Key, settings.DeadlineSweepTime);
            quartz.AddJob<MorningOverviewJob>(job => job.WithIdentity(MorningOverviewJob.Key));
            AtStartAndOnWorkingDays(quartz, MorningOverviewJob.Key, settings.Procedure.MorningOverviewTime);
            quartz.AddJob<PeriodicReportJob>(job => job.WithIdentity(PeriodicReportJob.Key));
            AtStartAndOnWorkingDays(quartz, PeriodicReportJob.Key, settings.Procedure.ReportTime);

            // Every night, at an hour without mail traffic, whatever the day: retention is not a step of the procedure.
            quartz.AddJob<RetentionPurgeJob>(job => job.WithIdentity(RetentionPurgeJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(RetentionPurgeJob.Key).WithIdentity("retention-purge-start", "retention").StartNow());
            quartz.AddTrigger(trigger => trigger.ForJob(RetentionPurgeJob.Key).WithIdentity("retention-purge-daily", "retention")
                .WithCronSchedule("0 30 3 ? * *", cron => cron.InTimeZone(WorkingDayCalendar.Amsterdam)));

            quartz.AddJob<OutboxSendJob>(job => job.WithIdentity(OutboxSendJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(OutboxSendJob.Key).WithIdentity("outbox-send", "outbox").StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(settings.Outbox.SendInterval).RepeatForever().MeasureIntervalFromCompletion(true)));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddHostedService<MailboxWatcher>();
        return services;
    }

    // Triggers a job at every start (what was missed while the worker was down) and, when a time is set, at that time of day
    // (Amsterdam) on working days only (the working-day Quartz calendar): <job>-start and <job>-daily.
    private static void AtStartAndOnWorkingDays(IQuartzBuilder quartz, JobKey job, TimeSpan? at)
    {
        quartz.AddTrigger(trigger => trigger.ForJob(job).WithIdentity($"{job.Name}-start", job.Group).StartNow());
        if (at is { } time)
        {
            quartz.AddTrigger(trigger => trigger.ForJob(job).WithIdentity($"{job.Name}-daily", job.Group)
                .WithCronSchedule($"0 {time.Minutes} {time.Hours} ? * *", cron => cron.InTimeZone(WorkingDayCalendar.Amsterdam))
                .WithCalendarName(WorkingDayQuartzCalendar.Name));
        }
    }
}
