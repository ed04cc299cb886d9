using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace MailComplaints.Worker.Cli;

/// <summary>The command line: every verb in one place.</summary>
internal static class Verbs
{
    /// <summary>The root command; tests pass <paramref name="overrides"/> of settings and <paramref name="replaceServices"/> (e.g. the clock).</summary>
    public static RootCommand Create(IEnumerable<KeyValuePair<string, string?>>? overrides = null, Action<IServiceCollection>? replaceServices = null)
    {
        var context = new CliContext(overrides, replaceServices);
        var root = new RootCommand("MailComplaints: runs an organisation's complaints procedure by email.");
        var once = RunVerb.OnceOption();
        root.Options.Add(once);
        root.SetAction((parseResult, cancellationToken) => RunVerb.RunAsync(context, parseResult, parseResult.GetValue(once), cancellationToken));
        root.Subcommands.Add(RunVerb.Create(context));
        root.Subcommands.Add(DatabaseVerb.Create(context));
        root.Subcommands.Add(CasesVerb.CreateList(context));
        root.Subcommands.Add(CasesVerb.CreateShow(context));
        root.Subcommands.Add(StatusVerb.Create(context));
        root.Subcommands.Add(FailedVerb.Create(context));
        root.Subcommands.Add(InspectVerb.Create(context));
        root.Subcommands.Add(TemplatesVerb.Create(context));
        root.Subcommands.Add(RetentionVerbs.CreatePurge(context));
        root.Subcommands.Add(RetentionVerbs.CreateErase(context));
        root.Subcommands.Add(ReportVerb.Create(context));
        return root;
    }
}
