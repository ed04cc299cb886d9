namespace MailComplaints.Worker.Configuration;

/// <summary>Section <c>Logging</c>: where the rolling log files go and how long they are kept.</summary>
internal sealed class LoggingOptions
{
    public string Directory { get; set; } = "logs";

    public string RetainedDays { get; set; } = SettingText.Of(31);

    public string FileSizeLimitBytes { get; set; } = SettingText.Of(100L * 1024 * 1024);

    public LogSettings ToSettings() => new(
        Directory.Trim(),
        SettingText.WholeNumber("Logging:RetainedDays", RetainedDays, 1, 3650),
        SettingText.WholeNumber("Logging:FileSizeLimitBytes", FileSizeLimitBytes, 1024 * 1024, 1L << 40));
}
