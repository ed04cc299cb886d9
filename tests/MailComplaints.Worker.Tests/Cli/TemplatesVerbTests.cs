using MailComplaints.Templates;
using MailComplaints.Testing;

namespace MailComplaints.Worker.Tests.Cli;

/// <summary><c>templates check [DIR]</c>, and templates that stop start-up, run in this process.</summary>
public sealed class TemplatesVerbTests
{
    private InProcessWorker worker = null!;
    private TemplateFolderCopy templates = null!;

    [SetUp]
    public void Create()
    {
        worker = new InProcessWorker();
        templates = new TemplateFolderCopy();
    }

    [TearDown]
    public void Remove()
    {
        templates.Dispose();
        worker.Dispose();
    }

    [Test]
    public async Task The_templates_next_to_the_executable_all_render()
    {
        var result = await worker.RunAsync("templates", "check");

        Assert.That(result.ExitCode, Is.Zero, result.Output + result.Error);
        Assert.That(result.Output.Trim(), Is.EqualTo($"templates: {MailFields.Catalogue.Count} mails in en, nl: all render"));
    }

    [Test]
    public async Task A_good_folder_passes()
    {
        var result = await worker.RunAsync("templates", "check", templates.Root);

        Assert.That((result.ExitCode, result.Output.Trim()), Is.EqualTo((0, $"templates: {MailFields.Catalogue.Count} mails in en, nl: all render")));
    }

    [Test]
    public async Task A_folder_with_a_syntax_error_fails_naming_the_file_and_the_line()
    {
        var path = templates.Replace("nl/extension.txt.scriban", "{{ extensionReason }}", "{{ for reason in }}");

        var result = await worker.RunAsync("templates", "check", templates.Root);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Output, Does.Contain($"{path}:{TemplateFolderCopy.LineOf(path, "{{ for reason in }}")}:").And.Contain("does not parse"));
        Assert.That(result.Output.TrimEnd().Split('\n')[^1], Does.StartWith($"templates: {MailFields.Catalogue.Count} mails in en, nl: ").And.EndWith("problem(s)"));
    }

    [Test]
    public async Task A_folder_with_an_unknown_field_fails_naming_the_file_the_line_and_the_name()
    {
        var path = templates.Replace("en/rejection-late.html.scriban", "{{ lodgingWindowDays }}", "{{ lodgingDays }}");

        var result = await worker.RunAsync("templates", "check", templates.Root);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Output, Does.Contain($"{path}:{TemplateFolderCopy.LineOf(path, "{{ lodgingDays }}")}:").And.Contain("'lodgingDays'").And.Contain("'rejection-late'"));
    }

    [Test]
    public async Task A_template_naming_an_unknown_field_stops_start_up_with_exit_78_and_one_line_naming_file_line_and_name()
    {
        var path = templates.Replace("nl/acknowledgement.txt.scriban", "{{ receivedDate }}", "{{ ontvangstDatum }}");
        worker.Settings["Mail:TemplatesDirectory"] = templates.Root;

        var result = await worker.RunAsync("run", "--once");

        Assert.That(result.ExitCode, Is.EqualTo(78));
        Assert.That(result.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(result.Error, Does.StartWith($"Mail template {path}:{TemplateFolderCopy.LineOf(path, "{{ ontvangstDatum }}")}:").And.Contain("'ontvangstDatum'"));
        Assert.That(File.Exists(Path.Combine(worker.Root, "data", "complaints.db")), Is.False, "nothing was started");
    }
}
