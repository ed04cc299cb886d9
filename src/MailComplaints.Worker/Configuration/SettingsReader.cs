using System.Globalization;
using System.Text.RegularExpressions;
using MailComplaints.Intake;
using MailComplaints.Mail.Net;
using MailComplaints.Mailboxes;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Threads;
using MailComplaints.Storage;
using Microsoft.Extensions.Configuration;

namespace MailComplaints.Worker.Configuration;

/// <summary>
/// Reads the worker's settings from configuration and checks each one. The first wrong setting stops
/// start-up with a <see cref="SettingsException"/> naming its key, the value found and what is allowed.
/// </summary>
public sealed partial class SettingsReader(IConfiguration configuration)
{
    /// <summary>Reads and validates every setting.</summary>
    public WorkerSettings Read()
    {
        var storage = ReadStorage();
        var smtpSecurity = Enum("Smtp:Security", TransportSecurity.StartTls);
        var imapSecurity = Enum("Mailbox:Imap:Security", TransportSecurity.Tls);
        var mailboxKind = Enum("Mailbox:Kind", MailboxKind.Maildir);
        var mailbox = new MailboxSettings(
            mailboxKind,
            Duration("Mailbox:PollInterval", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            Text("Mailbox:Maildir:Path", "data/mail/inbox"),
            new ImapSettings(
                mailboxKind == MailboxKind.Imap ? Required("Mailbox:Imap:Host", "the IMAP server's host name, e.g. outlook.office365.com") : Text("Mailbox:Imap:Host", ""),
                Integer("Mailbox:Imap:Port", imapSecurity == TransportSecurity.Tls ? 993 : 143, 1, 65535),
                imapSecurity,
                mailboxKind == MailboxKind.Imap ? Required("Mailbox:Imap:Username", "the mailbox's login name") : Text("Mailbox:Imap:Username", ""),
                Text("Mailbox:Imap:Password", ""),
                Text("Mailbox:Imap:Folder", "INBOX"),
                Optional("Mailbox:Imap:TrustedCertificateThumbprint")),
            new ProcessingFolders(
                Text("Mailbox:Folders:Processed", ProcessingFolders.Default.Processed),
                Text("Mailbox:Folders:Rejected", ProcessingFolders.Default.Rejected),
                Text("Mailbox:Folders:Ignored", ProcessingFolders.Default.Ignored),
                Text("Mailbox:Folders:Failed", ProcessingFolders.Default.Failed)));
        var smtp = new SmtpSettings(
            Text("Smtp:Host", ""),
            Integer("Smtp:Port", smtpSecurity switch { TransportSecurity.Tls => 465, TransportSecurity.StartTls => 587, _ => 25 }, 1, 65535),
            smtpSecurity,
            Text("Smtp:Username", ""),
            Text("Smtp:Password", ""),
            Optional("Smtp:TrustedCertificateThumbprint"));
        var outbox = new OutboxSettings(
            Text("Outbox:PickupDirectory", "data/mail/outbox"),
            Duration("Outbox:SendInterval", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            Integer("Outbox:MaxAttempts", 10, 1, 100),
            Integer("Outbox:AutomaticMailsPerAddressPerDay", 20, 1, 10000),
            Optional("Outbox:SentFolder"));
        var procedure = ReadProcedure();
        return new WorkerSettings(storage, mailbox, smtp, outbox, ReadMail(), ReadHandlers(), procedure,
            new IntakeSettings(
                Long("Intake:MaxMessageBytes", IntakeSettings.Default.MaxMessageBytes, 1024, 1L << 30),
                List("Intake:OtherChannelSenders"),
                List("Intake:OtherChannelHeaders"),
                Flag("Intake:AcceptOtherChannels", IntakeSettings.Default.AcceptOtherChannels)),
            new LogSettings(
                Text("Logging:Directory", "logs"),
                Integer("Logging:RetainedDays", 31, 1, 3650),
                Long("Logging:FileSizeLimitBytes", 100L * 1024 * 1024, 1024 * 1024, 1L << 40)))
        {
            Threads = ReadThreads(),
            DeadlineSweepTime = Duration("Procedure:DeadlineSweepTime", new TimeSpan(8, 0, 0), TimeSpan.Zero, new TimeSpan(23, 59, 0)),
        };
    }

    private StorageSettings ReadStorage()
    {
        var provider = Enum("Storage:Provider", StorageProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Complaints");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == StorageProvider.Sqlite
                ? StorageSettings.DefaultSqliteConnectionString
                : throw new SettingsException("ConnectionStrings:Complaints", null, provider == StorageProvider.PostgreSql
                    ? "PostgreSql needs a connection string, e.g. 'Host=db;Database=complaints;Username=complaints;Password=…'."
                    : "SqlServer needs a connection string, e.g. 'Server=db;Database=complaints;User Id=complaints;Password=…;Encrypt=true'.");
        }
        return new StorageSettings(provider, connectionString);
    }

    private ProcedureSettings ReadProcedure()
    {
        var defaults = ProcedureSettings.Default;
        var prefix = Text("Procedure:CaseNumberPrefix", defaults.CaseNumberPrefix);
        if (!CaseNumberPrefix().IsMatch(prefix))
        {
            throw new SettingsException("Procedure:CaseNumberPrefix", prefix, "1 to 16 letters and digits, starting with a letter (e.g. KL).");
        }
        var weeks = Integer("Procedure:HandlingTermWeeks", defaults.HandlingTermWeeks, 1, 104);
        var months = Integer("Procedure:MaximumTermMonths", defaults.MaximumTermMonths, 1, 24);
        if (weeks * 7 > months * 31)
        {
            throw new SettingsException("Procedure:HandlingTermWeeks", weeks.ToString(CultureInfo.InvariantCulture),
                $"the handling term may not exceed Procedure:MaximumTermMonths ({months} months).");
        }
        var acknowledgeWithin = Integer("Procedure:AcknowledgeWithinWorkingDays", defaults.AcknowledgeWithinWorkingDays, 1, 60);
        return new ProcedureSettings
        {
            CaseNumberPrefix = prefix.ToUpperInvariant(),
            LodgingWindowDays = Integer("Procedure:LodgingWindowDays", defaults.LodgingWindowDays, 1, 366),
            AcknowledgeWithinWorkingDays = acknowledgeWithin,
            HandlingTermWeeks = weeks,
            MaximumTermMonths = months,
            ClosureDays = List("Procedure:ClosureDays").Select((text, index) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day
                : throw new SettingsException($"Procedure:ClosureDays:{index}", text, "a date written yyyy-MM-dd, e.g. 2026-12-24.")).ToList(),
            AcknowledgementAlarmWorkingDays = Integer("Procedure:AcknowledgementAlarmWorkingDays", defaults.AcknowledgementAlarmWorkingDays, 1, acknowledgeWithin),
            ReminderWorkingDays = Integer("Procedure:ReminderWorkingDays", defaults.ReminderWorkingDays, 0, 60),
            MaximumTermAlarmWorkingDays = Integer("Procedure:MaximumTermAlarmWorkingDays", defaults.MaximumTermAlarmWorkingDays, 0, 60),
            ExtensionNoticeWorkingDays = Integer("Procedure:ExtensionNoticeWorkingDays", defaults.ExtensionNoticeWorkingDays, 1, 60),
            EscalateAtTermEnd = Flag("Procedure:EscalateAtTermEnd", defaults.EscalateAtTermEnd),
            DirectorTerm = TermSetting("Procedure:DirectorTerm", defaults.DirectorTerm),
            ReferAtDirectorTermEnd = Flag("Procedure:ReferAtDirectorTermEnd", defaults.ReferAtDirectorTermEnd),
            ThirdParty = new ThirdParty(
                Text("Procedure:ThirdParty:Name", defaults.ThirdParty.Name),
                Text("Procedure:ThirdParty:Address", defaults.ThirdParty.Address),
                OptionalAddress("Procedure:ThirdParty:Email")),
        };
    }

    // The token key: Threads:Secret when given; otherwise a key file made on first start (several workers on one database need the same key: set Threads:Secret).
    private ThreadSettings ReadThreads()
    {
        var trusted = List("Threads:TrustedAuthServIds");
        if (Optional("Threads:Secret") is { } secret)
        {
            try
            {
                return new ThreadSettings(ThreadTokens.ParseSecret(secret), trusted);
            }
            catch (ArgumentException)
            {
                throw new SettingsException("Threads:Secret", "(hidden)", $"base64 or hex of at least {ThreadTokens.MinimumSecretLength} random bytes, e.g. from 'openssl rand -base64 32'.");
            }
        }
        var file = Path.GetFullPath(Text("Threads:SecretFile", "data/thread-secret"));
        try
        {
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                try
                {
                    var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                    if (!OperatingSystem.IsWindows())
                    {
                        options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                    }
                    using var created = new FileStream(file, options);
                    using var writer = new StreamWriter(created);
                    writer.WriteLine(ThreadTokens.NewSecret());
                }
                catch (IOException) when (File.Exists(file))
                {
                    // Another worker made it at the same moment: use theirs.
                }
            }
            return new ThreadSettings(ThreadTokens.ParseSecret(File.ReadAllText(file).Trim()), trusted);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new SettingsException("Threads:SecretFile", file, $"a key file the worker can read and, on first start, create ({exception.Message}).");
        }
    }

    private MailSettings ReadMail()
    {
        var from = Required("Mail:From", "the complaints address with display name, e.g. 'Klachtenloket <klachten@example.org>'.");
        var match = AddressWithName().Match(from);
        if (!match.Success)
        {
            throw new SettingsException("Mail:From", from, "an address such as 'Klachtenloket <klachten@example.org>' or 'klachten@example.org'.");
        }
        var name = match.Groups["name"].Value.Trim().Trim('"').Trim();
        return new MailSettings(name.Length == 0 ? null : name, match.Groups["address"].Value,
            Text("Mail:TemplatesDirectory", Path.Combine(AppContext.BaseDirectory, "templates")));
    }

    private List<Handler> ReadHandlers()
    {
        var handlers = new List<Handler>();
        foreach (var entry in configuration.GetSection("Handlers").GetChildren())
        {
            var key = $"Handlers:{entry.Key}";
            var email = Required($"{key}:Email", "the handler's email address.");
            if (!AddressOnly().IsMatch(email))
            {
                throw new SettingsException($"{key}:Email", email, "an email address such as 'j.jansen@example.org'.");
            }
            handlers.Add(new Handler(Required($"{key}:Name", "the handler's name as complainants see it."), email, Enum($"{key}:Role", HandlerRole.Handler)));
        }
        if (!handlers.Any(handler => handler.Role == HandlerRole.Handler))
        {
            throw new SettingsException("Handlers", handlers.Count == 0 ? null : $"{handlers.Count} entries without Role Handler",
                "at least one entry with Name, Email and Role Handler (Role Director for the director).");
        }
        var duplicate = handlers.GroupBy(handler => handler.Email, StringComparer.OrdinalIgnoreCase).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new SettingsException("Handlers", duplicate.Key, "each email address at most once.");
        }
        return handlers;
    }

