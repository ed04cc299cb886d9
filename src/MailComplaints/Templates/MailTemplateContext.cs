using System.Buffers;
using System.Text;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace MailComplaints.Templates;

/// <summary>
/// How one part of a mail is rendered. Every value a template names must exist: an unknown name or member is an error,
/// never an empty gap. Partials come from <see cref="PartialLoader"/>, already parsed. In the HTML part every value is
/// HTML-escaped as it is written, here and nowhere else, so no template can forget it.
/// </summary>
internal sealed class MailTemplateContext : TemplateContext
{
    // The markup characters, and ` and = which can end an unquoted attribute value.
    private static readonly SearchValues<char> HtmlSpecial = SearchValues.Create("&<>\"'`=");

    private readonly PartialLoader partials;
    private readonly bool html;

    public MailTemplateContext(IReadOnlyDictionary<string, object?> model, PartialLoader partials, bool html)
    {
        ArgumentNullException.ThrowIfNull(model);
        StrictVariables = true;
        EnableRelaxedMemberAccess = false;
        TemplateLoader = partials;
        this.partials = partials;
        this.html = html;
        var values = new ScriptObject(model.Count + 1);
        foreach (var (name, value) in model)
        {
            values.SetValue(name, value, readOnly: true);
        }
        if (html)
        {
            values.SetValue("include", new IncludeWrittenAsIs((IScriptCustomFunction)BuiltinObject["include"]!), readOnly: true);
        }
        PushGlobal(values);
    }

    /// <inheritdoc />
    public override TemplateContext Write(SourceSpan span, object? textAsObject) => (html, textAsObject) switch
    {
        (false, _) or (_, null) => base.Write(span, textAsObject),
        (true, RenderedPartial partial) => Write(partial.Html),
        _ => Write(Escape(ObjectToString(textAsObject))),
    };

    /// <inheritdoc />
    protected override Template CreateTemplate(string templatePath, ScriptNode? callerContext) => partials.Parsed(templatePath, callerContext?.Span ?? CurrentSpan);

    private static string? Escape(string? text)
    {
        if (text is null || text.AsSpan().IndexOfAny(HtmlSpecial) < 0)
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var character in text)
        {
            _ = character switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '"' => escaped.Append("&quot;"),
                '\'' => escaped.Append("&#x27;"),
                '`' => escaped.Append("&#x60;"),
                '=' => escaped.Append("&#x3D;"),
                _ => escaped.Append(character),
            };
        }
        return escaped.ToString();
    }

    /// <summary>An HTML partial as rendered: its values were escaped while it was written, so it is written as it is.</summary>
    private sealed record RenderedPartial(string Html);

    /// <summary>Scriban's <c>include</c>, whose result this context writes as it is instead of escaping it a second time.</summary>
    private sealed class IncludeWrittenAsIs(IScriptCustomFunction include) : IScriptCustomFunction
    {
        public int RequiredParameterCount => include.RequiredParameterCount;

        public int ParameterCount => include.ParameterCount;

        public ScriptVarParamKind VarParamKind => include.VarParamKind;

        public Type ReturnType => typeof(RenderedPartial);

        public ScriptParameterInfo GetParameterInfo(int index) => include.GetParameterInfo(index);

        public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
            new RenderedPartial(context.ObjectToString(include.Invoke(context, callerContext, arguments, blockStatement)) ?? "");

        public async ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
            new RenderedPartial(context.ObjectToString(await include.InvokeAsync(context, callerContext, arguments, blockStatement).ConfigureAwait(false)) ?? "");
    }
}
