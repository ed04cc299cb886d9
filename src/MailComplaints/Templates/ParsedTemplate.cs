using Scriban;

namespace MailComplaints.Templates;

/// <summary>A template file as read and parsed at start-up: its path, its text and its syntax tree.</summary>
internal sealed record ParsedTemplate(string File, string Source, Template Template)
{
    /// <summary>Reads and parses <paramref name="file"/>; its syntax errors go to <paramref name="problems"/>.</summary>
    public static ParsedTemplate Read(string file, List<TemplateProblem> problems)
    {
        var source = System.IO.File.ReadAllText(file);
        var template = Template.Parse(source, file);
        foreach (var error in template.Messages.Where(message => message.Type == Scriban.Parsing.ParserMessageType.Error))
        {
            problems.Add(new TemplateProblem(file, error.Span.Start.Line + 1, error.Span.Start.Column + 1, TextAt(source, error.Span),
                $"does not parse: {error.Message}; write it as docs/templates.md shows."));
        }
        return new ParsedTemplate(file, source, template);
    }

    /// <summary>The source text a span of this template covers (the name of a value, an expression), or "" outside it.</summary>
    public string TextAt(Scriban.Parsing.SourceSpan span) => TextAt(Source, span);

    private static string TextAt(string source, Scriban.Parsing.SourceSpan span) =>
        span.Start.Offset >= 0 && span.Length > 0 && span.Start.Offset + span.Length <= source.Length ? source.Substring(span.Start.Offset, span.Length) : "";
}
