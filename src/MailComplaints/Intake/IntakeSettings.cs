namespace MailComplaints.Intake;

/// <summary>Section <c>Intake</c>: limits on what the worker reads, and how relays from other channels are recognised.</summary>
/// <param name="MaxMessageBytes">Larger messages go to the Failed folder unread.</param>
/// <param name="OtherChannelSenders">Addresses (<c>webformulier@example.org</c>) or domains (<c>@servicedesk.example.org</c>) that relay complaints from another channel.</param>
/// <param name="OtherChannelHeaders">Header markers of such relays: a header name (<c>X-Webform-Id</c>) or <c>Name: text</c> that the header's value must contain.</param>
/// <param name="AcceptOtherChannels">When true (the university's procedure) a relayed complaint is registered, not rejected: the person the relay names is the
/// complainant, replies also go back through the relay, and a summary always goes to the complainant by email.</param>
public sealed record IntakeSettings(long MaxMessageBytes, IReadOnlyList<string> OtherChannelSenders, IReadOnlyList<string> OtherChannelHeaders, bool AcceptOtherChannels = false)
{
    /// <summary>25 MB, the size most providers accept; no relays configured.</summary>
    public static IntakeSettings Default { get; } = new(25L * 1024 * 1024, [], []);
}
