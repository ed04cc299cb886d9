using MailComplaints.Templates;

namespace MailComplaints.Tests.Templates;

public sealed class TemplateTests
{
    private static readonly string[] Languages = ["nl", "en"];
    private static readonly string[] Parts = ["subject", "txt", "html"];

    private static readonly string Directory = Path.Combine(Testing.Corpus.RepositoryRoot.FullName, "templates");

    private static readonly MailTemplates Templates = new(Directory);

    // One sample model per template (MailFields): every field the template may name, so a missing one is an error in the template.
    private static readonly IReadOnlyDictionary<string, Func<Dictionary<string, object?>>> Samples =
        MailFields.Catalogue.ToDictionary(entry => entry.Key, entry => (Func<Dictionary<string, object?>>)entry.Value.Sample);

    private static IEnumerable<TestCaseData> EveryTemplateInEveryLanguage() =>
        Samples.Keys.SelectMany(name => Languages.Select(language => new TestCaseData(name, language).SetArgDisplayNames(name, language)));

    [Test]
    public void Every_template_exists_in_Dutch_and_English_with_subject_text_and_html()
    {
        Assert.That(Templates.Languages, Is.SupersetOf(Languages));
        foreach (var language in Languages)
        {
            Assert.That(Templates.Names(language), Is.EquivalentTo(Samples.Keys), $"templates in {language} (and a sample model for each)");
            foreach (var name in Samples.Keys)
            {
                Assert.That(Parts.Select(part => Path.Combine(Directory, language, $"{name}.{part}.scriban")), Has.All.Matches<string>(File.Exists), $"{language}/{name}");
            }
        }
    }

    [TestCaseSource(nameof(EveryTemplateInEveryLanguage))]
    public void Every_template_renders_with_its_sample_without_unresolved_values(string name, string language)
    {
        var mail = Templates.Render(name, language, Samples[name]());

        // A mail about a case carries its tag; a mail about none names no case at all.
        Assert.That(mail.Subject, MailFields.Catalogue[name].Contains("caseNumber") ? Does.StartWith("[KL-2027-00042] ") : Does.Not.Contain("KL-"));
        Assert.That(mail.Subject, Does.Not.Contain("\n"));
        Assert.That(new[] { mail.Subject, mail.Text, mail.Html }, Has.None.Contains("{{").And.None.Contains("}}"));
        Assert.That(mail.Html, Does.StartWith("<!DOCTYPE html>").And.Contain($"<html lang=\"{language}\">"));
        Assert.That(mail.Text, Does.Not.Contain("<p>"));
    }

    [TestCase("nl", "Beste heer of mevrouw,", "Klager: jan@example.nl")]
    [TestCase("en", "Dear Sir or Madam,", "Complainant: jan@example.nl")]
    public void A_complainant_without_a_name_is_greeted_politely_and_named_by_address(string language, string greeting, string named)
    {
        var acknowledgement = Samples["acknowledgement"]();
        acknowledgement["complainantName"] = "";
        var reminder = Samples["reminder"]();
        reminder["complainantName"] = "";

        Assert.That(Templates.Render("acknowledgement", language, acknowledgement).Text, Does.StartWith(greeting));
        Assert.That(Templates.Render("reminder", language, reminder).Text, Does.Contain(named));
    }

    [TestCaseSource(nameof(EveryTemplateInEveryLanguage))]
    public void Every_field_a_template_inserts_is_required(string name, string language)
    {
        var source = string.Concat(Parts.Select(part => File.ReadAllText(Path.Combine(Directory, language, $"{name}.{part}.scriban"))));
        foreach (var field in Samples[name]().Keys)
        {
            if (source.Contains("{{ " + field + " }}", StringComparison.Ordinal))
            {
                var model = Samples[name]();
                model.Remove(field);
                if (field == "complainantAddress")
                {
                    model["complainantName"] = ""; // some templates name the address only for a complainant without a name
                }
                Assert.That(() => Templates.Render(name, language, model), Throws.InstanceOf<TemplateException>(), $"{language}/{name} without {field}");
            }
        }
    }

    [Test]
    public void Values_are_escaped_in_html_and_left_alone_in_plain_text()
    {
        var model = Samples["assignment"]();
        model["subject"] = "<script>alert('x')</script> & meer";

        var mail = Templates.Render("assignment", "nl", model);

        Assert.That(mail.Html, Does.Not.Contain("<script>").And.Contain("&lt;script&gt;"));
        Assert.That(mail.Text, Does.Contain("<script>alert('x')</script> & meer"));
        Assert.That(mail.Subject, Does.Contain("<script>alert('x')</script> & meer"));
    }

