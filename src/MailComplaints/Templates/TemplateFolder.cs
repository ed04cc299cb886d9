using System.Collections.Frozen;

namespace MailComplaints.Templates;

/// <summary>The three templates of one mail in one language, with the partials each part includes.</summary>
internal sealed record MailTemplateSet(string Language, string Mail, ParsedTemplate Subject, ParsedTemplate Text, ParsedTemplate Html, PartialLoader TextPartials, PartialLoader HtmlPartials);

/// <summary>The template of one document (a page that is no mail: the report) in one language, with the HTML partials it includes.</summary>
internal sealed record DocumentTemplate(string Language, string Name, ParsedTemplate Html, PartialLoader HtmlPartials);

/// <summary>
/// The templates folder, read and parsed once: <c>&lt;lang&gt;/&lt;mail&gt;.{subject,txt,html}.scriban</c> and
/// <c>&lt;lang&gt;/partials/&lt;partial&gt;.{txt,html}.scriban</c>, and the documents, <c>&lt;lang&gt;/&lt;document&gt;.html.scriban</c>
/// (<see cref="MailFields.Documents"/>), with everything wrong with it: a file that does not parse,
/// a mail without one of its parts (or, in Dutch, the language every mail falls back to, missing), a file that is no mail of
/// <see cref="MailFields.Catalogue"/>, a name a mail does not have (<see cref="FieldCheck"/>), a Handlebars file left over.
/// </summary>
internal sealed class TemplateFolder
{
    /// <summary>The extension of every template file.</summary>
    public const string Extension = ".scriban";

    private static readonly string[] Parts = ["subject", "txt", "html"];

    private readonly FrozenDictionary<string, ParsedTemplate> files;

    private TemplateFolder(string directory, IReadOnlyList<string> languages, FrozenDictionary<(string Language, string Mail), MailTemplateSet> mails,
        FrozenDictionary<(string Language, string Name), DocumentTemplate> documents, FrozenDictionary<string, ParsedTemplate> files, IReadOnlyList<TemplateProblem> problems)
    {
        this.files = files;
        Directory = directory;
        Languages = languages;
        Mails = mails;
        Documents = documents;
        Problems = problems;
    }

    /// <summary>The folder, as a full path.</summary>
    public string Directory { get; }

    /// <summary>The languages that have templates (the folder names), in order.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>Every mail that has its three parts, by language and name.</summary>
    public FrozenDictionary<(string Language, string Mail), MailTemplateSet> Mails { get; }

    /// <summary>Every document that has its template, by language and name.</summary>
    public FrozenDictionary<(string Language, string Name), DocumentTemplate> Documents { get; }

    /// <summary>What is wrong, file by file; empty when every template can be used.</summary>
    public IReadOnlyList<TemplateProblem> Problems { get; }

    /// <summary>Reads and checks every template in <paramref name="directory"/>.</summary>
    public static TemplateFolder Read(string directory)
    {
        var root = Path.GetFullPath(directory);
        var problems = new List<TemplateProblem>();
        if (!System.IO.Directory.Exists(root))
        {
            problems.Add(new TemplateProblem(root, 0, 0, root, "the mail templates folder does not exist; set Mail:TemplatesDirectory to the folder that holds nl/, en/, …"));
            return new TemplateFolder(root, [], FrozenDictionary<(string, string), MailTemplateSet>.Empty, FrozenDictionary<(string, string), DocumentTemplate>.Empty,
                FrozenDictionary<string, ParsedTemplate>.Empty, problems);
        }
        var languages = System.IO.Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var mails = new Dictionary<(string Language, string Mail), MailTemplateSet>();
        var documents = new Dictionary<(string Language, string Name), DocumentTemplate>();
        var files = new Dictionary<string, ParsedTemplate>(StringComparer.Ordinal);
        foreach (var language in languages)
        {
            var (sets, pages) = ReadLanguage(Path.Combine(root, language), language, files, problems);
            sets.ForEach(set => mails.Add((language, set.Mail), set));
            pages.ForEach(page => documents.Add((language, page.Name), page));
        }
        foreach (var missing in MailFields.Catalogue.Keys.Order(StringComparer.Ordinal).Where(mail => !mails.ContainsKey((MailTemplates.FallbackLanguage, mail))))
        {
            problems.Add(new TemplateProblem(Path.Combine(root, MailTemplates.FallbackLanguage), 0, 0, missing,
                $"the mail '{missing}' has no templates; every mail needs {missing}.subject, .txt and .html{Extension} in {MailTemplates.FallbackLanguage}/, the language mails fall back to."));
        }
        foreach (var missing in MailFields.Documents.Keys.Order(StringComparer.Ordinal).Where(name => !documents.ContainsKey((MailTemplates.FallbackLanguage, name))))
        {
            problems.Add(new TemplateProblem(Path.Combine(root, MailTemplates.FallbackLanguage), 0, 0, missing,
                $"the document '{missing}' has no template; it needs {missing}.html{Extension} in {MailTemplates.FallbackLanguage}/, the language documents fall back to."));
        }
        foreach (var set in mails.Values.OrderBy(set => set.Language, StringComparer.Ordinal).ThenBy(set => set.Mail, StringComparer.Ordinal))
        {
            var fields = MailFields.Catalogue[set.Mail];
            FieldCheck.Run(set.Subject, fields, set.TextPartials, problems);
            FieldCheck.Run(set.Text, fields, set.TextPartials, problems);
            FieldCheck.Run(set.Html, fields, set.HtmlPartials, problems);
        }
        foreach (var page in documents.Values.OrderBy(page => page.Language, StringComparer.Ordinal).ThenBy(page => page.Name, StringComparer.Ordinal))
        {
            FieldCheck.Run(page.Html, MailFields.Documents[page.Name], page.HtmlPartials, problems);
        }
        return new TemplateFolder(root, languages, mails.ToFrozenDictionary(), documents.ToFrozenDictionary(), files.ToFrozenDictionary(StringComparer.Ordinal),
            problems.Distinct().ToList());
    }

