using System.CommandLine;
using MailComplaints.Intake;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Retention;
using MailComplaints.Reporting;
using MailComplaints.Storage;
using MailComplaints.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailComplaints.Worker.Cli;

/// <summary><c>run [--once]</c>: the worker. With <c>--once</c> it does everything that is due and exits 0 (for cron and tests).</summary>
internal static class RunVerb
{
    public static Option<bool> OnceOption() => new("--once") { Description = "Do everything that is due (read the mailbox, send the outbox, fire due deadlines, the morning overview, the periodic report, the retention purge), then exit." };

    public static Command Create(CliContext context)
    {
        var once = OnceOption();
        var command = new Command("run", "Run the worker: watch the mailbox, keep the procedure's deadlines, send mail. The default verb.") { once };
        command.SetAction((parseResult, cancellationToken) => RunAsync(context, parseResult, parseResult.GetValue(once), cancellationToken));
        return command;
    }

    public static Task<int> RunAsync(CliContext context, ParseResult parseResult, bool once, CancellationToken cancellationToken) =>
        CliContext.GuardAsync(parseResult, async _ =>
        {
            using var host = context.BuildHost(once ? HostMode.Once : HostMode.Service);
            await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            if (!once)
            {
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            await host.Services.GetRequiredService<IntakeService>().PollAsync(cancellationToken).ConfigureAwait(false);
            // Send before the sweep, so that an acknowledgement that can go out now does not raise its own alarm; then send what the sweep queued.
            var outbox = host.Services.GetRequiredService<OutboxSender>();
            await outbox.SendDueAsync(cancellationToken).ConfigureAwait(false);
            await host.Services.GetRequiredService<DeadlineSweep>().FireDueAsync(cancellationToken).ConfigureAwait(false);
            await host.Services.GetRequiredService<MorningOverview>().SendIfDueAsync(cancellationToken).ConfigureAwait(false);
            await host.Services.GetRequiredService<PeriodicReport>().SendIfDueAsync(cancellationToken).ConfigureAwait(false);
            await outbox.SendDueAsync(cancellationToken).ConfigureAwait(false);
            await host.Services.GetRequiredService<CasePurge>().PurgeAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
}
