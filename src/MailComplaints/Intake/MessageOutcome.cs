namespace MailComplaints.Intake;

/// <summary>What became of a message read from the mailbox; decides the processing folder it moves to.</summary>
public enum MessageOutcome
{
    /// <summary>Registered as a new case.</summary>
    Registered,

    /// <summary>Added to an existing case (a reply or a follow-up).</summary>
    FollowUp,

    /// <summary>Answered with a rejection (late, another channel, a repeat); recorded, not an open case.</summary>
    Rejected,

    /// <summary>Machine mail or a copy of a message already processed: never answered.</summary>
    Ignored,

    /// <summary>Could not be processed (too large, unreadable); kept with the reason for an operator.</summary>
    Failed,

    /// <summary>A failed message an operator sent back to the inbox; its new processing has its own entry.</summary>
    Retried,
}
