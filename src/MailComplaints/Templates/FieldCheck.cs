using Scriban.Functions;
using Scriban.Syntax;

namespace MailComplaints.Templates;

/// <summary>
/// Walks a parsed template, and the partials it includes, for every name it reads, and reports each that is not a field of
/// its mail (<see cref="MailFields"/>), a Scriban function (<c>string</c>, <c>html</c>, …), a variable the template sets
/// itself, or the item of a <c>for</c> loop around it, also around the include of a partial. For a loop over a list of
/// models (the attachments) the item's members are held to the list's item fields too.
/// </summary>
internal sealed class FieldCheck : ScriptVisitor
{
    private readonly ParsedTemplate template;
    private readonly MailFields fields;
    private readonly PartialLoader partials;
    private readonly List<TemplateProblem> problems;
    private readonly BuiltinFunctions builtins;
    private readonly IReadOnlyList<string> including;
    private readonly HashSet<string> assigned = new(StringComparer.Ordinal);
    private readonly Stack<(string Item, IReadOnlySet<string>? ItemFields)> loops = new();

    private FieldCheck(ParsedTemplate template, MailFields fields, PartialLoader partials, List<TemplateProblem> problems, BuiltinFunctions builtins, IReadOnlyList<string> including)
    {
        this.template = template;
        this.fields = fields;
        this.partials = partials;
        this.problems = problems;
        this.builtins = builtins;
        this.including = including;
    }

    /// <summary>Adds to <paramref name="problems"/> every name in <paramref name="template"/> that the mail does not have.</summary>
    public static void Run(ParsedTemplate template, MailFields fields, PartialLoader partials, List<TemplateProblem> problems) =>
        new FieldCheck(template, fields, partials, problems, new BuiltinFunctions(), []).Visit(template.Template.Page);

    /// <inheritdoc />
    public override void Visit(ScriptVariableGlobal node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var name = node.Name;
        if (!fields.Contains(name) && !assigned.Contains(name) && !loops.Any(loop => loop.Item == name) && !builtins.Contains(name) && name is not ("for" or "while"))
        {
            Report(node, name, $"names '{name}', which the mail '{fields.Mail}' does not have; use one of its fields ({string.Join(", ", fields.Names.Order(StringComparer.Ordinal))}), see docs/templates.md.");
        }
    }

    /// <inheritdoc />
    public override void Visit(ScriptMemberExpression node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Visit(node.Target);
        if (node is { Target: ScriptVariableGlobal target, Member: { } member }
            && loops.FirstOrDefault(loop => loop.Item == target.Name).ItemFields is { } itemFields && !itemFields.Contains(member.Name))
        {
            Report(node, $"{target.Name}.{member.Name}",
                $"names '{target.Name}.{member.Name}', which the items of that list do not have; use one of {string.Join(", ", itemFields.Order(StringComparer.Ordinal))}.");
        }
    }

    /// <inheritdoc />
    public override void Visit(ScriptForStatement node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Visit(node.Iterator);
        var itemFields = node.Iterator is ScriptVariableGlobal list ? fields.ItemFields(list.Name) : null;
        loops.Push(((node.Variable as ScriptVariable)?.Name ?? "", itemFields));
        Visit(node.Body);
        loops.Pop();
        Visit(node.Else);
    }

    /// <inheritdoc />
    public override void Visit(ScriptAssignExpression node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Declare(node.Target);
        Visit(node.Value);
    }

    /// <inheritdoc />
    public override void Visit(ScriptCaptureStatement node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Declare(node.Target);
        Visit(node.Body);
    }

    /// <inheritdoc />
    public override void Visit(ScriptFunctionCall node)
    {
        ArgumentNullException.ThrowIfNull(node);
        DefaultVisit(node);
        if (node is not { Target: ScriptVariableGlobal { Name: "include" }, Arguments: [ScriptLiteral { Value: string name }, ..] })
        {
            return; // an include whose name is computed is checked when templates check renders it
        }
        if (partials.Find(name) is not { } partial)
        {
            Report(node, name, $"includes the partial '{name}', which does not exist; add it to the partials folder or correct the name.");
        }
        else if (!including.Contains(partial.File))
        {
            // A partial sees what the template sees where it is included: the variables set and the items of the loops around it.
            var inner = new FieldCheck(partial, fields, partials, problems, builtins, [.. including, template.File]);
            inner.assigned.UnionWith(assigned);
            foreach (var loop in loops.Reverse())
            {
                inner.loops.Push(loop);
            }
            inner.Visit(partial.Template.Page);
        }
    }

    private void Declare(ScriptExpression? target)
    {
        if (target is ScriptVariableGlobal variable)
        {
            assigned.Add(variable.Name);
        }
        else
        {
            Visit(target);
        }
    }

    private void Report(ScriptNode node, string name, string message)
    {
        var includedBy = including.Count > 0 ? $"(included by {Path.GetFileName(including[0])}) " : "";
        problems.Add(new TemplateProblem(template.File, node.Span.Start.Line + 1, node.Span.Start.Column + 1, name, includedBy + message));
    }
}
