using System.Collections.Concurrent;
using System.Globalization;
using HandlebarsDotNet;

namespace MailComplaints.Templates;

/// <summary>A mail rendered from its templates: subject, plain text and the HTML alternative.</summary>
public sealed record RenderedMail(string Subject, string Text, string Html);

/// <summary>
/// The mail templates, <c>templates/&lt;lang&gt;/&lt;name&gt;.subject.hbs</c>, <c>.txt.hbs</c> and <c>.html.hbs</c>
/// (Handlebars). The complaint's language picks the set, Dutch when there is none for it. Values are
/// HTML-escaped in the HTML part only; a value the template names but the model lacks is an error, never an
/// empty gap in a mail. Text shared by several mails lives in partials,
/// <c>templates/&lt;lang&gt;/partials/&lt;partial&gt;.txt.hbs</c> and <c>.html.hbs</c>, used as <c>{{&gt; partial}}</c>.
/// </summary>
public sealed class MailTemplates
{
    /// <summary>The language used when a template does not exist in the complaint's language.</summary>
    public const string FallbackLanguage = "nl";

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    private readonly string directory;
    private readonly ConcurrentDictionary<string, IHandlebars> engines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> compiled = new(StringComparer.Ordinal);

    // Per requested language and mail name, the compiled set in the language that has it: looked up and compiled at
    // first use, so a render touches neither the file system nor a formatted key. Templates are read once; a change
    // to the folder takes a restart, as it did for the compiled templates already.
    private readonly ConcurrentDictionary<(string Language, string Name), TemplateSet> sets = new();

    /// <summary>Reads templates from <paramref name="directory"/>.</summary>
    public MailTemplates(string directory)
    {
        this.directory = Path.GetFullPath(directory);
        if (!Directory.Exists(this.directory))
        {
            throw new DirectoryNotFoundException($"The mail templates folder {this.directory} does not exist (setting Mail:TemplatesDirectory).");
        }
    }

    /// <summary>The languages that have templates (the folder names).</summary>
    public IReadOnlyList<string> Languages => Directory.GetDirectories(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>The template names available in a language.</summary>
    public IReadOnlyList<string> Names(string language) =>
        Directory.GetFiles(Path.Combine(directory, language), "*.subject.hbs").Select(file => Path.GetFileName(file)[..^".subject.hbs".Length]).Order(StringComparer.Ordinal).ToList();

    /// <summary>Renders mail <paramref name="name"/> in <paramref name="language"/> (or Dutch) with <paramref name="model"/>.</summary>
    public RenderedMail Render(string name, string? language, object model)
    {
        ArgumentNullException.ThrowIfNull(name);
        var set = sets.GetOrAdd((language ?? FallbackLanguage, name), key => Compile(key.Language, key.Name));
        var subject = set.Subject(model).ReplaceLineEndings(" ").Trim();
        return new RenderedMail(subject, set.Text(model), set.Html(model));
    }

    /// <summary>The cultures used for dates and sizes in mails: British English for "en", Dutch otherwise.</summary>
    public static CultureInfo CultureOf(string? language) => language == "en" ? English : Dutch;

    /// <summary>A date the way people read it in that language: "3 februari 2027", "February 3, 2027".</summary>
    public static string FormatDate(DateOnly date, string? language) => language == "en"
        ? date.ToString("MMMM d, yyyy", English)
        : date.ToString("d MMMM yyyy", Dutch);

    // A missing template throws here, so nothing is cached for it and every render reports it again.
    private TemplateSet Compile(string language, string name)
    {
        var set = File.Exists(PathOf(language, name, "subject")) ? language : FallbackLanguage;
        return new TemplateSet(Template(set, name, "subject"), Template(set, name, "txt"), Template(set, name, "html"));
    }

    private HandlebarsTemplate<object, object> Template(string language, string name, string part) =>
        compiled.GetOrAdd($"{language}/{name}.{part}", _ =>
        {
            var file = PathOf(language, name, part);
            return File.Exists(file)
                ? Engine(language, part == "html" ? "html" : "txt").Compile(File.ReadAllText(file))
                : throw new FileNotFoundException($"Mail template {file} is missing.", file);
        });

    // One engine per language and format, because partials are registered per engine: the HTML engine escapes
    // values and knows the .html.hbs partials, the plain one (subject and text) neither escapes nor sees HTML.
    private IHandlebars Engine(string language, string format) =>
        engines.GetOrAdd($"{language}/{format}", _ =>
        {
            var engine = Handlebars.Create(new HandlebarsConfiguration { ThrowOnUnresolvedBindingExpression = true, NoEscape = format != "html" });
            var partials = Path.Combine(directory, language, "partials");
            var suffix = $".{format}.hbs";
            foreach (var file in Directory.Exists(partials) ? Directory.GetFiles(partials, "*" + suffix) : [])
            {
                engine.RegisterTemplate(Path.GetFileName(file)[..^suffix.Length], File.ReadAllText(file));
            }
            return engine;
        });

    private sealed record TemplateSet(HandlebarsTemplate<object, object> Subject, HandlebarsTemplate<object, object> Text, HandlebarsTemplate<object, object> Html);

    private string PathOf(string language, string name, string part) => Path.Combine(directory, language, $"{name}.{part}.hbs");
}
