namespace MailComplaints.Templates;

/// <summary>How a value a template words is named for it: the name of an enumeration value in kebab case (<c>in-handling</c>).</summary>
public static class TemplateCodes
{
    /// <summary>The kebab-case code of <paramref name="value"/>: <c>InHandling</c> → <c>in-handling</c>.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
