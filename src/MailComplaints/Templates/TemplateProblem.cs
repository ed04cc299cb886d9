namespace MailComplaints.Templates;

/// <summary>
/// One thing wrong with a template: the file, the line and column (from 1; 0 for the file as a whole), the name or text it is
/// about, and what is wrong and what to do, as one line (<c>templates/nl/reminder.txt.scriban:3:9: …</c>).
/// </summary>
public sealed record TemplateProblem(string File, int Line, int Column, string Name, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
