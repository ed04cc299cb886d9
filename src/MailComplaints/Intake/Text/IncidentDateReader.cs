using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MailComplaints.Intake.Text;

/// <summary>
/// What the date reader made of a complaint: the date of the event it is about (null: unknown), the phrase
/// that named it, why, and every date phrase it weighed (for the audit trail and <c>inspect</c>).
/// </summary>
public sealed record IncidentDateReading(DateOnly? Date, string? Phrase, string Reason, IReadOnlyList<DateMention> Mentions);

/// <summary>
/// One phrase in the sender's own text that names a day: the day (null when there is no such day, as 31/02),
/// how the phrase was read, why it cannot be the event (null when it can), and the event word in its sentence.
/// </summary>
public sealed record DateMention(string Phrase, DateOnly? Date, string Meaning, string? SetAside, string? EventWord);

/// <summary>
/// Reads the date of the event a complaint is about from its text, in Dutch and English, relative to the day
/// of receipt (already in Europe/Amsterdam). Only the sender's own text counts (<see cref="QuotedTextStripper"/>).
/// Set aside: a birth date, the start of something ongoing or of a contract ("sinds", "klant sinds", "contract
/// ingegaan op", "since", "started on"), a day that does not exist, and a day after receipt. Of the dates left,
/// those in a sentence with an event word ("storing", "afspraak", "happened", "visit", …) come first; among
/// them the most recent wins, which is the reading most favourable to the complainant. The rules with
/// examples: docs/intake-dates.md.
/// </summary>
public static partial class IncidentDateReader
{
    // How far before and after a date phrase its cue may stand ("geboren op", "klant sinds", "… ingegaan").
    private const int CueWindow = 40;

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    /// <summary>Reads the incident date from <paramref name="text"/>, received on <paramref name="received"/>.</summary>
    public static IncidentDateReading Read(string? text, DateOnly received) => ReadOwnText(QuotedTextStripper.OwnText(text), received);

    /// <summary>Reads the incident date from a complaint's own text (<see cref="QuotedTextStripper.OwnText"/>), received on <paramref name="received"/>.</summary>
    public static IncidentDateReading ReadOwnText(string own, DateOnly received)
    {
        ArgumentNullException.ThrowIfNull(own);
        var found = DateMentionFinder.Find(own, received);
        if (found.Count == 0)
        {
            return new IncidentDateReading(null, null, "no date in the sender's own text (quoted mail and signature left out); the date of the event is unknown", []);
        }
        var sentences = new Sentences(own);
        var mentions = new List<DateMention>(found.Count);
        for (var i = 0; i < found.Count; i++)
        {
            // A cue belongs to the nearest date: "geboren op 14 mei 1978 en op 9 november" sets aside only the first.
            var from = i > 0 ? found[i - 1].Index + found[i - 1].Length : 0;
            var to = i + 1 < found.Count ? found[i + 1].Index : own.Length;
            mentions.Add(new DateMention(found[i].Phrase, found[i].Date, found[i].Meaning,
                SetAside(own.AsSpan(from, to - from), found[i].Index - from, found[i], received), sentences.EventWordAround(found[i].Index)));
        }

        var usable = mentions.Where(mention => mention.SetAside is null).ToList();
        var nearEvent = usable.Where(mention => mention.EventWord is not null).ToList();
        var pool = nearEvent.Count > 0 ? nearEvent : usable;
        DateMention? chosen = null;
        foreach (var mention in pool)
        {
            if (chosen is null || mention.Date > chosen.Date)
            {
                chosen = mention;
            }
        }

        var reason = new StringBuilder();
        if (chosen is null)
        {
            reason.Append("no usable date; the date of the event is unknown");
        }
        else
        {
            reason.Append(CultureInfo.InvariantCulture, $"\"{chosen.Phrase}\" read as {chosen.Date:yyyy-MM-dd} ({chosen.Meaning}): ");
            reason.Append(
                usable.Count == 1 ? "the only usable date"
                : nearEvent.Count == 1 ? $"the only date in a sentence with an event word (\"{chosen.EventWord}\")"
                : nearEvent.Count > 1 ? $"the most recent of {nearEvent.Count} dates in a sentence with an event word (\"{chosen.EventWord}\")"
                : $"the most recent of {usable.Count} dates, none in a sentence with an event word");
        }
        var setAside = mentions.Where(mention => mention.SetAside is not null).Select(mention => $"\"{mention.Phrase}\" ({mention.SetAside})").ToList();
        if (setAside.Count > 0)
        {
            reason.Append("; set aside: ").AppendJoin(", ", setAside);
        }
        return new IncidentDateReading(chosen?.Date, chosen?.Phrase, reason.ToString(), mentions);
    }

