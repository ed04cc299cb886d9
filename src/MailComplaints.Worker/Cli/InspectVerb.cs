using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Reading;
using MailComplaints.Mailboxes;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Storage;
using MailComplaints.Threads;
using MailComplaints.Worker.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MailComplaints.Worker.Cli;

/// <summary>
/// <c>mailcomplaints inspect &lt;file-or-directory&gt;... [--json]</c>: shows messages as the worker reads them, and what
/// it would do with each (outcome, reason, incident date, language) without doing it. The intake rules read the
/// configured database when it has a schema (so repeats and replies are recognised), else an empty one in memory.
/// With --json, one JSON object per message per line.
/// </summary>
internal static class InspectVerb
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Message files, or directories whose files are all read (recursively)",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per message per line" };
        var command = new Command("inspect", "Show messages as the worker reads them, and what it would do with each, without doing it")
        {
            paths,
            json,
        };
        command.SetAction((parseResult, cancellationToken) => CliContext.GuardAsync(parseResult, output =>
            RunAsync(context, parseResult.GetValue(paths) ?? [], parseResult.GetValue(json), output, parseResult.InvocationConfiguration.Error, cancellationToken)));
        return command;
    }

    internal static async Task<int> RunAsync(CliContext context, IReadOnlyList<string> paths, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var failures = 0;
        var files = Files(paths, error, ref failures);
        using var host = context.BuildHost(HostMode.Command);
        await using var rules = await Rules.OpenAsync(host.Services, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            byte[] raw;
            try
            {
                raw = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                failures++;
                await error.WriteLineAsync($"{file}: cannot be read: {exception.Message}").ConfigureAwait(false);
                continue;
            }
            MimeKit.MimeMessage? message = null;
            string? unreadable = null;
            try
            {
                message = MessageParser.Parse(raw);
            }
            catch (FormatException exception)
            {
                unreadable = $"unreadable: {exception.Message}";
            }
            var report = message is null ? InspectReport.Unreadable(file) : InspectReport.Create(file, message);
            var arrived = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
            var incoming = new IncomingMessage(new MailboxMessage(Path.GetFileName(file), raw.Length, arrived), raw, Convert.ToHexStringLower(SHA256.HashData(raw)), message, unreadable);
            var decision = await rules.Classifier.ClassifyAsync(incoming, seen, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                var node = JsonNode.Parse(report.ToJson())!.AsObject();
                node["outcome"] = decision.Outcome.ToString();
                node["rejection"] = (decision as IntakeDecision.Rejected)?.Rule.ToString();
                node["reason"] = decision.Reason;
                node["incidentDate"] = decision.IncidentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                node["language"] = decision.Language;
                node["relatedCase"] = decision.RelatedCase?.Number.ToString();
                await output.WriteLineAsync(node.ToJsonString()).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(report.ToText()).ConfigureAwait(false);
                await output.WriteLineAsync($"Outcome:     {decision.Outcome}{(decision is IntakeDecision.Rejected { Rule: var rejection } ? $" ({rejection})" : "")}: {decision.Reason}\n").ConfigureAwait(false);
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static List<string> Files(IReadOnlyList<string> paths, TextWriter error, ref int failures)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                failures++;
                error.WriteLine($"{path}: no such file or directory; give message files or directories holding them.");
            }
        }
        return files;
    }

    /// <summary>The intake rules on the configured database when it has a schema, else on an empty one in memory (kept open while in use).</summary>
    private sealed class Rules(IntakeClassifier classifier, SqliteConnection? memory) : IAsyncDisposable
    {
        public IntakeClassifier Classifier => classifier;

        public static async Task<Rules> OpenAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            var settings = services.GetRequiredService<StorageSettings>();
            if (await HasSchemaAsync(services, settings, cancellationToken).ConfigureAwait(false))
            {
                return new Rules(services.GetRequiredService<IntakeClassifier>(), null);
            }
            var empty = new StorageSettings(StorageProvider.Sqlite, $"Data Source=inspect-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");
            var memory = new SqliteConnection(empty.ConnectionString);
            await memory.OpenAsync(cancellationToken).ConfigureAwait(false);
            var database = new Database(empty);
            await new SchemaMigrator(database).MigrateAsync(cancellationToken).ConfigureAwait(false);
            var classifier = new IntakeClassifier(new CaseRepository(database), new OutboxRepository(database), services.GetRequiredService<IntakeSettings>(),
                services.GetRequiredService<ProcedureSettings>(), services.GetRequiredService<MailSettings>(), services.GetRequiredService<IReadOnlyList<Handler>>(),
                services.GetRequiredService<ThreadTokens>(), services.GetRequiredService<SenderAuthentication>());
            return new Rules(classifier, memory);
        }

        public async ValueTask DisposeAsync()
        {
            if (memory is not null)
            {
                await memory.DisposeAsync().ConfigureAwait(false);
            }
        }

        private static async Task<bool> HasSchemaAsync(IServiceProvider services, StorageSettings settings, CancellationToken cancellationToken)
        {
            if (settings.Provider == StorageProvider.Sqlite && new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource is { } file && !File.Exists(file))
            {
                return false; // inspecting creates no database
            }
            try
            {
                return await services.GetRequiredService<SchemaMigrator>().CurrentVersionAsync(cancellationToken).ConfigureAwait(false) is not null;
            }
            catch (DbException)
            {
                return false;
            }
        }
    }
}
