using System.Text.RegularExpressions;

namespace MailComplaints.Intake.Classification;

/// <summary>
/// The subjects mail robots write, in English, Dutch and German (plus the commonest French and Spanish ones),
/// for robots that set no header saying what they are. A subject is the weakest evidence there is, and this
/// mailbox receives complaints about parcels that were "onbestelbaar", holidays ("vakantie") and cars ("auto"):
/// a marker only counts at the start of the subject (after tags such as "[EXTERNAL]") and followed by the end,
/// a colon, a parenthesis or a dash, the shape robots produce ("Automatic reply: ...", "Undeliverable: ...",
/// "Delivery Status Notification (Failure)"). A person's "Re: Automatic reply: ..." is a person answering and
/// does not count; neither does "Out of office hours, your desk was closed".
/// </summary>
internal static partial class MachineMailSubjects
{
    private const int ShownLength = 80;

    /// <summary>The verdict the subject alone gives, or null.</summary>
    /// <param name="subject">The decoded subject.</param>
    /// <param name="inReplyToSomething">Whether the message has In-Reply-To or References, as automatic replies do (RFC 3834 section 3.1.5).</param>
    /// <param name="autoResponseSuppress">The X-Auto-Response-Suppress value, or null.</param>
    public static MachineMailVerdict? Classify(string? subject, bool inReplyToSomething, string? autoResponseSuppress)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            return null;
        }
        if (FeedbackLoop().Match(subject) is { Success: true })
        {
            return new(MachineMailKind.FeedbackReport, $"Subject \"{Shown(subject)}\" is Outlook.com's junk mail reporting (JMRP) complaint");
        }
        if (Delay().Match(subject) is { Success: true } delay)
        {
            return Verdict(MachineMailKind.DelayNotice, subject, delay);
        }
        if (Bounce().Match(subject) is { Success: true } bounce)
        {
            return Verdict(MachineMailKind.DeliveryStatus, subject, bounce);
        }
        if (AutoReply().Match(subject) is { Success: true } autoReply)
        {
            return Verdict(MachineMailKind.AutoReply, subject, autoReply);
        }
        if (WeakAutoReply().Match(subject) is { Success: true } weak)
        {
            // "Vakantie" or "Afwezig" alone is a responder's subject; "Vakantie: ..." only when it answers a message,
            // or when Exchange marked it as a message that must not itself be answered.
            var whole = weak.Groups["rest"].Value.Trim().Length == 0;
            var suppress = !string.IsNullOrWhiteSpace(autoResponseSuppress) && !string.Equals(autoResponseSuppress.Trim(), "None", StringComparison.OrdinalIgnoreCase);
            if (whole || inReplyToSomething || suppress)
            {
                var because = whole ? "" : inReplyToSomething ? ", answering a message (In-Reply-To)" : $", with X-Auto-Response-Suppress: {autoResponseSuppress}";
                return new(MachineMailKind.AutoReply, $"Subject \"{Shown(subject)}\" starts with \"{weak.Groups["marker"].Value}\"{because}");
            }
        }
        return null;
    }

    /// <summary>Whether the subject, with forwarding prefixes ("Fwd:", "Doorst:", "WG:") removed, is a bounce's subject.</summary>
    public static bool IsForwardedBounce(string? subject) =>
        subject is not null && ForwardPrefix().Match(subject) is { Success: true } prefix
        && Bounce().IsMatch(subject[prefix.Length..]);

    /// <summary>A header value cut to a length that fits a reason.</summary>
    public static string Shown(string value) => value.Length <= ShownLength ? value : string.Concat(value.AsSpan(0, ShownLength), "…");

    private static MachineMailVerdict Verdict(MachineMailKind kind, string subject, Match match) =>
        new(kind, $"Subject \"{Shown(subject)}\" starts with \"{match.Groups["marker"].Value}\"");

    // Tags some gateways put first: "[EXTERNAL] Automatic reply: ...", "[SPAM] Undeliverable: ...".
    private const string Start = @"^\s*(?:\[[^\]]{0,40}\]\s*)*";

    // What follows a marker in a robot's subject: nothing, or a colon, parenthesis or dash before the rest.
    private const string End = @"(?=\s*(?:$|[:(\-–]))";

    [GeneratedRegex(Start + @"(?<marker>automatic reply|automatische antwort|automatisch antwoord|automatisch bericht|automatische reactie|auto[- ]?reply|auto[- ]?response|autoresponder|out of (?:the )?office(?: auto[- ]?reply| reply)?|out-of-office|abwesenheitsnotiz|abwesenheitsmeldung|afwezigheidsbericht|afwezigheidsmelding|r[ée]ponse automatique|respuesta autom[áa]tica)" + End,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AutoReply();

    [GeneratedRegex(Start + @"(?<marker>afwezig|niet aanwezig|vakantie|on vacation|on holiday|abwesend|urlaub|auto)(?<rest>\s*(?:$|[:\-–].*))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WeakAutoReply();

    [GeneratedRegex(Start + @"(?<marker>undeliverable(?: mail| message)?|undelivered mail returned to sender|undelivered mail|delivery status notification|returned mail|mail delivery failed|mail delivery failure|message delivery failure|delivery failure|delivery failed|failure notice|non[- ]?delivery (?:report|notification)|nondeliverable mail|mail could not be delivered|message not delivered|mail system error|onbestelbaar|niet bezorgd|unzustellbar|nicht zustellbar|non remis|non distribuable)" + End,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bounce();

    // "Warning: could not send message for past 4 hours" (sendmail) is a robot's phrase wherever it goes on.
    [GeneratedRegex(Start + @"(?<marker>delivery status notification \(delay\)|warning: could not send message\b|(?:delayed mail|delivery delayed|mail delivery delayed|message delayed)" + End + ")",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Delay();

    [GeneratedRegex(@"^\s*complaint about message from (?:\d{1,3}\.){3}\d{1,3}\s*$|^\s*complaint about message from [0-9a-f:]{3,39}\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FeedbackLoop();

    [GeneratedRegex(@"^\s*(?:(?:fwd?|fw|doorst|wg|tr|rv)\s*:\s*)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardPrefix();
}
