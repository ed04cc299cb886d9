using System.Text.RegularExpressions;
using MailComplaints.Intake.Text;

namespace MailComplaints.Threads;

/// <summary>
/// Whether a complainant's reply asks to withdraw the complaint ("ik trek mijn klacht in", "I withdraw my complaint").
/// Only the sender's own text counts, clause by clause. A withdrawal ends the case, so the reading is cautious: a
/// negation near the phrase ("niet intrekken", "do not withdraw"), a question that is not a request ("moet ik mijn
/// klacht intrekken?"), or an object other than the complaint ("withdraw money", "mijn vergunning intrekken") does
/// not count. A request missed here still reaches the handler as an ordinary follow-up.
/// </summary>
public static partial class WithdrawalRequest
{
    // How many words before the phrase are searched for a negation.
    private const int NegationWindow = 6;

    /// <summary>Whether the sender's own text in <paramref name="text"/> asks to withdraw the complaint.</summary>
    public static bool IsWithdrawal(string? text)
    {
        var own = Abbreviations().Replace(QuotedTextStripper.OwnText(text), match => match.Value.Replace(".", "", StringComparison.Ordinal));
        foreach (var clause in ClauseBreak().Split(own))
        {
            var trimmed = clause.Trim();
            if (trimmed.Length == 0 || (trimmed.EndsWith('?') && !PoliteRequest().IsMatch(trimmed)))
            {
                continue;
            }
            foreach (var phrase in new[] { DutchObject(), DutchSeparable(), DutchAlone(), EnglishObject(), EnglishAlone(), EnglishPassive(), EnglishNoun() })
            {
                var match = phrase.Match(trimmed);
                if (match.Success && !Negated(trimmed, match))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static bool Negated(string clause, Match match)
    {
        var before = clause[..match.Index].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var window = string.Join(' ', before.Skip(Math.Max(0, before.Length - NegationWindow)));
        return Negation().IsMatch(window) || Negation().IsMatch(match.Value) || InvertedNegation().IsMatch(clause[(match.Index + match.Length)..]);
    }

    private const string Filler = @"(?:(?:graag|toch|alsnog|maar|hierbij|bij\s+deze|dan|nu|wel|ook|weer|als|mag|kan|wordt|worden|is|zijn|gewoon|liever)\s+){0,3}";

    // "mijn klacht intrekken", "de klacht graag in te trekken", "klacht ingetrokken", "beschouw hem als ingetrokken"; not "het intrekken van".
    [GeneratedRegex(@"\b(?:klacht|klachten|melding|hem|het|deze|die|dit)\s+" + Filler + @"(?:intrekken|in\s+te\s+trekken|ingetrokken)\b(?!\s+van\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DutchObject();

    // "ik trek mijn klacht in", "hierbij trek ik de klacht in", "wij trekken onze klacht bij deze in".
    [GeneratedRegex(@"\btrek(?:ken)?\s+(?:(?:ik|wij|we)\s+)?" + Filler + @"(?:(?:mijn|m'n|de|deze|onze|die)\s+(?:\w+\s+)?(?:klacht|melding)|hem|het|deze|die)\s+" + Filler + @"in\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DutchSeparable();

    // "Intrekken.", "Graag intrekken a.u.b.", "ik wil intrekken omdat …".
    [GeneratedRegex(@"(?:^|\b(?:wil|wilde|zou|graag|hierbij|toch|alsnog|liever|even|deze)\s+)intrekken(?=\s*$|\s*[.!?,;:]|\s+(?:omdat|want|aangezien|nu|graag|alstublieft|aub|svp|alsjeblieft)\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DutchAlone();

    // "withdraw my complaint", "withdrawing the earlier complaint", "withdraw it".
    [GeneratedRegex(@"\bwithdraw(?:ing)?\s+(?:(?:my|the|this|our|that)\s+)?(?:\w+\s+)?(?:complaint|it)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishObject();

    // "I would like to withdraw.", "please withdraw, thank you", "I withdraw as the matter is solved"; not "withdraw money".
    [GeneratedRegex(@"\bwithdraw(?:ing)?(?=\s*$|\s*[.!?,;:]|\s+(?:please|now|as|because|since|thanks|thank|today|immediately|hereby)\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishAlone();

    // "consider my complaint withdrawn", "my complaint can be withdrawn".
    [GeneratedRegex(@"\b(?:complaint|it)\s+(?:(?:is|as|be|being|has|been|can|may|hereby|now|to)\s+){0,3}withdrawn\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishPassive();

    // "the withdrawal of my complaint".
    [GeneratedRegex(@"\bwithdrawal\s+of\s+(?:my|the|this|our)\s+(?:\w+\s+)?complaint\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishNoun();

    [GeneratedRegex(@"\b(?:niet|geen|nooit|not|no|never|cannot|dont|wont|weiger\w*|refus\w*)\b|n['’]t\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negation();

    // "Intrekken wil ik niet."
    [GeneratedRegex(@"^\s*(?:wil|zal|ga|kan|moet|hoef)\s+(?:ik|we|wij)\s+(?:\w+\s+)?(?:niet|nooit)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InvertedNegation();

    // A clause ends at . ! ? ; , a line break, or "but"/"maar" followed by a new subject.
    [GeneratedRegex(@"(?<=[.!?;,\n])|\s(?=(?:but|however|maar|echter)\s+(?:ik|wij|we|i)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBreak();

    // A question that asks us to act: "Kunt u mijn klacht intrekken?", "Could you please withdraw my complaint?".
    [GeneratedRegex(@"^(?:kunt|kan|wilt|wil|zou|zoudt|could|can|would|will)\s+(?:u|jullie|je|you)\b|\b(?:please|graag|alstublieft|aub|svp)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PoliteRequest();

    [GeneratedRegex(@"\b(?:a\.u\.b|s\.v\.p)\.?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Abbreviations();
}
