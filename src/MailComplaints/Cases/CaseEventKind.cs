namespace MailComplaints.Cases;

/// <summary>What an audit line of a case records; stored by name in <c>case_events.kind</c>.</summary>
public enum CaseEventKind
{
    /// <summary>The intake registered the complaint as a case.</summary>
    Registered,

    /// <summary>The intake rejected the complaint (late, another channel) and recorded it as a closed case.</summary>
    Rejected,

    /// <summary>The rejection was queued for the complainant.</summary>
    RejectionQueued,

    /// <summary>A repeat of the decided complaint was kept with it and answered.</summary>
    RepeatRejected,

    /// <summary>The complaint was taken in after its acknowledgement was due; the term runs from that day.</summary>
    TakenInLate,

    /// <summary>The acknowledgement was queued.</summary>
    AcknowledgementQueued,

    /// <summary>The case went to a handler.</summary>
    Assigned,

    /// <summary>The complainant wrote again.</summary>
    FollowUp,

    /// <summary>A handler replied with commands or a message.</summary>
    HandlerReply,

    /// <summary>A handler's reply was refused; nothing changed.</summary>
    CommandRefused,

    /// <summary>Mail claimed the case's thread from a handler's address without proof; nothing changed.</summary>
    SuspectedSpoof,

    /// <summary>A handler's internal note.</summary>
    InternalNote,

    /// <summary>A handler's message to the complainant was queued.</summary>
    MessageToComplainantQueued,

    /// <summary>The handling term was set to another day.</summary>
    TermSet,

    /// <summary>The handling term was extended, with its reason.</summary>
    Extended,

    /// <summary>The notice of the extension was queued.</summary>
    ExtensionNoticeQueued,

    /// <summary>The solution was recorded.</summary>
    SolutionRecorded,

    /// <summary>Whether the complainant agrees was recorded.</summary>
    AgreementRecorded,

    /// <summary>The case was closed with its decision.</summary>
    Resolved,

    /// <summary>The resolution summary was queued.</summary>
    ResolutionQueued,

    /// <summary>The case was filed under a category.</summary>
    CategorySet,

    /// <summary>The possible cause of the complaint was recorded.</summary>
    CauseRecorded,

    /// <summary>The structural solution or preventive measure was recorded.</summary>
    MeasureRecorded,

    /// <summary>The mail telling the complainant of the measure was queued.</summary>
    MeasureQueued,

    /// <summary>The case went to the director.</summary>
    Escalated,

    /// <summary>The escalation mails were queued.</summary>
    EscalationQueued,

    /// <summary>The case went to the independent third party.</summary>
    Referred,

    /// <summary>The referral mails were queued.</summary>
    ReferralQueued,

    /// <summary>The complainant withdrew the complaint.</summary>
    Withdrawn,

    /// <summary>The confirmation of the withdrawal was queued.</summary>
    WithdrawalQueued,

    /// <summary>A mail of the case did not reach its recipient.</summary>
    DeliveryFailed,

    /// <summary>The acknowledgement alarm's day came.</summary>
    DeadlineAcknowledgementAlarm,

    /// <summary>The reminder's day came.</summary>
    DeadlineReminder,

    /// <summary>The handling term ended.</summary>
    DeadlineTermEnd,

    /// <summary>The maximum term's alarm day came.</summary>
    DeadlineMaximumTermAlarm,

    /// <summary>The director's term ended.</summary>
    DeadlineDirectorTermEnd,

    /// <summary>The bound for the director's confirmation came.</summary>
    DeadlineDirectorConfirmationAlarm,

    /// <summary>Closed longer ago than <c>Retention:KeepYears</c>: content and personal data were erased; the anonymous record stays.</summary>
    Purged,

    /// <summary>The complainant asked for erasure: content and personal data were erased; the anonymous record stays.</summary>
    Erased,
}
