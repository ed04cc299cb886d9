namespace MailComplaints.Intake;

/// <summary>
/// Tells Dutch from English by counting very common words; Dutch wins ties, as the procedure's own
/// language. Good enough to pick the template set; the intake work may refine it.
/// </summary>
public static class LanguageGuess
{
    private static readonly HashSet<string> Dutch = new(StringComparer.OrdinalIgnoreCase)
    {
        "de", "het", "een", "en", "ik", "is", "niet", "van", "dat", "op", "mijn", "met", "voor", "zijn", "maar", "wij", "u", "uw", "heb", "klacht", "geen", "naar", "ook",
    };

    private static readonly HashSet<string> English = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "and", "i", "is", "not", "of", "that", "on", "my", "with", "for", "are", "but", "we", "you", "your", "have", "complaint", "no", "to", "also", "was",
    };

    /// <summary>"en" or "nl".</summary>
    public static string Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "nl";
        }
        int dutch = 0, english = 0;
        foreach (var word in text.Split((char[]?)null, 2000, StringSplitOptions.RemoveEmptyEntries))
        {
            var bare = word.Trim('.', ',', ';', ':', '!', '?', '"', '\'', '(', ')');
            dutch += Dutch.Contains(bare) ? 1 : 0;
            english += English.Contains(bare) ? 1 : 0;
        }
        return english > dutch ? "en" : "nl";
    }
}
