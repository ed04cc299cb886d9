namespace MailComplaints.Intake.Classification;

/// <summary>Why a message is machine mail.</summary>
/// <param name="Kind">What kind of machine mail it is.</param>
/// <param name="Reason">The evidence in words, naming the header or part, e.g. <c>Auto-Submitted: auto-replied</c>.</param>
public sealed record MachineMailVerdict(MachineMailKind Kind, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Reason}";
}
