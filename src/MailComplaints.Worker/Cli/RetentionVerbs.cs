using System.CommandLine;
using System.Globalization;
using MailComplaints.Retention;
using MailComplaints.Storage;
using MailComplaints.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailComplaints.Worker.Cli;

/// <summary>
/// <c>purge [--dry-run]</c>: the retention period now, as the nightly job does it; <c>erase --complainant ADDRESS [--dry-run] [--force]</c>:
/// the right to erasure. Both print case numbers and counts (docs/retention.md).
/// </summary>
internal static class RetentionVerbs
{
    /// <summary>Exit code when erasure is refused because one of the complainant's cases is open.</summary>
    public const int Refused = 4;

    private static Option<bool> DryRunOption() => new("--dry-run") { Description = "List what would be erased; change nothing." };

    public static Command CreatePurge(CliContext context)
    {
        var dryRun = DryRunOption();
        var command = new Command("purge", "Erase the content and personal data of cases closed longer ago than Retention:KeepYears; their anonymous record stays.") { dryRun };
        command.SetAction((parseResult, cancellationToken) => CliContext.GuardAsync(parseResult, async output =>
        {
            using var host = await MigratedHostAsync(context, cancellationToken).ConfigureAwait(false);
            var purge = host.Services.GetRequiredService<CasePurge>();
            var settings = host.Services.GetRequiredService<RetentionSettings>();
            var before = settings.PurgeBefore(host.Services.GetRequiredService<TimeProvider>().GetUtcNow());
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Retention:KeepYears = {settings.KeepYears}: cases closed, and messages and mails of no case handled, before {before:yyyy-MM-dd HH:mm} UTC")).ConfigureAwait(false);
            var dry = parseResult.GetValue(dryRun);
            var report = dry
                ? await purge.PreviewAsync(cancellationToken).ConfigureAwait(false)
                : await purge.PurgeAsync(cancellationToken).ConfigureAwait(false);
            await WriteAsync(output, report, dry ? "would purge" : "purged", dry).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    public static Command CreateErase(CliContext context)
    {
        var complainant = new Option<string>("--complainant") { Description = "The complainant's email address (any case).", Required = true };
        var dryRun = DryRunOption();
        var force = new Option<bool>("--force") { Description = "Erase also while one of their cases is open; that case is closed as withdrawn." };
        var command = new Command("erase", "Erase one complainant's data everywhere (the right to erasure); their cases keep an anonymous record.") { complainant, dryRun, force };
        command.SetAction((parseResult, cancellationToken) => CliContext.GuardAsync(parseResult, async output =>
        {
            var address = parseResult.GetValue(complainant)?.Trim() ?? "";
            var error = parseResult.InvocationConfiguration.Error;
            if (address.Length < 3 || !address.Contains('@', StringComparison.Ordinal) || address.Any(char.IsWhiteSpace))
            {
                await error.WriteLineAsync($"'{address}' is not an email address; expected --complainant name@example.org.").ConfigureAwait(false);
                return 2;
            }
            using var host = await MigratedHostAsync(context, cancellationToken).ConfigureAwait(false);
            var erasure = host.Services.GetRequiredService<PersonErasure>();
            if (parseResult.GetValue(dryRun))
            {
                var found = await erasure.FindAsync(address, cancellationToken).ConfigureAwait(false);
                await WriteAsync(output, ErasureReport.Of(found.Cases, found.Loose), "would erase", dryRun: true).ConfigureAwait(false);
                return found.OpenCases.Count > 0 && !parseResult.GetValue(force) ? await RefuseAsync(error, found.OpenCases).ConfigureAwait(false) : 0;
            }
            return await erasure.EraseAsync(address, parseResult.GetValue(force), cancellationToken).ConfigureAwait(false) switch
            {
                ErasureOutcome.Refused refused => await RefuseAsync(error, refused.OpenCases).ConfigureAwait(false),
                ErasureOutcome.Erased erased => await WriteAsync(output, erased.Report, "erased", dryRun: false).ConfigureAwait(false),
                _ => throw new InvalidOperationException("An erasure outcome without a way to report it."),
            };
        }));
        return command;
    }

    // Erasure and purge write columns of schema 010: the database is brought up to date first, as the worker does at start.
    private static async Task<IHost> MigratedHostAsync(CliContext context, CancellationToken cancellationToken)
    {
        var host = context.BuildHost(HostMode.Command);
        try
        {
            await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static async Task<int> RefuseAsync(TextWriter error, IReadOnlyList<Cases.CaseNumber> open)
    {
        await error.WriteLineAsync($"Not erased: case {string.Join(", ", open)} of this complainant is still open. Close it first, or erase anyway with --force (it is then closed as withdrawn).")
            .ConfigureAwait(false);
        return Refused;
    }

    private static async Task<int> WriteAsync(TextWriter output, ErasureReport report, string done, bool dryRun)
    {
        foreach (var erased in report.Cases)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{erased.Number,-16} {(erased.WasOpen ? "open" : "closed"),-6} {erased.Messages} message(s), {erased.Mails} mail(s), {erased.Attachments} attachment(s)")).ConfigureAwait(false);
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{done} {report.Cases.Count} case(s), {report.LooseMessages} message(s) and {report.LooseMails} mail(s) of no case") +
            (dryRun ? " (dry run: nothing was changed)" : string.Create(CultureInfo.InvariantCulture, $"; {report.CopiesDeleted} copies deleted from the mailbox and the pickup directory"))).ConfigureAwait(false);
        return 0;
    }
}
