namespace MailComplaints.Intake;

/// <summary>Section <c>Intake</c>: limits on what the worker reads.</summary>
public sealed record IntakeSettings(long MaxMessageBytes)
{
    /// <summary>25 MB, the size most providers accept.</summary>
    public static IntakeSettings Default { get; } = new(25L * 1024 * 1024);
}
