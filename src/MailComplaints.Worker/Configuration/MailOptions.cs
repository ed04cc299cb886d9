using MailComplaints.Outbox;

namespace MailComplaints.Worker.Configuration;

/// <summary>Section <c>Mail</c>: the complaints address every mail comes from (no default: the shipped <c>appsettings.json</c> has an example), and the templates.</summary>
internal sealed class MailOptions
{
    public string? From { get; set; }

    public string TemplatesDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "templates");

    public string MaxHandlerMailBytes { get; set; } = SettingText.Of(10_000_000);

    public MailSettings ToSettings()
    {
        var (name, address) = SettingText.AddressWithName("Mail:From",
            SettingText.Required("Mail:From", From, "the complaints address with display name, e.g. 'Klachtenloket <klachten@example.org>'."));
        return new MailSettings(name, address, TemplatesDirectory.Trim(), SettingText.WholeNumber("Mail:MaxHandlerMailBytes", MaxHandlerMailBytes, 1_000_000, 1L << 30));
    }
}
