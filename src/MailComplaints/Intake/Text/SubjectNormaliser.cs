using System.Text;
using System.Text.RegularExpressions;

namespace MailComplaints.Intake.Text;

/// <summary>
/// The "same matter" key of a subject: the subject without reply and forward prefixes in Dutch, English and
/// German ("Re:", "Antw:", "Fwd:", "Doorst:", "AW:", "WG:", "Re[2]:", nested as "Re: Fwd: Re:"), without case
/// tags ("[KL-2026-00042]") anywhere and list tags ("[SPAM]") in front, in lower case, with runs of white
/// space made one space and punctuation trimmed from both ends. Normalising a key again changes nothing.
/// </summary>
public static partial class SubjectNormaliser
{
    // RFC 5322 asks for lines of at most 998 characters; anything longer is not a subject a person typed.
    private const int MaxLength = 998;

    /// <summary>The key of <paramref name="subject"/>; empty when nothing is left.</summary>
    public static string Normalise(string? subject)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return string.Empty;
        }
        var key = subject.Length > MaxLength ? subject[..MaxLength] : subject;
        // One pass can uncover a prefix ("[SPAM] Re:" once the tag is gone, "[[KL-…]KL-…]"); each further
        // pass only runs when the one before shortened the key, so this ends.
        while (true)
        {
            var next = Once(key);
            if (next == key)
            {
                return key;
            }
            key = next;
        }
    }

    private static string Once(string subject)
    {
        var text = CaseTag().Replace(subject.ToLowerInvariant(), " ");
        var start = 0;
        while (start < text.Length)
        {
            var prefix = Prefix().Match(text, start);
            if (prefix.Success)
            {
                start += prefix.Length;
            }
            else if (IsTrimmed(text[start]))
            {
                start++;
            }
            else
            {
                break;
            }
        }
        var end = text.Length;
        while (end > start && IsTrimmed(text[end - 1]))
        {
            end--;
        }
        return CollapseWhiteSpace(text.AsSpan(start, end - start));
    }

    private static bool IsTrimmed(char c) => char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c) || char.IsControl(c);

    private static string CollapseWhiteSpace(ReadOnlySpan<char> text)
    {
        var collapsed = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = true;
                continue;
            }
            if (space && collapsed.Length > 0)
            {
                collapsed.Append(' ');
            }
            space = false;
            collapsed.Append(c);
        }
        return collapsed.ToString();
    }

    [GeneratedRegex(@"\[\s{0,3}[a-z][a-z0-9]{0,15}-\d{4}-\d{1,9}\s{0,3}\]", RegexOptions.CultureInvariant)]
    private static partial Regex CaseTag();

    // Re:, Re[2]:, Re(2):, Antw.:, Doorst:, Fwd:, AW:, WG:, Betreft:; or a list tag such as [SPAM] in front.
    [GeneratedRegex(@"\G(?:(?:re|fwd?|doorst|antw|antwoord|aw|wg|sv|vs|tr|betreft|betr|onderwerp)\.?\s{0,3}(?:\[\d{1,4}\]|\(\d{1,4}\))?\s{0,3}:|\[[^\[\]\r\n]{1,40}\])", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();
}
