using System.CommandLine;
using MailComplaints.Storage;
using MailComplaints.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MailComplaints.Worker.Cli;

/// <summary><c>db migrate</c>: applies the schema scripts that are missing (safe to run twice, or from two processes).</summary>
internal static class DatabaseVerb
{
    public static Command Create(CliContext context)
    {
        var migrate = new Command("migrate", "Apply the numbered schema scripts the database lacks.");
        migrate.SetAction((parseResult, cancellationToken) => CliContext.GuardAsync(parseResult, async output =>
        {
            using var host = context.BuildHost(HostMode.Command);
            var database = host.Services.GetRequiredService<Database>();
            var applied = await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(applied.Count == 0
                ? $"{database.Describe()}: schema is up to date."
                : $"{database.Describe()}: applied {string.Join(", ", applied.Select(script => $"{script.Version:D3}_{script.Name}"))}.").ConfigureAwait(false);
            return 0;
        }));
        return new Command("db", "Database maintenance.") { migrate };
    }
}
