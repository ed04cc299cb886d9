using MailComplaints.Mail.Net;
using MailComplaints.Mailboxes;
using MailComplaints.Procedure;
using MailComplaints.Storage;
using MailComplaints.Testing;
using MailComplaints.Worker.Configuration;
using Microsoft.Extensions.Configuration;

namespace MailComplaints.Worker.Tests.Configuration;

public sealed class SettingsReaderTests
{
    private static WorkerSettings Read(params (string Key, string? Value)[] overrides) =>
        new SettingsReader(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Corpus.RepositoryRoot.FullName, "appsettings.json"))
            .AddInMemoryCollection(overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)))
            .Build()).Read();

    private static SettingsException Rejects(params (string Key, string? Value)[] overrides) =>
        Assert.Throws<SettingsException>(() => Read(overrides))!;

    [Test]
    public void The_shipped_appsettings_describe_the_embedded_default()
    {
        var settings = Read();

        Assert.That(settings.Storage, Is.EqualTo(new StorageSettings(StorageProvider.Sqlite, "Data Source=data/complaints.db")));
        Assert.That((settings.Mailbox.Kind, settings.Mailbox.MaildirPath, settings.Mailbox.PollInterval), Is.EqualTo((MailboxKind.Maildir, "data/mail/inbox", TimeSpan.FromMinutes(1))));
        Assert.That(settings.Smtp.IsConfigured, Is.False);
        Assert.That(settings.Outbox.PickupDirectory, Is.EqualTo("data/mail/outbox"));
        Assert.That((settings.Mail.FromName, settings.Mail.FromAddress, settings.Mail.Domain), Is.EqualTo(("Klachtenloket", "klachten@example.org", "example.org")));
        Assert.That(settings.Handlers.Select(h => h.Role), Is.EquivalentTo(new[] { HandlerRole.Handler, HandlerRole.Director }));
        Assert.That(settings.Procedure, Is.EqualTo(ProcedureSettings.Default));
        Assert.That(settings.Logging.Directory, Is.EqualTo("logs"));
    }

    [Test]
    public void An_unknown_storage_provider_names_the_key_the_value_and_the_choices()
    {
        var error = Rejects(("Storage:Provider", "Oracle"));

        Assert.That(error.Key, Is.EqualTo("Storage:Provider"));
        Assert.That(error.Message, Is.EqualTo("Setting Storage:Provider is 'Oracle': one of Sqlite, PostgreSql, SqlServer."));
    }

    [Test]
    public void A_numeric_value_for_an_enumeration_is_refused_rather_than_taken_as_an_index()
    {
        Assert.That(Rejects(("Storage:Provider", "1")).Key, Is.EqualTo("Storage:Provider"));
    }

    [Test]
    public void PostgreSql_without_a_connection_string_asks_for_one()
    {
        var error = Rejects(("Storage:Provider", "PostgreSql"), ("ConnectionStrings:Complaints", ""));

        Assert.That(error.Key, Is.EqualTo("ConnectionStrings:Complaints"));
        Assert.That(error.Message, Does.Contain("PostgreSql needs a connection string"));
    }

    [TestCase("Mailbox:Kind", "Pop3")]
    [TestCase("Mailbox:PollInterval", "soon")]
    [TestCase("Mailbox:PollInterval", "00:00:00.100")]
    [TestCase("Mailbox:Imap:Security", "Ssl")]
    [TestCase("Mailbox:Imap:Port", "70000")]
    [TestCase("Smtp:Port", "0")]
    [TestCase("Smtp:Security", "yes")]
    [TestCase("Outbox:MaxAttempts", "-1")]
    [TestCase("Outbox:SendInterval", "2.00:00:00")]
    [TestCase("Mail:From", "klachten at example.org")]
    [TestCase("Mail:From", "")]
    [TestCase("Procedure:CaseNumberPrefix", "KL-")]
    [TestCase("Procedure:LodgingWindowDays", "0")]
    [TestCase("Procedure:AcknowledgeWithinWorkingDays", "five")]
    [TestCase("Intake:MaxMessageBytes", "12")]
    [TestCase("Logging:RetainedDays", "0")]
    [TestCase("Procedure:ClosureDays:0", "24-12-2026")]
    [TestCase("Handlers:0:Email", "not-an-address")]
    [TestCase("Handlers:1:Role", "Boss")]
    public void Each_wrong_setting_stops_start_up_naming_its_key(string key, string value)
    {
        var error = Rejects((key, value));

        Assert.That(error.Key, Is.EqualTo(key));
        Assert.That(error.Message, Does.StartWith($"Setting {key} is "));
        Assert.That(error.Message, Does.Not.Contain("\n"), "one line");
    }

    [Test]
    public void An_imap_mailbox_needs_a_host_and_a_username()
    {
        Assert.That(Rejects(("Mailbox:Kind", "Imap")).Key, Is.EqualTo("Mailbox:Imap:Host"));
        Assert.That(Rejects(("Mailbox:Kind", "Imap"), ("Mailbox:Imap:Host", "imap.example.org")).Key, Is.EqualTo("Mailbox:Imap:Username"));
    }

    [Test]
    public void The_imap_port_follows_the_security_unless_given()
    {
        Assert.That(Read(("Mailbox:Imap:Port", null), ("Mailbox:Imap:Security", "StartTls")).Mailbox.Imap.Port, Is.EqualTo(143));
        Assert.That(Read(("Mailbox:Imap:Port", null), ("Mailbox:Imap:Security", "Tls")).Mailbox.Imap.Port, Is.EqualTo(993));
        Assert.That(Read(("Smtp:Port", null), ("Smtp:Security", "Tls")).Smtp.Security, Is.EqualTo(TransportSecurity.Tls));
        Assert.That(Read(("Smtp:Port", null), ("Smtp:Security", "Tls")).Smtp.Port, Is.EqualTo(465));
    }

    [Test]
    public void A_handling_term_longer_than_the_maximum_is_refused()
    {
        var error = Rejects(("Procedure:HandlingTermWeeks", "20"), ("Procedure:MaximumTermMonths", "3"));

        Assert.That(error.Key, Is.EqualTo("Procedure:HandlingTermWeeks"));
        Assert.That(error.Message, Does.Contain("Procedure:MaximumTermMonths"));
    }

    [Test]
    public void Without_any_handler_role_the_handlers_list_is_refused()
    {
        var error = Rejects(("Handlers:0:Role", "Director"));

        Assert.That(error.Key, Is.EqualTo("Handlers"));
    }

    [Test]
    public void A_handler_listed_twice_is_refused()
    {
        var error = Rejects(("Handlers:1:Email", "KLACHTBEHANDELAAR@example.org"));

        Assert.That(error.Message, Does.Contain("at most once"));
    }
}
