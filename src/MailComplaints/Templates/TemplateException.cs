namespace MailComplaints.Templates;

/// <summary>
/// A mail template does not parse, names a value its mail does not have, or fails to render. The message is one line: the
/// file, the line, the name and what to do; <see cref="Problems"/> holds every problem found, the first of which is described.
/// </summary>
public sealed class TemplateException : Exception
{
    /// <summary>Creates the exception for <paramref name="problems"/> (at least one).</summary>
    public TemplateException(IReadOnlyList<TemplateProblem> problems, Exception? innerException = null)
        : base(Describe(problems), innerException)
    {
        Problems = problems;
    }

    /// <summary>Creates the exception.</summary>
    public TemplateException() : this("A mail template is wrong; run 'mailcomplaints templates check' to see which.") { }

    /// <summary>Creates the exception.</summary>
    public TemplateException(string message) : base(message) => Problems = [];

    /// <summary>Creates the exception.</summary>
    public TemplateException(string message, Exception innerException) : base(message, innerException) => Problems = [];

    /// <summary>Every problem found, in the order of the files.</summary>
    public IReadOnlyList<TemplateProblem> Problems { get; }

    /// <summary>The template file of the first problem.</summary>
    public string File => Problems.Count > 0 ? Problems[0].File : "";

    /// <summary>The line (from 1) of the first problem.</summary>
    public int Line => Problems.Count > 0 ? Problems[0].Line : 0;

    /// <summary>The name or text the first problem is about: the unknown value, or the text that does not parse.</summary>
    public string Name => Problems.Count > 0 ? Problems[0].Name : "";

    private static string Describe(IReadOnlyList<TemplateProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("A template exception describes at least one problem.", nameof(problems));
        }
        var more = problems.Count > 1 ? $" ({problems.Count - 1} more: run 'mailcomplaints templates check' to list them)" : "";
        return $"Mail template {problems[0]}{more}";
    }
}
