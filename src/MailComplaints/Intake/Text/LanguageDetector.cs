using System.Collections.Frozen;

namespace MailComplaints.Intake.Text;

/// <summary>The language of a text, "nl" or "en", and the counts it was decided on.</summary>
public sealed record LanguageDetection(string Language, int DutchWords, int EnglishWords)
{
    /// <summary>Why, for the audit trail.</summary>
    public string Reason => $"{DutchWords} common Dutch and {EnglishWords} common English words; {(Language == LanguageDetector.English ? "English" : "Dutch")}";
}

/// <summary>
/// Tells Dutch from English by counting common words that belong to one of the two only ("of", "was", "we",
/// "had", "in" and "is" are both and do not count), in the sender's own text (<see cref="QuotedTextStripper"/>;
/// the whole text when all of it is quoted). Dutch wins a tie, as the procedure's own language.
/// </summary>
public static class LanguageDetector
{
    /// <summary>The code for Dutch.</summary>
    public const string Dutch = "nl";

    /// <summary>The code for English.</summary>
    public const string English = "en";

    private static readonly FrozenSet<string> DutchWords = FrozenSet.Create(StringComparer.Ordinal,
        "de", "het", "een", "en", "ik", "niet", "dat", "mijn", "met", "voor", "zijn", "maar", "wij", "u", "uw", "heb", "heeft", "hebben",
        "geen", "naar", "ook", "nog", "er", "wordt", "werd", "worden", "bij", "om", "aan", "als", "dit", "deze", "dan", "wel", "al",
        "tot", "uit", "nu", "kan", "kunnen", "moet", "zou", "graag", "omdat", "hij", "zij", "ze", "jullie", "mij", "ben", "bent",
        "waren", "niets", "meer", "onze", "ons", "hier", "daar", "wat", "wie", "hoe", "waarom", "echter", "klacht", "geachte",
        "beste", "bericht", "alstublieft", "dank", "gisteren", "vandaag", "zonder", "nooit", "altijd", "steeds", "toen");

    private static readonly FrozenSet<string> EnglishWords = FrozenSet.Create(StringComparer.Ordinal,
        "the", "a", "an", "and", "i", "not", "that", "on", "my", "with", "for", "are", "but", "you", "your", "have", "has",
        "complaint", "no", "to", "also", "it", "this", "these", "they", "them", "were", "been", "be", "would", "could", "should",
        "will", "can", "at", "from", "by", "which", "what", "when", "there", "their", "our", "us", "he", "she", "his", "her", "do",
        "does", "did", "please", "dear", "thank", "yesterday", "today", "because", "however", "just", "still", "yet", "any", "some",
        "without", "never", "always", "then", "i'm", "don't", "it's");

    /// <summary>The language of <paramref name="text"/>; Dutch when it has no words.</summary>
    public static LanguageDetection Detect(string? text)
    {
        var own = QuotedTextStripper.OwnText(text);
        var words = Words.Of(own.Length > 0 ? own : text ?? string.Empty);
        int dutch = 0, english = 0;
        foreach (var word in words)
        {
            dutch += DutchWords.Contains(word) ? 1 : 0;
            english += EnglishWords.Contains(word) ? 1 : 0;
        }
        return new LanguageDetection(english > dutch ? English : Dutch, dutch, english);
    }
}
