using System.Globalization;
using MailComplaints.Retention;

namespace MailComplaints.Worker.Configuration;

/// <summary>Section <c>Retention</c>: how many years the content of a closed case is kept (<see cref="RetentionSettings.Default"/>: the procedure's minimum).</summary>
internal sealed class RetentionOptions
{
    private const int MostYears = 100;

    public string KeepYears { get; set; } = SettingText.Of(RetentionSettings.Default.KeepYears);

    public RetentionSettings ToSettings() =>
        int.TryParse(KeepYears.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var years) && years is >= RetentionSettings.MinimumKeepYears and <= MostYears
            ? new RetentionSettings(years)
            : throw new SettingsException("Retention:KeepYears", KeepYears,
                $"a whole number of years from {RetentionSettings.MinimumKeepYears} to {MostYears}: the procedure keeps a closed case at least {RetentionSettings.MinimumKeepYears} years.");
}
