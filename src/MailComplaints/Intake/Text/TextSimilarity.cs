namespace MailComplaints.Intake.Text;

/// <summary>
/// How alike two complaint texts are, from 0 (nothing shared) to 1 (the same words in the same order):
/// the Jaccard index of their three-word shingles, over the sender's own text only (quoted mail and
/// signature left out, <see cref="QuotedTextStripper"/>), in lower case, punctuation ignored. A text of
/// fewer than three words is compared as its one shingle. Two texts without words are not similar.
/// </summary>
public static class TextSimilarity
{
    /// <summary>
    /// From this score on, two texts tell the same matter: a complaint sent again with a new greeting and a
    /// sentence added scores about 0.6 to 0.9; different complaints of one person score below 0.1.
    /// </summary>
    public const double SimilarThreshold = 0.5;

    private const int ShingleWords = 3;

    /// <summary>The similarity of <paramref name="first"/> and <paramref name="second"/>, 0..1.</summary>
    public static double Of(string? first, string? second)
    {
        var a = Shingles(first);
        var b = Shingles(second);
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        var shared = a.Count <= b.Count ? a.Count(b.Contains) : b.Count(a.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    /// <summary>True when <see cref="Of"/> reaches <see cref="SimilarThreshold"/>.</summary>
    public static bool AreSimilar(string? first, string? second) => Of(first, second) >= SimilarThreshold;

    private static HashSet<string> Shingles(string? text)
    {
        var words = Words.Of(QuotedTextStripper.OwnText(text)).ToArray();
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        if (words.Length is > 0 and < ShingleWords)
        {
            shingles.Add(string.Join(' ', words));
        }
        for (var i = 0; i + ShingleWords <= words.Length; i++)
        {
            shingles.Add(string.Join(' ', words, i, ShingleWords));
        }
        return shingles;
    }
}
