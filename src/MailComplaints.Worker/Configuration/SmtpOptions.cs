using MailComplaints.MailServers;
using MailComplaints.Outbox;

namespace MailComplaints.Worker.Configuration;

/// <summary>Section <c>Smtp</c>. Without a port the one that goes with the security is used (465 for TLS, 587 for STARTTLS, 25 for none).</summary>
internal sealed class SmtpOptions
{
    public string? Host { get; set; }

    public string? Port { get; set; }

    public string Security { get; set; } = nameof(TransportSecurity.StartTls);

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? TrustedCertificateThumbprint { get; set; }

    public SmtpSettings ToSettings()
    {
        var security = SettingText.Choice<TransportSecurity>("Smtp:Security", Security);
        return new SmtpSettings(
            SettingText.Optional(Host) ?? "",
            Port is null
                ? security switch { TransportSecurity.Tls => 465, TransportSecurity.StartTls => 587, _ => 25 }
                : SettingText.WholeNumber("Smtp:Port", Port, 1, 65535),
            security,
            SettingText.Optional(Username) ?? "",
            SettingText.Optional(Password) ?? "",
            SettingText.Optional(TrustedCertificateThumbprint));
    }
}
