using System.Globalization;
using System.Text;

namespace MailComplaints.Mail.Imap;

/// <summary>
/// A set of UIDs in IMAP sequence-set syntax (RFC 9051 §9 "sequence-set"), e.g. "1:5,9,20:*". Build it from UIDs
/// (consecutive ones collapse into ranges) or parse it from text.
/// </summary>
public sealed record UidSet
{
    private readonly string _text;

    private UidSet(string text) => _text = text;

    /// <summary>Every message: "1:*".</summary>
    public static UidSet All { get; } = new("1:*");

    /// <summary>UIDs from <paramref name="first"/> to the highest: "first:*" (e.g. everything newer than a checkpoint).</summary>
    public static UidSet From(uint first) => first == 0 ? throw new ArgumentOutOfRangeException(nameof(first), "UIDs start at 1.") : new($"{first}:*");

    /// <summary>The inclusive range <paramref name="first"/>:<paramref name="last"/>.</summary>
    public static UidSet Range(uint first, uint last) =>
        first == 0 || last < first ? throw new ArgumentOutOfRangeException(nameof(last), $"Need 1 <= first <= last, got {first}:{last}.") : new(first == last ? $"{first}" : $"{first}:{last}");

    /// <summary>A set of the given UIDs (any order, duplicates ignored).</summary>
    /// <exception cref="ArgumentException">The list is empty or holds 0.</exception>
    public static UidSet Of(IEnumerable<uint> uids)
    {
        ArgumentNullException.ThrowIfNull(uids);
        var sorted = uids.Distinct().Order().ToArray();
        if (sorted.Length == 0 || sorted[0] == 0)
        {
            throw new ArgumentException("A UID set needs at least one UID, and UIDs start at 1.", nameof(uids));
        }
        var text = new StringBuilder();
        for (var i = 0; i < sorted.Length; i++)
        {
            var start = sorted[i];
            while (i + 1 < sorted.Length && sorted[i + 1] == sorted[i] + 1)
            {
                i++;
            }
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(start.ToString(CultureInfo.InvariantCulture));
            if (sorted[i] != start)
            {
                text.Append(':').Append(sorted[i].ToString(CultureInfo.InvariantCulture));
            }
        }
        return new UidSet(text.ToString());
    }

    /// <summary>Parses sequence-set text such as "1:3,7"; "*" is allowed.</summary>
    /// <exception cref="FormatException">The text is not a sequence set.</exception>
    public static UidSet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var part in text.Split(','))
        {
            foreach (var bound in part.Split(':'))
            {
                if (part.Count(c => c == ':') > 1 || (bound != "*" && (!uint.TryParse(bound, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n == 0)))
                {
                    throw new FormatException($"\"{text}\" is not an IMAP sequence set like \"1:5,9,20:*\".");
                }
            }
        }
        return new UidSet(text);
    }

    /// <summary>
    /// The UIDs of a set without "*" (as in COPYUID, RFC 4315 §3), ranges expanded in the order written;
    /// a range written high:low is expanded low to high.
    /// </summary>
    public IReadOnlyList<uint> Expand()
    {
        var result = new List<uint>();
        foreach (var part in _text.Split(','))
        {
            var bounds = part.Split(':');
            if (bounds.Any(b => b == "*"))
            {
                throw new InvalidOperationException($"\"{_text}\" contains \"*\" and cannot be expanded without the mailbox.");
            }
            var a = uint.Parse(bounds[0], CultureInfo.InvariantCulture);
            var b = bounds.Length > 1 ? uint.Parse(bounds[1], CultureInfo.InvariantCulture) : a;
            for (var uid = Math.Min(a, b); uid <= Math.Max(a, b); uid++)
            {
                result.Add(uid);
                if (uid == uint.MaxValue)
                {
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>The sequence-set text.</summary>
    public override string ToString() => _text;
}
