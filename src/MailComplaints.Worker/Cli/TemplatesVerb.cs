using System.CommandLine;
using MailComplaints.Templates;

namespace MailComplaints.Worker.Cli;

/// <summary>
/// <c>templates check [DIR]</c>: reads every template of the folder (the configured <c>Mail:TemplatesDirectory</c> when none
/// is given) and renders every mail in every language with sample values; prints one line per problem
/// (<c>file:line:column: message</c>) and a summary. Exit 0 when every mail renders, 1 otherwise. Needs neither the
/// database nor the mailbox, and builds no host.
/// </summary>
internal static class TemplatesVerb
{
    public static Command Create(CliContext context)
    {
        var directory = new Argument<string?>("DIR")
        {
            Description = "The templates folder (default: the setting Mail:TemplatesDirectory)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var check = new Command("check", "Parse and render every mail template in every language with sample values, and report what is wrong.") { directory };
        check.SetAction((parseResult, _) => CliContext.GuardAsync(parseResult, output =>
            CheckAsync(parseResult.GetValue(directory) ?? context.TemplatesDirectory(), output)));
        return new Command("templates", "Mail templates.") { check };
    }

    private static async Task<int> CheckAsync(string directory, TextWriter output)
    {
        var check = MailTemplates.Check(directory);
        foreach (var problem in check.Problems)
        {
            await output.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
        }
        var mails = $"templates: {check.Mails} mails in {string.Join(", ", check.Languages)}";
        await output.WriteLineAsync(check.Problems.Count == 0 ? $"{mails}: all render" : $"{mails}: {check.Problems.Count} problem(s)").ConfigureAwait(false);
        return check.Problems.Count == 0 ? 0 : CliContext.Failure;
    }
}
