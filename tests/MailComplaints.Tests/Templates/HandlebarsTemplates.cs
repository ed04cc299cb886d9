using HandlebarsDotNet;

namespace MailComplaints.Tests.Templates;

/// <summary>
/// The Handlebars templates (<c>templates/&lt;lang&gt;/*.hbs</c>) rendered the way the worker rendered them before Scriban:
/// one engine per language and format, values escaped in HTML only, an unresolved value an error. Only for the comparison.
/// </summary>
internal sealed class HandlebarsTemplates(string directory)
{
    public (string Subject, string Text, string Html) Render(string name, string language, object model)
    {
        var subject = Compile(language, name, "subject", "txt")(model).ReplaceLineEndings(" ").Trim();
        return (subject, Compile(language, name, "txt", "txt")(model), Compile(language, name, "html", "html")(model));
    }

    private HandlebarsTemplate<object, object> Compile(string language, string name, string part, string format)
    {
        var engine = Handlebars.Create(new HandlebarsConfiguration { ThrowOnUnresolvedBindingExpression = true, NoEscape = format != "html" });
        var suffix = $".{format}.hbs";
        foreach (var file in Directory.GetFiles(Path.Combine(directory, language, "partials"), "*" + suffix))
        {
            engine.RegisterTemplate(Path.GetFileName(file)[..^suffix.Length], File.ReadAllText(file));
        }
        return engine.Compile(File.ReadAllText(Path.Combine(directory, language, $"{name}.{part}.hbs")));
    }
}
