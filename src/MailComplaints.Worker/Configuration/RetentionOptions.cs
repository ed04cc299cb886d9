using MailComplaints.Retention;

namespace MailComplaints.Worker.Configuration;

/// <summary>Section <c>Retention</c>: how many years the content of a closed case is kept (<see cref="RetentionSettings.Default"/>: the procedure's minimum).</summary>
internal sealed class RetentionOptions
{
    public string KeepYears { get; set; } = SettingText.Of(RetentionSettings.Default.KeepYears);

    public RetentionSettings ToSettings() =>
        new(SettingText.WholeNumber("Retention:KeepYears", KeepYears, RetentionSettings.MinimumKeepYears, 100));
}
