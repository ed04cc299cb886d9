using MailComplaints.Outbox;

namespace MailComplaints.Worker.Configuration;

/// <summary>Section <c>Outbox</c>.</summary>
internal sealed class OutboxOptions
{
    public string PickupDirectory { get; set; } = "data/mail/outbox";

    public string SendInterval { get; set; } = SettingText.Of(TimeSpan.FromSeconds(15));

    public string MaxAttempts { get; set; } = SettingText.Of(10);

    public string AutomaticMailsPerAddressPerDay { get; set; } = SettingText.Of(20);

    public string? SentFolder { get; set; }

    public string FailingAlarm { get; set; } = SettingText.Of(TimeSpan.FromMinutes(30));

    public OutboxSettings ToSettings() => new(
        PickupDirectory.Trim(),
        SettingText.Duration("Outbox:SendInterval", SendInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
        SettingText.WholeNumber("Outbox:MaxAttempts", MaxAttempts, 1, 100),
        SettingText.WholeNumber("Outbox:AutomaticMailsPerAddressPerDay", AutomaticMailsPerAddressPerDay, 1, 10000),
        SettingText.Duration("Outbox:FailingAlarm", FailingAlarm, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
        SettingText.Optional(SentFolder));
}
