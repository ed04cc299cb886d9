using HandlebarsDotNet.Compiler;
using MailComplaints.Templates;

namespace MailComplaints.Tests.Templates;

public sealed class TemplateTests
{
    private static readonly string[] Languages = ["nl", "en"];
    private static readonly string[] Parts = ["subject", "txt", "html"];

    private static readonly string Directory = Path.Combine(Testing.Corpus.RepositoryRoot.FullName, "templates");

    private static readonly MailTemplates Templates = new(Directory);

    private static Dictionary<string, object?> Complaint(params (string Field, object? Value)[] more)
    {
        var model = new Dictionary<string, object?>
        {
            ["caseNumber"] = "KL-2027-00042",
            ["complainantName"] = "Jan de Vries",
            ["subject"] = "Lekkage niet verholpen",
            ["receivedDate"] = "3 februari 2027",
            ["organisation"] = "Woonstichting De Linde",
        };
        foreach (var (field, value) in more)
        {
            model[field] = value;
        }
        return model;
    }

    // One sample model per template: every field the template may name, so a missing one is an error in the template.
    private static readonly IReadOnlyDictionary<string, Func<Dictionary<string, object?>>> Samples = new Dictionary<string, Func<Dictionary<string, object?>>>
    {
        ["acknowledgement"] = () => Complaint(("termDate", "17 maart 2027"), ("handlerName", "Petra Jansen")),
        ["assignment"] = () => Complaint(
            ("complainantAddress", "jan@example.nl"), ("termDate", "17 maart 2027"), ("handlerName", "Petra Jansen"),
            ("complaintText", "Op 2 februari is de monteur opnieuw niet gekomen.\nDe lekkage in de badkamer wordt erger."),
            ("attachments", new[] { Attachment("lekkage.jpg", "1,2 MB"), Attachment("brief-januari.pdf", "84 kB") })),
        ["reminder"] = () => Complaint(("handlerName", "Petra Jansen"), ("termDate", "17 maart 2027"), ("workingDaysLeft", 3)),
        ["escalation-director"] = () => Complaint(
            ("complainantAddress", "jan@example.nl"), ("directorName", "Mr. A. Bakker"), ("handlerName", "Petra Jansen"), ("termDate", "17 maart 2027"),
            ("escalationReason", "De termijn is verstreken zonder beslissing."), ("answerDate", "19 april 2027"),
            ("complaintText", "Op 2 februari is de monteur opnieuw niet gekomen.")),
        ["escalation-complainant"] = () => Complaint(("answerDate", "19 april 2027")),
        ["term-alarm"] = () => Complaint(("handlerName", "Petra Jansen"), ("maximumDate", "3 mei 2027"), ("workingDaysLeft", 5)),
        ["extension"] = () => Complaint(
            ("previousTermDate", "17 maart 2027"), ("termDate", "28 april 2027"), ("handlerName", "Petra Jansen"),
            ("extensionReason", "Wij wachten op het rapport van de aannemer, die de lekkage onderzoekt.")),
        ["referral"] = () => Complaint(("thirdPartyName", "Geschillencommissie Wonen"), ("thirdPartyAddress", "Postbus 90600\n2509 LP Den Haag")),
        ["resolution"] = () => Complaint(
            ("decision", "De badkamer wordt op 12 maart gerepareerd; u ontvangt een vergoeding van € 150."),
            ("complainantAgreed", true), ("handlerName", "Petra Jansen"), ("resolvedDate", "8 maart 2027")),
        ["withdrawal"] = () => Complaint(("withdrawnDate", "10 februari 2027")),
        ["followup"] = () => Complaint(("handlerName", "Petra Jansen"), ("messageSubject", "Re: Lekkage niet verholpen"), ("text", "Nu lekt het ook in de keuken.")),
        ["rejection-late"] = () => Complaint(("incidentDate", "2 januari 2027"), ("lodgingWindowDays", 14)),
        ["rejection-other-channel"] = () => Complaint(("complaintsAddress", "klachten@delinde.example")),
        ["rejection-duplicate"] = () => Complaint(("earlierCaseNumber", "KL-2026-00017"), ("decisionDate", "14 december 2026")),
        ["handler-confirmation"] = () => Complaint(
            ("handlerName", "Petra Jansen"), ("command", "#termijn 2027-03-31"), ("change", "De termijn is gewijzigd van 17 maart 2027 in 31 maart 2027."),
            ("status", "in behandeling"), ("termDate", "31 maart 2027")),
        ["handler-refusal"] = () => Complaint(
            ("handlerName", "Petra Jansen"), ("command", "#verlengen morgen"), ("refusalReason", "\"morgen\" is geen datum; schrijf bijvoorbeeld 2027-03-31, gevolgd door de reden.")),
        ["acknowledgement-late"] = () => Complaint(("handlerName", "Mr. A. Bakker"), ("acknowledgeBy", "10 februari 2027")),
        ["handler-message"] = () => Complaint(("handlerName", "Petra Jansen"), ("text", "De monteur komt dinsdag 9 februari tussen 8 en 12 uur.\nKunt u dan thuis zijn?")),
        ["delivery-failed"] = () => Complaint(
            ("handlerName", "Petra Jansen"), ("complainantAddress", "jan@example.nl"), ("failedMailSubject", "[KL-2027-00042] Ontvangstbevestiging van uw klacht"),
            ("failureReason", "550 5.1.1 <jan@example.nl>: Recipient address rejected: User unknown")),
    };

