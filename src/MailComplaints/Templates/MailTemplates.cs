using System.Globalization;
using Scriban.Syntax;

namespace MailComplaints.Templates;

/// <summary>A mail rendered from its templates: subject, plain text and the HTML alternative.</summary>
public sealed record RenderedMail(string Subject, string Text, string Html);

/// <summary>What <see cref="MailTemplates.Check"/> found: the languages, how many mails, and every problem.</summary>
public sealed record TemplateCheck(IReadOnlyList<string> Languages, int Mails, IReadOnlyList<TemplateProblem> Problems);

/// <summary>
/// The mail templates, <c>templates/&lt;lang&gt;/&lt;name&gt;.subject.scriban</c>, <c>.txt.scriban</c> and <c>.html.scriban</c>
/// (Scriban), every one read and parsed when this is made: a template that does not parse or names a value its mail does not
/// have (<see cref="MailFields"/>) is a <see cref="TemplateException"/> then, not when the mail is sent. The complaint's
/// language picks the set, Dutch when there is none for it. Values are HTML-escaped in the HTML part only; a value the
/// template names but the model lacks is an error, never an empty gap in a mail. Text shared by several mails lives in
/// partials, <c>templates/&lt;lang&gt;/partials/&lt;partial&gt;.txt.scriban</c> and <c>.html.scriban</c>, used as
/// <c>{{ include 'partial' }}</c>.
/// </summary>
public sealed class MailTemplates
{
    /// <summary>The language used when a template does not exist in the complaint's language.</summary>
    public const string FallbackLanguage = "nl";

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    private readonly TemplateFolder folder;

    /// <summary>Reads and checks every template in <paramref name="directory"/>; throws <see cref="TemplateException"/> naming what is wrong.</summary>
    public MailTemplates(string directory)
    {
        folder = TemplateFolder.Read(directory);
        if (folder.Problems.Count > 0)
        {
            throw new TemplateException(folder.Problems);
        }
    }

    private MailTemplates(TemplateFolder folder) => this.folder = folder;

    /// <summary>The languages that have templates (the folder names).</summary>
    public IReadOnlyList<string> Languages => folder.Languages;

    /// <summary>The mails that have templates in a language.</summary>
    public IReadOnlyList<string> Names(string language) =>
        folder.Mails.Keys.Where(key => key.Language == language).Select(key => key.Mail).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Renders mail <paramref name="name"/> in <paramref name="language"/> (or Dutch) with <paramref name="model"/>; throws
    /// <see cref="TemplateException"/> when a template names a value the model lacks, <see cref="FileNotFoundException"/>
    /// when there is no such mail.
    /// </summary>
    public RenderedMail Render(string name, string? language, IReadOnlyDictionary<string, object?> model)
    {
        ArgumentNullException.ThrowIfNull(name);
        var set = Find(name, language) ?? throw new FileNotFoundException($"There is no mail template {name}.subject{TemplateFolder.Extension} in {folder.Directory}.");
        var subject = Render(set.Subject, set.TextPartials, html: false, model).ReplaceLineEndings(" ").Trim();
        return new RenderedMail(subject, Render(set.Text, set.TextPartials, html: false, model), Render(set.Html, set.HtmlPartials, html: true, model));
    }

    /// <summary>
    /// Renders the document <paramref name="name"/> (the report) in <paramref name="language"/> (or Dutch) with <paramref name="model"/>:
    /// HTML, every value escaped as in a mail's HTML part; throws <see cref="TemplateException"/> when the template names a value
    /// the model lacks, <see cref="FileNotFoundException"/> when there is no such document.
    /// </summary>
    public string RenderDocument(string name, string? language, IReadOnlyDictionary<string, object?> model)
    {
        ArgumentNullException.ThrowIfNull(name);
        var document = folder.Documents.GetValueOrDefault((language ?? FallbackLanguage, name)) ?? folder.Documents.GetValueOrDefault((FallbackLanguage, name))
            ?? throw new FileNotFoundException($"There is no document template {name}.html{TemplateFolder.Extension} in {folder.Directory}.");
        return Render(document.Html, document.HtmlPartials, html: true, model);
    }

    /// <summary>
    /// Reads every template in <paramref name="directory"/> and renders every mail and document in every language with its sample values:
    /// what <c>mailcomplaints templates check</c> reports.
    /// </summary>
    public static TemplateCheck Check(string directory)
    {
        var folder = TemplateFolder.Read(directory);
        var templates = new MailTemplates(folder);
        var problems = folder.Problems.ToList();
        foreach (var language in folder.Languages)
        {
            // A mail or document whose templates or partials have a problem already would only report it again, or cannot be rendered at all.
            var renderings = MailFields.Catalogue.Values.Where(fields => templates.IsClean(fields.Mail, language)).OrderBy(fields => fields.Mail, StringComparer.Ordinal)
                .Select(fields => (Action)(() => templates.Render(fields.Mail, language, fields.Sample())))
                .Concat(MailFields.Documents.Values.Where(fields => templates.IsCleanDocument(fields.Mail, language)).OrderBy(fields => fields.Mail, StringComparer.Ordinal)
                    .Select(fields => (Action)(() => templates.RenderDocument(fields.Mail, language, fields.Sample()))));
            foreach (var render in renderings)
            {
                try
                {
                    render();
                }
                catch (TemplateException exception)
                {
                    problems.AddRange(exception.Problems);
                }
            }
        }
        return new TemplateCheck(folder.Languages, MailFields.Catalogue.Count, problems.Distinct().ToList());
    }

    /// <summary>The cultures used for dates and sizes in mails: British English for "en", Dutch otherwise.</summary>
    public static CultureInfo CultureOf(string? language) => language == "en" ? English : Dutch;

    /// <summary>A date the way people read it in that language: "3 februari 2027", "February 3, 2027".</summary>
    public static string FormatDate(DateOnly date, string? language) => language == "en"
        ? date.ToString("MMMM d, yyyy", English)
        : date.ToString("d MMMM yyyy", Dutch);

    private MailTemplateSet? Find(string name, string? language) =>
        folder.Mails.GetValueOrDefault((language ?? FallbackLanguage, name)) ?? folder.Mails.GetValueOrDefault((FallbackLanguage, name));

    private bool IsClean(string name, string language) => Find(name, language) is { } set && !folder.Problems.Any(problem =>
        problem.File == set.Subject.File || problem.File == set.Text.File || problem.File == set.Html.File || set.TextPartials.Contains(problem.File) || set.HtmlPartials.Contains(problem.File));

    private bool IsCleanDocument(string name, string language) => folder.Documents.GetValueOrDefault((language, name)) is { } document
        && !folder.Problems.Any(problem => problem.File == document.Html.File || document.HtmlPartials.Contains(problem.File));

    private string Render(ParsedTemplate template, PartialLoader partials, bool html, IReadOnlyDictionary<string, object?> model)
    {
        try
        {
            return template.Template.Render(new MailTemplateContext(model, partials, html));
        }
        catch (ScriptRuntimeException exception)
        {
            var span = exception.Span;
            var source = folder.Source(span.FileName) ?? template;
            throw new TemplateException([new TemplateProblem(source.File, span.Start.Line + 1, span.Start.Column + 1, source.TextAt(span),
                $"{exception.OriginalMessage.TrimEnd('.')}; the mail was given {string.Join(", ", model.Keys.Order(StringComparer.Ordinal))} (see docs/templates.md).")], exception);
        }
    }
}
