namespace MailComplaints.Cases;

/// <summary>Where a case stands in the procedure.</summary>
public enum CaseStatus
{
    /// <summary>Accepted and registered; the acknowledgement is on its way.</summary>
    Registered,

    /// <summary>Acknowledged and with its handler, within the handling term.</summary>
    InHandling,

    /// <summary>Unresolved or disputed: with the director.</summary>
    Escalated,

    /// <summary>Referred to the independent third party, whose decision binds.</summary>
    Referred,

    /// <summary>Decided and closed, with a solution recorded.</summary>
    Resolved,

    /// <summary>Withdrawn by the complainant.</summary>
    Withdrawn,

    /// <summary>Not taken into handling (late, by another channel, a repeat); the reason says which.</summary>
    Rejected,
}
