using System.CommandLine;
using System.Globalization;
using MailComplaints.Cases;
using MailComplaints.Procedure;
using MailComplaints.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MailComplaints.Worker.Cli;

/// <summary><c>cases list [--status S] [--json]</c>, <c>case show &lt;number&gt; [--json]</c> and <c>case attachments &lt;number&gt; --out DIR</c>.</summary>
internal static class CasesVerb
{
    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table." };

    /// <summary>A case as the CLI prints it.</summary>
    internal sealed record CaseView(
        string Number, CaseStatus Status, string? Reason, string? ComplainantName, string ComplainantAddress, string? Subject,
        string? Language, string? Handler, DateOnly? IncidentDate, DateTimeOffset ReceivedAt, DateTimeOffset? ClosedAt,
        string? Solution, bool? ComplainantAgrees, DateOnly? TermEnds, DateOnly? AcknowledgeBy, DateTimeOffset? AcknowledgedAt, string? ExtensionReason, CaseChannel Channel,
        string? Category, string? Cause, string? Measure)
    {
        public static CaseView Of(Case @case) => new(@case.Number.ToString(), @case.Status, @case.StatusReason, @case.Complainant.Name, @case.Complainant.Address,
            @case.Subject, @case.Language, @case.HandlerEmail, @case.IncidentDate, @case.ReceivedAt, @case.ClosedAt, @case.Solution, @case.ComplainantAgrees,
            @case.TermEnds, @case.AcknowledgeBy, @case.AcknowledgedAt, @case.ExtensionReason, @case.Channel,
            @case.Category, @case.Cause, @case.Measure);
    }

    /// <summary>One case with its description and audit trail.</summary>
    internal sealed record CaseDetail(CaseView Case, string Description, IReadOnlyList<CaseAttachment> Attachments, IReadOnlyList<CaseEvent> Events,
        IReadOnlyList<ScheduledDeadline> Deadlines);