    /// <summary>The template read from <paramref name="file"/>, or null.</summary>
    public ParsedTemplate? Source(string? file) => file is null ? null : files.GetValueOrDefault(file);

    private static (List<MailTemplateSet> Mails, List<DocumentTemplate> Documents) ReadLanguage(string folder, string language, Dictionary<string, ParsedTemplate> files,
        List<TemplateProblem> problems)
    {
        var partialsFolder = Path.Combine(folder, "partials");
        var partials = Templates(partialsFolder, files, problems).ToDictionary(template => template.File, StringComparer.Ordinal);
        var textPartials = new PartialLoader(partialsFolder, "txt", partials);
        var htmlPartials = new PartialLoader(partialsFolder, "html", partials);
        var byMail = new Dictionary<string, Dictionary<string, ParsedTemplate>>(StringComparer.Ordinal);
        var documents = new List<DocumentTemplate>();
        foreach (var template in Templates(folder, files, problems))
        {
            var name = Path.GetFileName(template.File)[..^Extension.Length];
            var dot = name.LastIndexOf('.');
            var (mail, part) = dot > 0 ? (name[..dot], name[(dot + 1)..]) : (name, "");
            if (part == "html" && MailFields.Documents.ContainsKey(mail))
            {
                documents.Add(new DocumentTemplate(language, mail, template, htmlPartials));
                continue;
            }
            if (!Parts.Contains(part) || !MailFields.Catalogue.ContainsKey(mail))
            {
                problems.Add(new TemplateProblem(template.File, 0, 0, name,
                    $"is not a template the worker uses; name it <mail>.subject, .txt or .html{Extension}, with <mail> one of {string.Join(", ", MailFields.Catalogue.Keys.Order(StringComparer.Ordinal))}, or <document>.html{Extension} with <document> one of {string.Join(", ", MailFields.Documents.Keys.Order(StringComparer.Ordinal))}."));
                continue;
            }
            (byMail.TryGetValue(mail, out var parts) ? parts : byMail[mail] = new(StringComparer.Ordinal))[part] = template;
        }
        var sets = new List<MailTemplateSet>();
        foreach (var (mail, parts) in byMail.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            var missing = Parts.Where(part => !parts.ContainsKey(part)).ToList();
            if (missing.Count > 0)
            {
                problems.AddRange(missing.Select(part => new TemplateProblem(Path.Combine(folder, $"{mail}.{part}{Extension}"), 0, 0, mail,
                    $"is missing; the mail '{mail}' in {language} needs its subject, txt and html templates (or none of them, to use {MailTemplates.FallbackLanguage}).")));
                continue;
            }
            sets.Add(new MailTemplateSet(language, mail, parts["subject"], parts["txt"], parts["html"], textPartials, htmlPartials));
        }
        return (sets, documents);
    }

    // Every template file of a folder, parsed, in order; a Handlebars file left from an older version is a problem.
    private static List<ParsedTemplate> Templates(string folder, Dictionary<string, ParsedTemplate> files, List<TemplateProblem> problems)
    {
        if (!System.IO.Directory.Exists(folder))
        {
            return [];
        }
        problems.AddRange(System.IO.Directory.GetFiles(folder, "*.hbs").Order(StringComparer.Ordinal).Select(file => new TemplateProblem(file, 0, 0, Path.GetFileName(file),
            $"is a Handlebars template, which the worker no longer reads; rewrite it as {Path.GetFileNameWithoutExtension(file)}{Extension} (README: Moving customised Handlebars templates over), then delete it.")));
        var templates = System.IO.Directory.GetFiles(folder, "*" + Extension).Order(StringComparer.Ordinal).Select(file => ParsedTemplate.Read(file, problems)).ToList();
        templates.ForEach(template => files.Add(template.File, template));
        return templates;
    }
}
