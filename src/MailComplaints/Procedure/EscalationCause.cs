namespace MailComplaints.Procedure;

/// <summary>Why a complaint goes to the director; the director's mail words it in the case's language (partial <c>escalation-reason</c>).</summary>
public enum EscalationCause
{
    /// <summary>The handler asked for it (<c>#escaleren</c>).</summary>
    HandlerRequest,

    /// <summary>The handling term ended without a decision.</summary>
    TermEnded,

    /// <summary>The complainant does not agree with the solution.</summary>
    Disagreement,
}
