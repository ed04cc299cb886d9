namespace MailComplaints.Intake.Classification;

/// <summary>What kind of machine mail a message is. None of them is ever answered.</summary>
public enum MachineMailKind
{
    /// <summary>A bounce: an RFC 3464 delivery status notification or a mail server's own non-delivery format.</summary>
    DeliveryStatus,

    /// <summary>A delivery status notification that only says delivery is delayed (RFC 3464 <c>Action: delayed</c>); the mail may still arrive.</summary>
    DelayNotice,

    /// <summary>A bounce a person forwarded without writing anything of their own beyond a line.</summary>
    ForwardedDeliveryStatus,

    /// <summary>A read receipt or other message disposition notification (RFC 8098).</summary>
    ReadReceipt,

    /// <summary>An abuse or spam feedback report (ARF, RFC 5965), or a provider's own complaint-loop format.</summary>
    FeedbackReport,

    /// <summary>An automatic reply: out-of-office, vacation, "your mail was received" (RFC 3834 and vendor headers).</summary>
    AutoReply,

    /// <summary>Mail from a mailing list (RFC 2919, RFC 2369) or sent in bulk (<c>Precedence: bulk</c>).</summary>
    List,

    /// <summary>A notification from a system: a sender that takes no replies, <c>Auto-Submitted: auto-generated</c>.</summary>
    Notification,

    /// <summary>Mail we sent ourselves, come back (a loop, a redirect, a copy to our own address).</summary>
    OwnMail,
}
