namespace MailComplaints.Retention;

/// <summary>
/// Section <c>Retention</c>: how long the content of a closed case is kept. The procedure requires at least
/// <see cref="MinimumKeepYears"/> years, so that a complaint can still be looked up when the same matter comes back;
/// after that the case keeps only its anonymous record (docs/retention.md).
/// </summary>
public sealed record RetentionSettings(int KeepYears)
{
    /// <summary>The procedure's minimum: two years after closing.</summary>
    public const int MinimumKeepYears = 2;

    /// <summary>The procedure's minimum.</summary>
    public static RetentionSettings Default { get; } = new(MinimumKeepYears);

    /// <summary>Cases closed before this instant, and messages and mails of no case handled before it, are due to be purged.</summary>
    public DateTimeOffset PurgeBefore(DateTimeOffset now) => now.AddYears(-KeepYears);
}
