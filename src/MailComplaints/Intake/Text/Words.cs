using System.Text;

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
        var word = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var inside = char.IsLetterOrDigit(c)
                || (IsApostrophe(c) && word.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]));
            if (inside)
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';
}