    public static Command CreateList(CliContext context)
    {
        var status = new Option<CaseStatus?>("--status") { Description = "Only cases with this status." };
        var json = JsonOption();
        var list = new Command("list", "List cases, newest first.") { status, json };
        list.SetAction((parseResult, cancellationToken) => CliContext.GuardAsync(parseResult, async output =>
        {
            using var host = context.BuildHost(HostMode.Command);
            var cases = await host.Services.GetRequiredService<CaseRepository>().ListAsync(parseResult.GetValue(status), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await CliContext.WriteJsonAsync(output, cases.Select(CaseView.Of)).ConfigureAwait(false);
                return 0;
            }
            await output.WriteLineAsync($"{"Number",-16} {"Status",-11} {"Received",-17} {"Complainant",-32} Subject").ConfigureAwait(false);
            foreach (var @case in cases)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{@case.Number,-16} {@case.Status,-11} {@case.ReceivedAt:yyyy-MM-dd HH:mm} {Shorten(@case.Complainant.Address, 32),-32} {Shorten(@case.Subject ?? "", 60)}")).ConfigureAwait(false);
            }
            await output.WriteLineAsync($"{cases.Count} case(s)").ConfigureAwait(false);
            return 0;
        }));
        return new Command("cases", "Registered cases.") { list };
    }

    public static Command CreateShow(CliContext context) => new("case", "One case.") { Show(context), Attachments(context) };

    private static Command Show(CliContext context)
    {
        var number = NumberArgument();
        var json = JsonOption();
        var show = new Command("show", "Show one case with its attachments and audit trail.") { number, json };
        show.SetAction((parseResult, cancellationToken) => CliContext.GuardAsync(parseResult, async output =>
        {
            using var host = context.BuildHost(HostMode.Command);
            var repository = host.Services.GetRequiredService<CaseRepository>();
            var (found, exit) = await FindAsync(parseResult, number, repository, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                return exit;
            }
            var detail = new CaseDetail(CaseView.Of(found), found.Description, await repository.AttachmentsAsync(found.Id, cancellationToken).ConfigureAwait(false),
                await repository.EventsAsync(found.Id, cancellationToken).ConfigureAwait(false),
                await host.Services.GetRequiredService<DeadlineRepository>().ForCaseAsync(found.Id, cancellationToken).ConfigureAwait(false));
            if (parseResult.GetValue(json))
            {
                await CliContext.WriteJsonAsync(output, detail).ConfigureAwait(false);
                return 0;
            }
            var view = detail.Case;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
                Case         {view.Number} ({view.Status}{(view.Reason is null ? "" : $": {view.Reason}")})
                Complainant  {view.ComplainantName} <{view.ComplainantAddress}>
                Subject      {view.Subject}
                Received     {view.ReceivedAt:yyyy-MM-dd HH:mm} UTC; incident {(view.IncidentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "unknown")}
                Handler      {view.Handler}
                Solution     {view.Solution ?? "-"} (complainant agrees: {(view.ComplainantAgrees is null ? "-" : view.ComplainantAgrees.Value ? "yes" : "no")})
                Term         until {view.TermEnds?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"}{(view.ExtensionReason is null ? "" : $" (extended: {view.ExtensionReason})")}; acknowledged {(view.AcknowledgedAt is { } at ? at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : $"not yet (due by {view.AcknowledgeBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"})")}
                Deadlines    {string.Join("; ", detail.Deadlines.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Kind} {d.DueOn:yyyy-MM-dd} {d.State}")).DefaultIfEmpty("-"))}
                Attachments  {(detail.Attachments.Count == 0 ? "-" : $"{detail.Attachments.Count} (mailcomplaints case attachments {view.Number} --out DIR)")}
                """)).ConfigureAwait(false);
            foreach (var file in detail.Attachments)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {file.FileName}  {file.ContentType}  {file.Size} bytes  sha256 {file.Sha256}")).ConfigureAwait(false);
            }
            await output.WriteLineAsync($"""

                {detail.Description}

                Audit trail
                """).ConfigureAwait(false);
            foreach (var entry in detail.Events)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {entry.OccurredAt:yyyy-MM-dd HH:mm:ss}  {entry.Kind,-16} {entry.Actor} {entry.Detail}")).ConfigureAwait(false);
            }
            return 0;
        }));
        return show;
    }

    private static Command Attachments(CliContext context)
    {
        var number = NumberArgument();
        var folder = new Option<DirectoryInfo>("--out") { Description = "The folder to write the files to (made when missing).", Required = true };
        var attachments = new Command("attachments", "Write the files kept with a case to a folder; a file of that name already there is kept, the new one numbered.") { number, folder };
        attachments.SetAction((parseResult, cancellationToken) => CliContext.GuardAsync(parseResult, async output =>
        {
            using var host = context.BuildHost(HostMode.Command);
            var repository = host.Services.GetRequiredService<CaseRepository>();
            var (found, exit) = await FindAsync(parseResult, number, repository, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                return exit;
            }
            var target = parseResult.GetValue(folder)!;
            target.Create();
            var files = await repository.FilesAsync(found.Id, cancellationToken).ConfigureAwait(false);
            foreach (var (attachment, content) in files)
            {
                var path = await WriteNewAsync(target.FullName, attachment.FileName, content, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{path}  {attachment.Size} bytes  sha256 {attachment.Sha256}")).ConfigureAwait(false);
            }
            await output.WriteLineAsync($"{files.Count} file(s) of {found.Number}").ConfigureAwait(false);
            return 0;
        }));
        return attachments;
    }

    private static Argument<string> NumberArgument() => new("number") { Description = "The case number, e.g. KL-2026-00042." };

    // The case the argument names; else null, after saying why, with the exit code: 2 for no case number, 3 for no such case.
    private static async Task<(Case? Found, int Exit)> FindAsync(ParseResult parseResult, Argument<string> number, CaseRepository repository, CancellationToken cancellationToken)
    {
        var text = parseResult.GetValue(number);
        var error = parseResult.InvocationConfiguration.Error;
        if (!CaseNumber.TryParse(text, out var caseNumber))
        {
            await error.WriteLineAsync($"'{text}' is not a case number; expected PREFIX-YYYY-NNNNN, e.g. KL-2026-00042.").ConfigureAwait(false);
            return (null, 2);
        }
        var found = await repository.FindAsync(caseNumber, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            await error.WriteLineAsync($"No case {caseNumber}.").ConfigureAwait(false);
            return (null, 3);
        }
        return (found, 0);
    }

    // Writes a file under the name the complainant gave it, as a plain name in the folder (no path of its own), never over
    // a file already there: "brief.pdf", then "brief (2).pdf".
    private static async Task<string> WriteNewAsync(string folder, string fileName, byte[] content, CancellationToken cancellationToken)
    {
        var name = string.Concat(Path.GetFileName(fileName.Replace('\\', '/')).Select(c => Path.GetInvalidFileNameChars().Contains(c) || char.IsControl(c) ? '_' : c)).Trim();
        if (name.Length == 0 || name is "." or "..")
        {
            name = "attachment";
        }
        for (var copy = 1; ; copy++)
        {
            var path = Path.Combine(folder, copy == 1 ? name : $"{Path.GetFileNameWithoutExtension(name)} ({copy}){Path.GetExtension(name)}");
            try
            {
                await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                return path;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Taken: try the next number.
            }
        }
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}
