using MailComplaints.Procedure;
using MailComplaints.Testing;
using MailComplaints.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace MailComplaints.Worker.Tests.Configuration;

/// <summary>
/// The two procedures the worker ships: the email-only default (<c>appsettings.json</c>) and the university IT
/// department's (<c>appsettings.University.json</c>, chosen with <c>DOTNET_ENVIRONMENT=University</c>), read the way
/// the worker host reads them: from next to the executable, the environment's file over the default one.
/// </summary>
public sealed class ProcedureProfileTests
{
    private static WorkerSettings ReadProfile(string environment, params (string Key, string? Value)[] overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = environment, Args = [] });
        builder.Configuration.AddInMemoryCollection(overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)));
        return WorkerOptions.Bind(builder.Configuration);
    }

    [Test]
    public void Both_profiles_travel_with_the_executable()
    {
        foreach (var file in new[] { "appsettings.json", "appsettings.University.json" })
        {
            Assert.That(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)), Is.EqualTo(File.ReadAllText(Path.Combine(Corpus.RepositoryRoot.FullName, file))), file);
        }
    }

    [Test]
    public void The_default_profile_is_the_email_only_procedure()
    {
        var settings = ReadProfile("Production");

        Assert.That(settings.Procedure, Is.EqualTo(ProcedureSettings.Default));
        Assert.That(settings.Intake.AcceptOtherChannels, Is.False);
        Assert.That(settings.Intake.OtherChannelSenders, Is.Empty);
    }

    [Test]
    public void The_university_profile_differs_in_its_terms_its_third_party_and_the_relayed_channel()
    {
        var university = ReadProfile("University");
        var standard = ReadProfile("Production");

        Assert.That(university.Procedure, Is.EqualTo(ProcedureSettings.Default with
        {
            CaseNumberPrefix = "IT",
            AcknowledgeWithinWorkingDays = 2,
            HandlingTermWeeks = 4,
            ReminderWorkingDays = 3,
            DirectorTerm = new Term(4, TermUnit.Weeks),
            DirectorConfirmationWorkingDays = 2,
            ReferAtDirectorTermEnd = true,
            ThirdParty = new ThirdParty("College van Bestuur", "College van Bestuur, Postbus 1234, 1000 AB Amsterdam", "cvb@example.edu"),
            Categories =
            [
                new("netwerk", "Netwerk en wifi", "Network and wifi"), new("accounts", "Accounts en toegang", "Accounts and access"),
                new("software", "Software en licenties", "Software and licences"), new("werkplek", "Werkplek en printen", "Workstations and printing"),
                new("servicedesk", "Servicedesk en bejegening", "Service desk and treatment"),
            ],
        }));
        Assert.That((university.Intake.AcceptOtherChannels, university.Intake.OtherChannelSenders), Is.EqualTo((true, new[] { "servicedesk@example.edu" })));
        Assert.That(university.Handlers.Select(h => (h.Email, h.Role)), Is.EqualTo(new[]
        {
            ("accountmanager@example.edu", HandlerRole.Handler), ("klachten-behandelaar@example.edu", HandlerRole.Handler), ("directeur-ict@example.edu", HandlerRole.Director),
            ("hoofd-ict@example.edu", HandlerRole.DepartmentHead),
        }), "the university's handlers replace the default ones entirely");
        Assert.That(university.Handlers[0].Complainants, Is.EqualTo(new[] { "example.edu" }), "the account manager is the account manager of the university's own people");
        Assert.That(university.Mail.FromAddress, Is.EqualTo("klachten-ict@example.edu"));
        Assert.That((university.Storage, university.Outbox, university.Logging), Is.EqualTo((standard.Storage, standard.Outbox, standard.Logging)), "what the profile does not name stays as the default has it");
    }

    [TestCase("Procedure:AcknowledgementAlarmWorkingDays", "3", "a whole number from 1 to 2")]
    [TestCase("Procedure:ReminderWorkingDays", "-1", "a whole number")]
    [TestCase("Procedure:MaximumTermAlarmWorkingDays", "a week", "a whole number")]
    [TestCase("Procedure:EscalateAtTermEnd", "ja", "true or false")]
    [TestCase("Procedure:DirectorTerm", "vier weken", "a term such as")]
    [TestCase("Procedure:DirectorTerm", "4 fortnights", "a term such as")]
    [TestCase("Procedure:ReferAtDirectorTermEnd", "maybe", "true or false")]
    [TestCase("Procedure:ThirdParty:Email", "college van bestuur", "an address")]
    [TestCase("Procedure:DeadlineSweepTime", "25:00:00", "a duration")]
    [TestCase("Outbox:AutomaticMailsPerAddressPerDay", "0", "a whole number")]
    [TestCase("Intake:AcceptOtherChannels", "yes", "true or false")]
    [TestCase("Procedure:Categories:1:Key", "Accounts", "lower-case letters")]
    [TestCase("Procedure:Categories:2:English", "Software Software Software Software Software Software Software Software Software Software Software and more", "a name of 1 to 100 characters")]
    [TestCase("Procedure:Categories:3:Key", "netwerk", "each key and name may belong to one category only")]
    public void A_wrong_procedure_setting_in_the_university_profile_stops_start_up_naming_its_key(string key, string value, string expected)
    {
        var error = SettingsErrors.LineOf(() => ReadProfile("University", (key, value)));

        Assert.That(error, Does.StartWith($"Setting {key} is '{value}': ").And.Contain(expected));
    }
}
