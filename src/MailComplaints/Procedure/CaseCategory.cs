namespace MailComplaints.Procedure;

/// <summary>
/// A category a handler files a case under (<c>#categorie</c>), for the director's analysis: a key that stays the same
/// in the register and a name in Dutch and in English.
/// </summary>
public sealed record CaseCategory(string Key, string Dutch, string English)
{
    private const int ShortestPrefix = 3;

    /// <summary>The name in <paramref name="language"/> (<c>en</c>, else Dutch).</summary>
    public string NameIn(string? language) => string.Equals(language, "en", StringComparison.OrdinalIgnoreCase) ? English : Dutch;

    /// <summary>
    /// The category a handler means by <paramref name="written"/>: its key or either name, in any case; else the one
    /// category whose key or a name starts with it (at least three letters). Null when none, or more than one, fits.
    /// </summary>
    public static CaseCategory? Find(IReadOnlyList<CaseCategory> categories, string written)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var text = written.Trim().TrimEnd('.');
        if (categories.FirstOrDefault(category => category.Names.Any(name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase))) is { } exact)
        {
            return exact;
        }
        var starting = text.Length < ShortestPrefix ? [] : categories.Where(category => category.Names.Any(name => name.StartsWith(text, StringComparison.OrdinalIgnoreCase))).ToList();
        return starting.Count == 1 ? starting[0] : null;
    }

    private IEnumerable<string> Names => [Key, Dutch, English];
}
