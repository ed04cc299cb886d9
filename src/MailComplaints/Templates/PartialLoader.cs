using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace MailComplaints.Templates;

/// <summary>
/// Where <c>{{ include 'name' }}</c> finds a partial: <c>&lt;lang&gt;/partials/&lt;name&gt;.&lt;format&gt;.scriban</c>, in the
/// language of the mail and the format of the part being rendered (<c>txt</c> for the subject and the plain text, <c>html</c>
/// for the HTML part), among the partials parsed at start-up.
/// </summary>
internal sealed class PartialLoader(string folder, string format, IReadOnlyDictionary<string, ParsedTemplate> parsed) : ITemplateLoader
{
    /// <summary>The partial <paramref name="name"/>, or null when there is none.</summary>
    public ParsedTemplate? Find(string name) => parsed.GetValueOrDefault(PathOf(name));

    /// <summary>Whether <paramref name="file"/> is one of these partials.</summary>
    public bool Contains(string file) => parsed.ContainsKey(file);

    /// <summary>The partial at <paramref name="path"/> (a path <see cref="GetPath"/> gave).</summary>
    public Template Parsed(string path, SourceSpan callerSpan) => parsed[path].Template is { HasErrors: false } template
        ? template
        : throw new ScriptRuntimeException(callerSpan, $"The partial {path} does not parse");

    /// <inheritdoc />
    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) => parsed.ContainsKey(PathOf(templateName))
        ? PathOf(templateName)
        : throw new ScriptRuntimeException(callerSpan, $"There is no partial '{templateName}': {PathOf(templateName)} does not exist");

    /// <inheritdoc />
    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => parsed[templatePath].Source;

    /// <inheritdoc />
    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => ValueTask.FromResult<string?>(Load(context, callerSpan, templatePath));

    private string PathOf(string name) => Path.Combine(folder, $"{name}.{format}{TemplateFolder.Extension}");
}
