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
/// the whole text when all of it is quoted). Dutch wins a tie, as the procedure's own language. The reading stops once
/// one language leads by <see cref="DecisiveLead"/> words: the rest of a long text cannot reasonably turn that round.
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

    /// <summary>The lead in common words that decides, after which the rest of the text is not read.</summary>
    public const int DecisiveLead = 50;

    // Each word of a text is looked up once, by a number made of its letters: a word in neither list costs no string.
    private static readonly FrozenDictionary<ulong, (int Dutch, int English)> Counted =
        DutchWords.Union(EnglishWords).ToFrozenDictionary(word => KeyOf(word)!.Value, word => (DutchWords.Contains(word) ? 1 : 0, EnglishWords.Contains(word) ? 1 : 0));

    // Five bits a character ('a' to 'z' and the apostrophe, never 0) fit twelve characters into a key; no listed word is longer.
    private const int LongestListed = 12;

    /// <summary>The language of <paramref name="text"/>; Dutch when it has no words.</summary>
    public static LanguageDetection Detect(string? text) => Detect(text, QuotedTextStripper.OwnText(text));

    /// <summary>The language of <paramref name="text"/>, whose own text (<see cref="QuotedTextStripper.OwnText"/>) is <paramref name="ownText"/>.</summary>
    public static LanguageDetection Detect(string? text, string ownText)
    {
        ArgumentNullException.ThrowIfNull(ownText);
        var words = ownText.Length > 0 ? ownText : text ?? string.Empty;
        int dutch = 0, english = 0;
        foreach (var (start, length) in Words.In(words))
        {
            if (KeyOf(words.AsSpan(start, length)) is { } key && Counted.TryGetValue(key, out var counts))
            {
                dutch += counts.Dutch;
                english += counts.English;
                if (Math.Abs(dutch - english) >= DecisiveLead)
                {
                    break;
                }
            }
        }
        return new LanguageDetection(english > dutch ? English : Dutch, dutch, english);
    }

    /// <summary>
    /// The key of <paramref name="word"/> in lower case (<see cref="char.ToLowerInvariant(char)"/>), or null when it cannot be a
    /// listed word. The listed words are ASCII letters and apostrophes, and of the other characters only the capital I with dot
    /// and the Kelvin sign lower-case to ASCII (LanguageDetectorTests checks this), so a word with any other is not listed:
    /// that is decided without asking ICU to lower-case it, which would cost more than the rest of the detection.
    /// </summary>
    private static ulong? KeyOf(ReadOnlySpan<char> word)
    {
        if (word.Length > LongestListed)
        {
            return null;
        }
        ulong key = 0;
        foreach (var c in word)
        {
            var lower = c is '\u0130' or '\u212A' ? char.ToLowerInvariant(c) : c;
            ulong code = lower switch
            {
                >= 'a' and <= 'z' => (ulong)(lower - 'a' + 1),
                >= 'A' and <= 'Z' => (ulong)(lower - 'A' + 1),
                '\'' => 27,
                _ => 0,
            };
            if (code == 0)
            {
                return null;
            }
            key = (key << 5) | code;
        }
        return key;
    }
}
