using System.CommandLine;
using MailComplaints.Mail.Mime;

namespace MailComplaints.Worker.Cli;

/// <summary>
/// <c>mailcomplaints inspect &lt;file-or-directory&gt;... [--json]</c>: shows messages as the worker reads them.
/// With --json, one JSON object per message per line.
/// </summary>
internal static class InspectVerb
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Message files, or directories whose files are all read (recursively)",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per message per line" };
        var command = new Command("inspect", "Show messages as the worker reads them: subject, sender, recipients, date, text, attachments, defects")
        {
            paths,
            json,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(paths) ?? [], parseResult.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(IReadOnlyList<string> paths, bool json, TextWriter output, TextWriter error)
    {
        var failures = 0;
        foreach (var file in Files(paths, error, ref failures))
        {
            MessageReport report;
            try
            {
                using var stream = File.OpenRead(file);
                report = MessageReport.Create(file, MimeMessage.Load(stream));
            }
            catch (IOException exception)
            {
                failures++;
                error.WriteLine($"{file}: cannot be read: {exception.Message}");
                continue;
            }
            catch (UnauthorizedAccessException exception)
            {
                failures++;
                error.WriteLine($"{file}: cannot be read: {exception.Message}");
                continue;
            }
            output.Write(json ? report.ToJson() + "\n" : report.ToText() + "\n");
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
}
