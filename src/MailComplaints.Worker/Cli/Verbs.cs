using System.CommandLine;

namespace MailComplaints.Worker.Cli;

/// <summary>The command line: every verb in one place.</summary>
internal static class Verbs
{
    /// <summary>The root command; <paramref name="overrides"/> replace configuration keys (tests use it).</summary>
    public static RootCommand Create(IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var context = new CliContext(overrides);
        var root = new RootCommand("MailComplaints: runs an organisation's complaints procedure by email.");
        var once = RunVerb.OnceOption();
        root.Options.Add(once);
        root.SetAction((parseResult, cancellationToken) => RunVerb.RunAsync(context, parseResult, parseResult.GetValue(once), cancellationToken));
        root.Subcommands.Add(RunVerb.Create(context));
        root.Subcommands.Add(DatabaseVerb.Create(context));
        root.Subcommands.Add(CasesVerb.CreateList(context));
        root.Subcommands.Add(CasesVerb.CreateShow(context));
        root.Subcommands.Add(StatusVerb.Create(context));
        return root;
    }
}
