using MailComplaints.MailServers;
using MailComplaints.Mailboxes;

namespace MailComplaints.Worker.Configuration;

/// <summary>Section <c>Mailbox</c>: which mailbox the worker watches, how often, and where processed mail goes.</summary>
internal sealed class MailboxOptions
{
    public string Kind { get; set; } = nameof(MailboxKind.Maildir);

    public string PollInterval { get; set; } = SettingText.Of(TimeSpan.FromMinutes(1));

    public MaildirOptions Maildir { get; set; } = new();

    public ImapOptions Imap { get; set; } = new();

    public FolderOptions Folders { get; set; } = new();

    public MailboxSettings ToSettings()
    {
        var kind = SettingText.Choice<MailboxKind>("Mailbox:Kind", Kind);
        return new MailboxSettings(
            kind,
            SettingText.Duration("Mailbox:PollInterval", PollInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            Maildir.Path.Trim(),
            Imap.ToSettings(required: kind == MailboxKind.Imap),
            Folders.ToSettings());
    }
}

/// <summary>Section <c>Mailbox:Maildir</c>.</summary>
internal sealed class MaildirOptions
{
    public string Path { get; set; } = "data/mail/inbox";
}

/// <summary>Section <c>Mailbox:Imap</c>. Without a port the one that goes with the security is used (993 for TLS, 143 otherwise).</summary>
internal sealed class ImapOptions
{
    public string? Host { get; set; }

    public string? Port { get; set; }

    public string Security { get; set; } = nameof(TransportSecurity.Tls);

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string Folder { get; set; } = "INBOX";

    public string? TrustedCertificateThumbprint { get; set; }

    /// <param name="required">True when the worker watches this mailbox: then host and username must be given.</param>
    public ImapSettings ToSettings(bool required)
    {
        var security = SettingText.Choice<TransportSecurity>("Mailbox:Imap:Security", Security);
        return new ImapSettings(
            required ? SettingText.Required("Mailbox:Imap:Host", Host, "the IMAP server's host name, e.g. outlook.office365.com") : SettingText.Optional(Host) ?? "",
            Port is null ? (security == TransportSecurity.Tls ? 993 : 143) : SettingText.WholeNumber("Mailbox:Imap:Port", Port, 1, 65535),
            security,
            required ? SettingText.Required("Mailbox:Imap:Username", Username, "the mailbox's login name") : SettingText.Optional(Username) ?? "",
            SettingText.Optional(Password) ?? "",
            Folder.Trim(),
            SettingText.Optional(TrustedCertificateThumbprint));
    }
}

/// <summary>Section <c>Mailbox:Folders</c>: the processing folders, one per outcome.</summary>
internal sealed class FolderOptions
{
    public string Processed { get; set; } = ProcessingFolders.Default.Processed;

    public string Rejected { get; set; } = ProcessingFolders.Default.Rejected;

    public string Ignored { get; set; } = ProcessingFolders.Default.Ignored;

    public string Failed { get; set; } = ProcessingFolders.Default.Failed;

    public ProcessingFolders ToSettings() => new(Processed.Trim(), Rejected.Trim(), Ignored.Trim(), Failed.Trim());
}
