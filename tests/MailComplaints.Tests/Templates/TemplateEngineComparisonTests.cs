using MailComplaints.Mail.Mime;
using MailComplaints.Outbox;
using MailComplaints.Templates;

namespace MailComplaints.Tests.Templates;

/// <summary>The Scriban templates write every mail, in both languages and all three parts, exactly as the Handlebars ones did.</summary>
public sealed class TemplateEngineComparisonTests
{
    private static readonly string Directory = Path.Combine(Testing.Corpus.RepositoryRoot.FullName, "templates");

    private static readonly MailTemplates Scriban = new(Directory);

    private static readonly HandlebarsTemplates Handlebars = new(Directory);

    private const string Hostile = "<script>alert(1)</script> \"O'Brien\" & Co = `x`";

    // Per mail: the sample, the sample as the outbox reads it back from its JSON draft, every text value hostile, and the
    // mail's own edge cases.
    private static IEnumerable<TestCaseData> Models()
    {
        foreach (var fields in MailFields.Catalogue.Values)
        {
            var models = new List<(string Variant, Dictionary<string, object?> Model)>
            {
                ("sample", fields.Sample()),
                ("from the outbox", new Dictionary<string, object?>(Stored(fields.Sample()))),
                ("hostile text", fields.Sample().ToDictionary(field => field.Key, field => field.Value is string ? (object?)Hostile : field.Value)),
            };
            models.AddRange(EdgeCases(fields));
            foreach (var language in new[] { "nl", "en" })
            {
                foreach (var (variant, model) in models)
                {
                    yield return new TestCaseData(fields.Mail, language, model).SetArgDisplayNames(fields.Mail, language, variant);
                }
            }
        }
    }

    private static IEnumerable<(string, Dictionary<string, object?>)> EdgeCases(MailFields fields)
    {
        foreach (var (field, value) in new (string, object?)[] { ("attachments", Array.Empty<object>()), ("complainantAgreed", false), ("termDate", ""), ("thirdPartyAddress", "") })
        {
            if (fields.Contains(field))
            {
                var model = fields.Sample();
                model[field] = value;
                yield return ($"{field} {(value is string ? "empty" : value)}", model);
            }
        }
    }

    private static IReadOnlyDictionary<string, object?> Stored(Dictionary<string, object?> model) =>
        MailDraft.FromJson(new MailDraft("t", "nl", "KL-2027-00042", new MailboxAddress(null, "jan@example.nl"), null, [], DateTimeOffset.UnixEpoch, model).ToJson()).Model;

    [TestCaseSource(nameof(Models))]
    public void Scriban_writes_the_mail_byte_for_byte_as_Handlebars_did(string mail, string language, Dictionary<string, object?> model)
    {
        var (subject, text, html) = Handlebars.Render(mail, language, model);

        var rendered = Scriban.Render(mail, language, model);

        Assert.That(rendered.Subject, Is.EqualTo(subject), "subject");
        Assert.That(rendered.Text, Is.EqualTo(text), "plain text");
        Assert.That(rendered.Html, Is.EqualTo(html), "html");
    }
}