    // text: from the end of the date phrase before to the start of the one after; index: where this one starts in it.
    private static string? SetAside(ReadOnlySpan<char> text, int index, FoundDate found, DateOnly received)
    {
        if (found.Date is not { } date)
        {
            return "no such day";
        }
        var before = text.Slice(Math.Max(0, index - CueWindow), Math.Min(index, CueWindow));
        var afterStart = index + found.Length;
        var after = text.Slice(afterStart, Math.Min(text.Length - afterStart, CueWindow));
        if (BirthCueBefore().IsMatch(before) || BirthCueAfter().IsMatch(after))
        {
            return "a birth date";
        }
        if (StartCueBefore().IsMatch(before) || StartCueAfter().IsMatch(after))
        {
            return "the start of a contract or of something ongoing";
        }
        return date > received ? "after the day of receipt" : null;
    }

    /// <summary>
    /// The sentences of a text, and the event word in each that holds a date. A sentence ends at ".", "!" or
    /// "?" before a capital, or at a blank line; a single line break does not end one, as mail is wrapped at
    /// 72 columns. Each sentence is searched for an event word once, and only when a date stands in it.
    /// </summary>
    private sealed class Sentences
    {
        private readonly string text;
        private readonly List<int> ends = [];
        private readonly Dictionary<int, string?> eventWords = [];

        public Sentences(string text)
        {
            this.text = text;
            foreach (var end in SentenceEnd().EnumerateMatches(text))
            {
                ends.Add(end.Index);
            }
        }

        public string? EventWordAround(int index)
        {
            var found = ends.BinarySearch(index);
            var sentence = found >= 0 ? found : ~found;
            if (!eventWords.TryGetValue(sentence, out var word))
            {
                var start = sentence == 0 ? 0 : ends[sentence - 1];
                var end = sentence < ends.Count ? ends[sentence] : text.Length;
                var match = EventWord().Match(text, start, end - start);
                eventWords[sentence] = word = match.Success ? match.Value : null;
            }
            return word;
        }
    }

    [GeneratedRegex(@"[.!?](?=\s{1,10}[\p{Lu}""'(])|\n[ \t]{0,20}\n")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\b(?:gebeur|vond\s{1,3}plaats|plaatsgevonden|plaatsvond|voorval|incident|storing|bezoek|afspra|ongeluk|ongeval|levering|geleverd|bezorg|monteur|happen|took\s{1,3}place|occur|outage|visit|appointment|accident|deliver|engineer)\w{0,8}", Options)]
    private static partial Regex EventWord();

    [GeneratedRegex(@"\b(?:geboren|geboortedatum|geb\.|date\s{1,3}of\s{1,3}birth|birth\s{0,3}date|born|d\.o\.b\.?|dob)(?!\w)[^.!?\n]{0,24}$", Options)]
    private static partial Regex BirthCueBefore();

    [GeneratedRegex(@"^[^.!?\n]{0,16}\b(?:geboren|born)\b", Options)]
    private static partial Regex BirthCueAfter();

    [GeneratedRegex(@"\b(?:sinds|sedert|vanaf|since|ingegaan|in\s{1,3}gegaan|ingangsdatum|startdatum|begindatum|aanvangsdatum|started|start\s{1,3}date|starting|began|begonnen|gestart|commenced)(?!\w)[^.!?\n]{0,24}$", Options)]
    private static partial Regex StartCueBefore();

    [GeneratedRegex(@"^[^.!?\n]{0,20}\b(?:ingegaan|in\s{1,3}gegaan|begonnen|gestart|started|began|commenced)\b", Options)]
    private static partial Regex StartCueAfter();
}
