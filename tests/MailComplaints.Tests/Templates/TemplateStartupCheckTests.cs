using MailComplaints.Templates;
using MailComplaints.Testing;

namespace MailComplaints.Tests.Templates;

/// <summary>Every template is read and checked when the templates are loaded: what is wrong stops them, naming the file, the line and the name.</summary>
public sealed class TemplateStartupCheckTests
{
    private TemplateFolderCopy templates = null!;

    [SetUp]
    public void CopyTheTemplates() => templates = new TemplateFolderCopy();

    [TearDown]
    public void RemoveTheCopy() => templates.Dispose();

    private string folder => templates.Root;

    [Test]
    public void The_templates_as_shipped_load_without_problems()
    {
        Assert.That(() => new MailTemplates(folder), Throws.Nothing);
        Assert.That(MailTemplates.Check(folder).Problems, Is.Empty);
    }

    [Test]
    public void A_template_that_does_not_parse_stops_loading_naming_the_file_and_the_line()
    {
        var path = templates.Replace("en/withdrawal.txt.scriban", "{{ withdrawnDate }}", "{{ if withdrawnDate }}");

        var error = Assert.Throws<TemplateException>(() => new MailTemplates(folder))!;

        Assert.That(error.File, Is.EqualTo(path));
        Assert.That(error.Message, Does.StartWith($"Mail template {path}:").And.Contain("does not parse").And.Not.Contain("\n"));
        Assert.That(error.Problems.Select(problem => problem.File), Is.All.EqualTo(path));
    }

    [Test]
    public void A_template_naming_a_value_its_mail_does_not_have_stops_loading_naming_the_file_the_line_and_the_name()
    {
        var path = templates.Replace("nl/acknowledgement.html.scriban", "{{ termDate }}", "{{ termijnDatum }}");

        var error = Assert.Throws<TemplateException>(() => new MailTemplates(folder))!;

        Assert.That((error.File, error.Line, error.Name), Is.EqualTo((path, TemplateFolderCopy.LineOf(path, "{{ termijnDatum }}"), "termijnDatum")));
        Assert.That(error.Message, Does.StartWith($"Mail template {path}:{error.Line}:").And.Contain("'termijnDatum'").And.Contain("'acknowledgement'"));
        Assert.That(error.Problems, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_field_of_another_mail_is_unknown_too()
    {
        var path = templates.Replace("en/withdrawal.subject.scriban", "{{ caseNumber }}", "{{ caseNumber }} {{ decision }}");

        var error = Assert.Throws<TemplateException>(() => new MailTemplates(folder))!;

        Assert.That((error.File, error.Line, error.Name), Is.EqualTo((path, 1, "decision")));
    }

    [Test]
    public void In_the_attachment_loop_the_item_s_fields_are_known_and_others_are_not()
    {
        var path = templates.Replace("nl/assignment.txt.scriban", "{{ attachment.size }}", "{{ attachment.grootte }}");

        var error = Assert.Throws<TemplateException>(() => new MailTemplates(folder))!;

        Assert.That((error.File, error.Line, error.Name), Is.EqualTo((path, TemplateFolderCopy.LineOf(path, "attachment.grootte"), "attachment.grootte")));
        Assert.That(error.Message, Does.Contain("fileName, size"));
    }

    [Test]
    public void A_value_a_partial_names_is_checked_against_every_mail_that_includes_it()
    {
        var path = templates.Replace("en/partials/handler-commands.txt.scriban", "{{ organisation }}", "{{ organisation }} {{ termDate }}");

        var error = Assert.Throws<TemplateException>(() => new MailTemplates(folder))!;

        // The reminder has a term date, the follow-up notice has not.
        Assert.That(error.Problems.Select(problem => (problem.File, problem.Name)).Distinct(), Is.EqualTo(new[] { (path, "termDate") }));
        Assert.That(error.Problems.Select(problem => problem.Message), Has.Some.Contains("(included by followup.txt.scriban)").And.None.Contains("(included by reminder."));
    }

    [Test]
    public void A_mail_without_one_of_its_parts_is_reported()
    {
        File.Delete(templates.Path("en", "referral.html.scriban"));

        var error = Assert.Throws<TemplateException>(() => new MailTemplates(folder))!;

        Assert.That(error.File, Is.EqualTo(templates.Path("en", "referral.html.scriban")));
        Assert.That(error.Message, Does.Contain("is missing"));
    }

    [Test]
    public void A_Handlebars_template_left_in_the_folder_is_reported_with_what_to_do()
    {
        var path = templates.Path("nl", "acknowledgement.txt.hbs");
        File.WriteAllText(path, "Beste {{complainantName}},\n");

        var error = Assert.Throws<TemplateException>(() => new MailTemplates(folder))!;

        Assert.That(error.File, Is.EqualTo(path));
        Assert.That(error.Message, Does.Contain("acknowledgement.txt.scriban").And.Contain("Moving customised Handlebars templates over"));
    }

    [Test]
    public void Check_lists_every_problem_of_the_folder()
    {
        templates.Replace("en/withdrawal.txt.scriban", "{{ withdrawnDate }}", "{{ if withdrawnDate }}");
        templates.Replace("nl/reminder.txt.scriban", "{{ workingDaysLeft }}", "{{ werkdagen }}");

        var check = MailTemplates.Check(folder);

        Assert.That(check.Problems.Select(problem => Path.GetFileName(problem.File)), Is.SupersetOf(new[] { "withdrawal.txt.scriban", "reminder.txt.scriban" }));
        Assert.That(check.Problems.Where(problem => problem.Name == "werkdagen").Select(problem => problem.ToString()), Has.All.Contains("reminder.txt.scriban:"));
    }
}