    [TestCaseSource(nameof(EveryTemplateInEveryLanguage))]
    public void A_complainant_named_like_a_script_is_escaped_in_html_and_written_as_is_in_plain_text(string name, string language)
    {
        const string Name = "<script>alert(1)</script> \"O'Brien\" & Co";
        var model = Samples[name]();
        model["complainantName"] = Name;

        var mail = Templates.Render(name, language, model);

        Assert.That(mail.Html, Does.Not.Contain("<script>"));
        if (mail.Text.Contains(Name, StringComparison.Ordinal))
        {
            Assert.That(mail.Html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt; &quot;O&#x27;Brien&quot; &amp; Co"));
        }
    }

    [Test]
    public void The_complainant_s_name_is_in_the_acknowledgement_escaped_in_html_and_literal_in_plain_text()
    {
        var model = Samples["acknowledgement"]();
        model["complainantName"] = "<script>alert(1)</script> \"O'Brien\" & Co";

        var mail = Templates.Render("acknowledgement", "en", model);

        Assert.That(mail.Text, Does.Contain("<script>alert(1)</script> \"O'Brien\" & Co"));
        Assert.That(mail.Html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt; &quot;O&#x27;Brien&quot; &amp; Co").And.Not.Contain("<script>"));
    }

    [Test]
    public void A_value_the_model_lacks_is_an_error_naming_the_file_the_line_and_the_name()
    {
        var model = Samples["reminder"]();
        model.Remove("workingDaysLeft");

        var error = Assert.Throws<TemplateException>(() => Templates.Render("reminder", "en", model))!;

        Assert.That(error.File, Is.EqualTo(Path.Combine(Directory, "en", "reminder.txt.scriban")));
        Assert.That(error.Line, Is.EqualTo(File.ReadAllLines(error.File).ToList().FindIndex(line => line.Contains("{{ workingDaysLeft }}", StringComparison.Ordinal)) + 1));
        Assert.That(error.Name, Is.EqualTo("workingDaysLeft"));
        Assert.That(error.Message, Does.Contain("reminder.txt.scriban:").And.Contain("workingDaysLeft").And.Not.Contain("\n"));
    }

    [Test]
    public void A_value_with_a_line_break_cannot_add_a_header_through_the_subject()
    {
        var model = Samples["acknowledgement"]();
        model["subject"] = "Lekkage\r\nBcc: iedereen@example.org";

        var mail = Templates.Render("acknowledgement", "nl", model);

        Assert.That(mail.Subject, Does.Not.Contain("\r").And.Not.Contain("\n"));
    }

    [Test]
    public void The_assignment_lists_the_attachments_says_which_are_not_attached_and_how_to_get_them_or_says_there_are_none()
    {
        var withAttachments = Templates.Render("assignment", "en", Samples["assignment"]());
        var model = Samples["assignment"]();
        model["attachments"] = Array.Empty<object>();
        model["allAttached"] = true;
        var without = Templates.Render("assignment", "en", model);

        Assert.That(withAttachments.Text, Does.Contain("- lekkage.jpg (1,2 MB), as a file with this mail\n- video-badkamer.mp4 (12,0 MB), not attached\n"));
        Assert.That(withAttachments.Text, Does.Contain("mailcomplaints case attachments KL-2027-00042 --out <folder>"));
        Assert.That(withAttachments.Html, Does.Contain("<li>video-badkamer.mp4 (12,0 MB), <strong>not attached</strong></li>"));
        Assert.That(without.Text, Does.Contain("No attachments.").And.Not.Contain("case attachments"));
        Assert.That(without.Html, Does.Contain("<li>No attachments.</li>").And.Not.Contain("case attachments"));
    }

    [TestCase("nl", "#oplossing", "#akkoord ja|nee", "#termijn", "#verlengen", "#escaleren", "#doorverwijzen", "#toewijzen", "#intern", "#afsluiten")]
    [TestCase("en", "#solution", "#agreement yes|no", "#term", "#extend", "#escalate", "#refer", "#assign", "#internal", "#close")]
    public void Mails_to_handlers_document_every_handler_command(string language, params string[] commands)
    {
        foreach (var name in new[] { "assignment", "followup", "reminder", "escalation-director", "term-alarm", "handler-confirmation", "handler-refusal", "delivery-failed" })
        {
            var mail = Templates.Render(name, language, Samples[name]());

            Assert.That(commands, Has.All.Matches<string>(command => mail.Text.Contains(command, StringComparison.Ordinal) && mail.Html.Contains(command, StringComparison.Ordinal)), $"{language}/{name}");
        }
    }

    [Test]
    public void The_resolution_says_whether_the_complainant_agreed()
    {
        var agreed = Templates.Render("resolution", "en", Samples["resolution"]());
        var model = Samples["resolution"]();
        model["complainantAgreed"] = false;
        var disagreed = Templates.Render("resolution", "en", model);

        Assert.That(agreed.Text, Does.Contain("you agree with this solution").And.Not.Contain("do not agree"));
        Assert.That(disagreed.Text, Does.Contain("you do not agree with this solution"));
        Assert.That(disagreed.Html, Does.Contain("you do not agree with this solution"));
    }

    [Test]
    public void A_language_without_templates_falls_back_to_Dutch() =>
        Assert.That(Templates.Render("withdrawal", "de", Samples["withdrawal"]()).Subject, Does.Contain("ingetrokken"));

    [TestCase("nl", "3 februari 2027")]
    [TestCase("en", "February 3, 2027")]
    [TestCase(null, "3 februari 2027")]
    public void Dates_are_written_the_way_people_read_them(string? language, string expected) =>
        Assert.That(MailTemplates.FormatDate(new DateOnly(2027, 2, 3), language), Is.EqualTo(expected));
}
