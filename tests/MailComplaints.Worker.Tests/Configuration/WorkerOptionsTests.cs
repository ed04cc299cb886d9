using MailComplaints.MailServers;
using MailComplaints.Mailboxes;
using MailComplaints.Procedure;
using MailComplaints.Retention;
using MailComplaints.Storage;
using MailComplaints.Testing;
using MailComplaints.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailComplaints.Worker.Tests.Configuration;

public sealed class WorkerOptionsTests
{
    private static WorkerSettings Read(params (string Key, string? Value)[] overrides) =>
        WorkerOptions.Bind(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Corpus.RepositoryRoot.FullName, "appsettings.json"))
            .AddInMemoryCollection(overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)))
            .Build());

    private static string Rejects(params (string Key, string? Value)[] overrides) => SettingsErrors.LineOf(() => Read(overrides));

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
    public void Closed_cases_are_kept_two_years_unless_set_longer()
    {
        Assert.That(Read().Retention, Is.EqualTo(RetentionSettings.Default));
        Assert.That(RetentionSettings.Default.KeepYears, Is.EqualTo(2));
        Assert.That(Read(("Retention:KeepYears", "7")).Retention.KeepYears, Is.EqualTo(7));
    }

    [TestCase("1")]
    [TestCase("0")]
    [TestCase("-3")]
    [TestCase("two")]
    public void Retention_of_fewer_than_two_years_stops_start_up_because_the_procedure_requires_two(string years)
    {
        Assert.That(Rejects(("Retention:KeepYears", years)),
            Is.EqualTo($"Setting Retention:KeepYears is '{years}': a whole number of years from 2 to 100: the procedure keeps a closed case at least 2 years."));
    }

    [Test]
    public void An_unknown_storage_provider_names_the_key_the_value_and_the_choices()
    {
        Assert.That(Rejects(("Storage:Provider", "Oracle")), Is.EqualTo("Setting Storage:Provider is 'Oracle': one of Sqlite, PostgreSql, SqlServer."));
    }

    [Test]
    public void A_numeric_value_for_an_enumeration_is_refused_rather_than_taken_as_an_index()
    {
        Assert.That(Rejects(("Storage:Provider", "1")), Does.StartWith("Setting Storage:Provider is '1': "));
    }

    [Test]
    public void PostgreSql_without_a_connection_string_asks_for_one()
    {
        var error = Rejects(("Storage:Provider", "PostgreSql"), ("ConnectionStrings:Complaints", ""));

        Assert.That(error, Does.StartWith("Setting ConnectionStrings:Complaints is "));
        Assert.That(error, Does.Contain("PostgreSql needs a connection string"));
    }

    [Test]
    public void A_server_provider_with_the_embedded_sqlite_file_asks_for_a_connection_string()
    {
        Assert.That(Rejects(("Storage:Provider", "SqlServer")),
            Does.StartWith("Setting ConnectionStrings:Complaints is 'Data Source=data/complaints.db': SqlServer needs a connection string"));
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
    [TestCase("Handlers:0:Complainants:0", "example")]
    [TestCase("Handlers:0:Complainants:0", "jan@@example.nl")]
    [TestCase("Handlers:0:Keywords:0", " ")]
    [TestCase("Procedure:DirectorConfirmationWorkingDays", "-1")]
    [TestCase("Procedure:MorningOverviewTime", "half acht")]
    [TestCase("Procedure:ReportTime", "zeven uur")]
    public void Each_wrong_setting_stops_start_up_naming_its_key(string key, string value)
    {
        var error = Rejects((key, value));

        Assert.That(error, Does.StartWith($"Setting {key} is "));
        Assert.That(error, Does.Not.Contain("\n"), "one line");
    }

    // Values the configuration binder itself could not convert to a number, a duration, an enumeration or a flag.
    [TestCase("Mailbox:PollInterval", "abc", "a duration hh:mm:ss from 00:00:01 to 1.00:00:00.")]
    [TestCase("Procedure:HandlingTermWeeks", "six", "a whole number from 1 to 104.")]
    [TestCase("Mailbox:Kind", "Exchange", "one of Maildir, Imap.")]
    [TestCase("Smtp:Port", "submission", "a whole number from 1 to 65535.")]
    [TestCase("Procedure:EscalateAtTermEnd", "ja", "true or false.")]
    [TestCase("Intake:MaxMessageBytes", "25 MB", "a whole number from 1024 to 1073741824.")]
    [TestCase("Procedure:ClosureDays:1", "kerstavond", "a date written yyyy-MM-dd, e.g. 2026-12-24.")]
    public void A_value_that_does_not_convert_is_reported_with_its_key_the_value_found_and_what_is_allowed(string key, string value, string allowed)
    {
        var overrides = key == "Procedure:ClosureDays:1" ? new[] { ("Procedure:ClosureDays:0", (string?)"2026-12-24"), (key, (string?)value) } : [(key, value)];

        Assert.That(Rejects(overrides), Is.EqualTo($"Setting {key} is '{value}': {allowed}"));
    }

    [Test]
    public void Every_setting_is_bound_as_text_so_that_the_binder_converts_nothing()
    {
        // The configuration binder reports a value it cannot convert in words of its own, without the allowed values;
        // options that hold text leave every conversion to SettingText, which names the key, the value and what is allowed.
        var sections = OptionsSections.Types(new ServiceCollection().AddWorkerOptions(new ConfigurationBuilder().Build()));

        Assert.That(sections.SelectMany(section => ConvertedByTheBinder(section, section.Name)), Is.Empty);
    }

    private static IEnumerable<string> ConvertedByTheBinder(Type type, string path)
    {
        if (ListEntry(type) is { } entry)
        {
            return entry == typeof(string) ? [] : ConvertedByTheBinder(entry, path + "[]");
        }
        if (type == typeof(string))
        {
            return [];
        }
        return type.Namespace == typeof(WorkerOptions).Namespace && type.IsClass
            ? type.GetProperties().Where(property => property.CanWrite).SelectMany(property => ConvertedByTheBinder(property.PropertyType, $"{path}.{property.Name}"))
            : [$"{path}: {type.Name}"];
    }

    private static Type? ListEntry(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;

    [Test]
    public void When_several_sections_are_wrong_the_first_is_reported()
    {
        Assert.That(Rejects(("Storage:Provider", "Oracle"), ("Procedure:HandlingTermWeeks", "six")), Does.StartWith("Setting Storage:Provider is 'Oracle': "));
    }

    [Test]
    public void A_setting_written_empty_takes_its_default()
    {
        var settings = Read(("Storage:Provider", ""), ("Mailbox:Imap:Folder", " "), ("Outbox:MaxAttempts", ""), ("Procedure:HandlingTermWeeks", ""), ("Handlers:1:Role", ""));

        Assert.That(settings.Storage.Provider, Is.EqualTo(StorageProvider.Sqlite));
        Assert.That(settings.Mailbox.Imap.Folder, Is.EqualTo("INBOX"));
        Assert.That(settings.Outbox.MaxAttempts, Is.EqualTo(10));
        Assert.That(settings.Procedure.HandlingTermWeeks, Is.EqualTo(ProcedureSettings.Default.HandlingTermWeeks));
        Assert.That(settings.Handlers.Select(h => h.Role), Is.EqualTo(new[] { HandlerRole.Handler, HandlerRole.Handler }));
    }

    [Test]
    public void An_imap_mailbox_needs_a_host_and_a_username()
    {
        Assert.That(Rejects(("Mailbox:Kind", "Imap")), Does.StartWith("Setting Mailbox:Imap:Host is "));
        Assert.That(Rejects(("Mailbox:Kind", "Imap"), ("Mailbox:Imap:Host", "imap.example.org")), Does.StartWith("Setting Mailbox:Imap:Username is "));
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

        Assert.That(error, Does.StartWith("Setting Procedure:HandlingTermWeeks is "));
        Assert.That(error, Does.Contain("Procedure:MaximumTermMonths"));
    }

    [Test]
    public void Without_any_handler_role_the_handlers_list_is_refused()
    {
        Assert.That(Rejects(("Handlers:0:Role", "Director")), Does.StartWith("Setting Handlers is "));
    }

    [Test]
    public void A_handler_listed_twice_is_refused()
    {
        Assert.That(Rejects(("Handlers:1:Email", "KLACHTBEHANDELAAR@example.org")), Does.Contain("at most once"));
    }

    [Test]
    public void A_complainant_domain_under_two_account_managers_is_refused()
    {
        Assert.That(Rejects(("Handlers:0:Complainants:0", "example.edu"), ("Handlers:1:Complainants:0", "EXAMPLE.edu")),
            Does.StartWith("Setting Handlers is ").And.Contain("one account manager"));
    }

    [Test]
    public void The_thread_key_file_is_not_made_while_another_setting_is_wrong()
    {
        var folder = Directory.CreateTempSubdirectory("mailcomplaints-options-").FullName;
        try
        {
            var keyFile = Path.Combine(folder, "data", "thread-secret");

            Rejects(("Threads:SecretFile", keyFile), ("Logging:RetainedDays", "0"));

            Assert.That(File.Exists(keyFile), Is.False);
            Assert.That(Read(("Threads:SecretFile", keyFile)).Threads.Secret, Has.Length.AtLeast(32));
            Assert.That(File.Exists(keyFile), Is.True, "made once every setting is right");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
