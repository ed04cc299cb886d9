using MailComplaints.Intake;

namespace MailComplaints.Worker.Configuration;

/// <summary>Section <c>Intake</c>. Its defaults are the domain's (<see cref="IntakeSettings.Default"/>), written as text.</summary>
internal sealed class IntakeOptions
{
    public string MaxMessageBytes { get; set; } = SettingText.Of(IntakeSettings.Default.MaxMessageBytes);

    public List<string?> OtherChannelSenders { get; set; } = [];

    public List<string?> OtherChannelHeaders { get; set; } = [];

    public string AcceptOtherChannels { get; set; } = SettingText.Of(IntakeSettings.Default.AcceptOtherChannels);

    public IntakeSettings ToSettings() => new(
        SettingText.WholeNumber("Intake:MaxMessageBytes", MaxMessageBytes, 1024, 1L << 30),
        SettingText.Entries(OtherChannelSenders),
        SettingText.Entries(OtherChannelHeaders),
        SettingText.Flag("Intake:AcceptOtherChannels", AcceptOtherChannels));
}