    private string Text(string key, string fallback)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
    }

    private List<string> List(string key) =>
        configuration.GetSection(key).GetChildren().Select(child => child.Value?.Trim()).OfType<string>().Where(value => value.Length > 0).ToList();

    private string? Optional(string key) => string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key]!.Trim();

    private string Required(string key, string allowed)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? throw new SettingsException(key, value is null ? null : "", allowed) : value.Trim();
    }

    private TEnum Enum<TEnum>(string key, TEnum fallback) where TEnum : struct, Enum
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        return System.Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new SettingsException(key, value, $"one of {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
    }

    private bool Flag(string key, bool fallback)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        return bool.TryParse(value.Trim(), out var parsed) ? parsed : throw new SettingsException(key, value, "true or false.");
    }

    private Term TermSetting(string key, Term fallback)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        return Term.TryParse(value, out var term) ? term : throw new SettingsException(key, value, "a term such as '2 working days', '14 days', '4 weeks' or '1 month'.");
    }

    private string? OptionalAddress(string key)
    {
        var value = Optional(key);
        return value is null || AddressOnly().IsMatch(value) ? value : throw new SettingsException(key, value, "an address such as 'commissie@example.org'.");
    }

    private int Integer(string key, int fallback, int minimum, int maximum) => (int)Long(key, fallback, minimum, maximum);

    private long Long(string key, long fallback, long minimum, long maximum)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        return long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum && parsed <= maximum
            ? parsed
            : throw new SettingsException(key, value, $"a whole number from {minimum} to {maximum}.");
    }

    private TimeSpan Duration(string key, TimeSpan fallback, TimeSpan minimum, TimeSpan maximum)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        return TimeSpan.TryParse(value.Trim(), CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum && parsed <= maximum
            ? parsed
            : throw new SettingsException(key, value, $"a duration hh:mm:ss from {minimum:c} to {maximum:c}.");
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]{0,15}$")]
    private static partial Regex CaseNumberPrefix();

    [GeneratedRegex(@"^\s*(?:(?<name>[^<>]*?)\s*<(?<address>[^<>@\s]+@[^<>@\s]+)>|(?<address>[^<>@\s]+@[^<>@\s]+))\s*$")]
    private static partial Regex AddressWithName();

    [GeneratedRegex(@"^[^<>@\s]+@[^<>@\s]+$")]
    private static partial Regex AddressOnly();
}
