namespace MailComplaints.Intake.Text;

/// <summary>
/// Splits text into lower-case words: runs of letters and digits, with an apostrophe kept inside a word
/// ("don't", "auto's"). The one tokeniser the language detector and the similarity measure share.
/// </summary>
internal static class Words
{
    public static List<string> Of(string text)
    {
        var words = new List<string>();
        foreach (var word in In(text))
        {
            words.Add(string.Create(word.Length, (text, word.Start), static (lower, state) =>
            {
                for (var i = 0; i < lower.Length; i++)
                {
                    lower[i] = char.ToLowerInvariant(state.text[state.Start + i]);
                }
            }));
        }
        return words;
    }

    /// <summary>
    /// Where the words of <paramref name="text"/> stand, as they are written: a word never spans a character it
    /// leaves out, so each is one range of the text, lower-cased by the caller only when it needs to.
    /// </summary>
    public static WordRanges In(string text) => new(text);

    /// <summary>Enumerates the ranges of the words, allocating nothing.</summary>
    public struct WordRanges(string text)
    {
        private int next;

        public (int Start, int Length) Current { get; private set; }

        public readonly WordRanges GetEnumerator() => this;

        public bool MoveNext()
        {
            var i = next;
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }
            if (i == text.Length)
            {
                next = i;
                return false;
            }
            var start = i;
            while (++i < text.Length && (char.IsLetterOrDigit(text[i]) || (IsApostrophe(text[i]) && i + 1 < text.Length && char.IsLetter(text[i + 1]))))
            {
            }
            Current = (start, i - start);
            next = i;
            return true;
        }
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';
}
