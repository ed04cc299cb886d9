using System.CommandLine;
using System.Globalization;
using MailComplaints.Operations;
using MailComplaints.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MailComplaints.Worker.Cli;

/// <summary><c>status [--json]</c>: database, mailbox reachability, last poll, outbox backlog, failed messages. Exit 0 when healthy, 1 otherwise.</summary>
internal static class StatusVerb
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("status", "Show whether the worker can reach its database and mailbox, and what waits.") { json };
        command.SetAction((parseResult, cancellationToken) => CliContext.GuardAsync(parseResult, async output =>
        {
            using var host = context.BuildHost(HostMode.Command);
            var report = await host.Services.GetRequiredService<WorkerStatus>().ReportAsync(cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await CliContext.WriteJsonAsync(output, report).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
                    Database         {(report.DatabaseReachable ? "reachable" : "UNREACHABLE")}: {report.Database}, schema version {report.SchemaVersion?.ToString(CultureInfo.InvariantCulture) ?? "none"}
                    Mailbox          {(report.MailboxReachable ? "reachable" : "UNREACHABLE")}: {report.Mailbox}, {report.MailboxWaiting} waiting
                    Last poll        {(report.LastPollAt is { } at ? $"{at:yyyy-MM-dd HH:mm:ss} UTC: {report.LastPollResult}" : "never")}
                    Outbox backlog   {report.OutboxBacklog}
                    Failed messages  {report.FailedMessages}
                    """)).ConfigureAwait(false);
                if (report.Problem is not null)
                {
                    await output.WriteLineAsync(report.Problem).ConfigureAwait(false);
                }
            }
            return report.Healthy ? 0 : CliContext.Failure;
        }));
        return command;
    }
}