    private static Dictionary<string, object?> Attachment(string fileName, string size) => new() { ["fileName"] = fileName, ["size"] = size };

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
                Assert.That(Parts.Select(part => Path.Combine(Directory, language, $"{name}.{part}.hbs")), Has.All.Matches<string>(File.Exists), $"{language}/{name}");
            }
        }
    }

    [TestCaseSource(nameof(EveryTemplateInEveryLanguage))]
    public void Every_template_renders_with_its_sample_without_unresolved_values(string name, string language)
    {
        var mail = Templates.Render(name, language, Samples[name]());

        Assert.That(mail.Subject, Does.StartWith("[KL-2027-00042] "));
        Assert.That(mail.Subject, Does.Not.Contain("\n"));
        Assert.That(new[] { mail.Subject, mail.Text, mail.Html }, Has.None.Contains("{{").And.None.Contains("}}"));
        Assert.That(mail.Html, Does.StartWith("<!DOCTYPE html>").And.Contain($"<html lang=\"{language}\">"));
        Assert.That(mail.Text, Does.Not.Contain("<p>"));
    }

    [TestCaseSource(nameof(EveryTemplateInEveryLanguage))]
    public void Every_field_a_template_inserts_is_required(string name, string language)
    {
        var source = string.Concat(Parts.Select(part => File.ReadAllText(Path.Combine(Directory, language, $"{name}.{part}.hbs"))));
        foreach (var field in Samples[name]().Keys)
        {
            if (source.Contains("{{" + field + "}}", StringComparison.Ordinal))
            {
                var model = Samples[name]();
                model.Remove(field);
                Assert.That(() => Templates.Render(name, language, model), Throws.InstanceOf<HandlebarsUndefinedBindingException>(), $"{language}/{name} without {field}");
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

    [Test]
    public void A_value_with_a_line_break_cannot_add_a_header_through_the_subject()
    {
        var model = Samples["acknowledgement"]();
        model["subject"] = "Lekkage\r\nBcc: iedereen@example.org";

        var mail = Templates.Render("acknowledgement", "nl", model);

        Assert.That(mail.Subject, Does.Not.Contain("\r").And.Not.Contain("\n"));
    }

    [Test]
    public void The_assignment_lists_the_attachments_or_says_there_are_none()
    {
        var withAttachments = Templates.Render("assignment", "en", Samples["assignment"]());
        var model = Samples["assignment"]();
        model["attachments"] = Array.Empty<object>();
        var without = Templates.Render("assignment", "en", model);

        Assert.That(withAttachments.Text, Does.Contain("- lekkage.jpg (1,2 MB)\n- brief-januari.pdf (84 kB)\n"));
        Assert.That(withAttachments.Html, Does.Contain("<li>lekkage.jpg (1,2 MB)</li>"));
        Assert.That(without.Text, Does.Contain("No attachments."));
        Assert.That(without.Html, Does.Contain("<li>No attachments.</li>"));
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
