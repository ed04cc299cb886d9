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
            quartz.AddTrigger(trigger => trigger.ForJob(DeadlineSweepJob.Key).WithIdentity("deadline-sweep-start", "procedure").StartNow());
            quartz.AddTrigger(trigger => trigger.ForJob(DeadlineSweepJob.Key).WithIdentity("deadline-sweep-daily", "procedure")
                .WithCronSchedule($"0 {settings.DeadlineSweepTime.Minutes} {settings.DeadlineSweepTime.Hours} ? * *", cron => cron.InTimeZone(WorkingDayCalendar.Amsterdam))
                .WithCalendarName(WorkingDayQuartzCalendar.Name));

            quartz.AddJob<MorningOverviewJob>(job => job.WithIdentity(MorningOverviewJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(MorningOverviewJob.Key).WithIdentity("morning-overview-start", "procedure").StartNow());
            if (settings.Procedure.MorningOverviewTime is { } overviewAt)
            {
                quartz.AddTrigger(trigger => trigger.ForJob(MorningOverviewJob.Key).WithIdentity("morning-overview-daily", "procedure")
                    .WithCronSchedule($"0 {overviewAt.Minutes} {overviewAt.Hours} ? * *", cron => cron.InTimeZone(WorkingDayCalendar.Amsterdam))
                    .WithCalendarName(WorkingDayQuartzCalendar.Name));
            }

            quartz.AddJob<PeriodicReportJob>(job => job.WithIdentity(PeriodicReportJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(PeriodicReportJob.Key).WithIdentity("periodic-report-start", "procedure").StartNow());
            if (settings.Procedure.ReportTime is { } reportAt)
            {
                quartz.AddTrigger(trigger => trigger.ForJob(PeriodicReportJob.Key).WithIdentity("periodic-report-daily", "procedure")
                    .WithCronSchedule($"0 {reportAt.Minutes} {reportAt.Hours} ? * *", cron => cron.InTimeZone(WorkingDayCalendar.Amsterdam))
                    .WithCalendarName(WorkingDayQuartzCalendar.Name));
            }

            quartz.AddJob<OutboxSendJob>(job => job.WithIdentity(OutboxSendJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(OutboxSendJob.Key).WithIdentity("outbox-send", "outbox").StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(settings.Outbox.SendInterval).RepeatForever().MeasureIntervalFromCompletion(true)));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddHostedService<MailboxWatcher>();
        return services;
    }
}
