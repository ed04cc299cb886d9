namespace MailComplaints.Outbox;

/// <summary>What a mail in the outbox is; stored by name in <c>outbox.kind</c> and written into its Message-ID.</summary>
public enum MailKind
{
    /// <summary>To the complainant: the case is registered, with its handler and term.</summary>
    Acknowledgement,

    /// <summary>To the complainant: rejected, lodged too late.</summary>
    RejectionLate,

    /// <summary>To the person a relay names: rejected, not sent by email by the complainant.</summary>
    RejectionOtherChannel,

    /// <summary>To the complainant, on the decided case: the same complaint was decided before.</summary>
    RejectionDuplicate,

    /// <summary>To the complainant: a new mail about an open complaint was added to it.</summary>
    RepeatAdded,

    /// <summary>To the complainant: the term is extended, with the reason.</summary>
    Extension,

    /// <summary>To the complainant: the complaint is with the director.</summary>
    Escalation,

    /// <summary>To the complainant (and the third party): the complaint goes to the independent third party.</summary>
    Referral,

    /// <summary>To the third party: the complaint and its file.</summary>
    ReferralThirdParty,

    /// <summary>To the complainant: the decision and the solution.</summary>
    Resolution,

    /// <summary>To the complainant: the withdrawal is confirmed.</summary>
    Withdrawal,

    /// <summary>To the complainant: the measure taken after their complaint, what will change.</summary>
    Measure,

    /// <summary>To the complainant: a handler's own message.</summary>
    HandlerMessage,

    /// <summary>To the handler: a new case, with its files.</summary>
    Assignment,

    /// <summary>To the department heads: a new case, for their information.</summary>
    HeadNotice,

    /// <summary>To the handler: the complainant wrote again.</summary>
    FollowUp,

    /// <summary>To the handler: what the reply changed.</summary>
    HandlerConfirmation,

    /// <summary>To the handler: why the reply changed nothing.</summary>
    HandlerRefusal,

    /// <summary>To the handler: the commands.</summary>
    HandlerHelp,

    /// <summary>To a registered handler: the reply matched no case of theirs.</summary>
    ReplyUnmatched,

    /// <summary>To each handler with open cases: the day's overview.</summary>
    MorningOverview,

    /// <summary>To each director: the report of the year or the quarter that ended, attached as HTML and CSV.</summary>
    PeriodicReport,

    /// <summary>To the handler (or the director): the term ends soon.</summary>
    Reminder,

    /// <summary>To the handler and the director: the maximum term approaches without extension.</summary>
    TermAlarm,

    /// <summary>To the director: the case and its file.</summary>
    EscalationDirector,

    /// <summary>To the director: the acknowledgement missed its alarm day.</summary>
    AcknowledgementLate,

    /// <summary>To the director: the complainant's confirmation of the escalation missed its bound.</summary>
    DirectorConfirmationLate,

    /// <summary>To the handler: a mail of the case did not reach its recipient.</summary>
    DeliveryFailed,
}

/// <summary>The name a mail kind has in the outbox and in Message-IDs: a relay's copy of a mail adds <c>Channel</c>.</summary>
public static class MailKindNames
{
    private const string RelayCopy = "Channel";

    /// <summary>The stored name of <paramref name="kind"/>, for the relay's copy when <paramref name="throughRelay"/>.</summary>
    public static string Of(MailKind kind, bool throughRelay) => throughRelay ? kind + RelayCopy : kind.ToString();

    /// <summary>The kind of a stored name, and whether it is a relay's copy.</summary>
    public static (MailKind Kind, bool ThroughRelay) Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var throughRelay = name.EndsWith(RelayCopy, StringComparison.Ordinal) && !Enum.IsDefined(typeof(MailKind), name);
        return (Enum.Parse<MailKind>(throughRelay ? name[..^RelayCopy.Length] : name), throughRelay);
    }
}
