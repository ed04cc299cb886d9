using MailComplaints.Mailboxes;
using MailComplaints.Storage;

namespace MailComplaints.Worker.Tests.Intake;

/// <summary>Who a new case goes to: the account manager, a handler's keyword, else the handler with the fewest open cases in the register.</summary>
public sealed class RoutingTests(MailboxKind kind, StorageProvider provider) : IntakeFixture(kind, provider)
{
    private const string Anna = "anna@example.org";
    private const string Bram = "bram@example.org";

    [SetUp]
    public void TwoHandlersAndTheDirector()
    {
        Worker.Settings["Handlers:0:Name"] = "Anna Smit";
        Worker.Settings["Handlers:0:Email"] = Anna;
        Worker.Settings["Handlers:0:Role"] = "Handler";
        Worker.Settings["Handlers:1:Name"] = "Bram Visser";
        Worker.Settings["Handlers:1:Email"] = Bram;
        Worker.Settings["Handlers:1:Role"] = "Handler";
        Worker.Settings["Handlers:2:Name"] = "Directeur";
        Worker.Settings["Handlers:2:Email"] = "directeur@example.org";
        Worker.Settings["Handlers:2:Role"] = "Director";
    }

    [Test]
    public async Task A_new_case_goes_to_the_handler_with_the_fewest_open_cases_also_after_a_restart()
    {
        await DeliverAsync([Complaint("jan@example.nl", "Storing"), Complaint("piet@example.nl", "Monteur"), Complaint("kees@example.nl", "Factuur")]);
        await RunOnceAsync();
        Assert.That(await OpenCasesAsync(), Is.EqualTo(new Dictionary<string, int> { [Anna] = 2, [Bram] = 1 }));

        // Each run is a new process: a counter in memory would start again at the first handler.
        await DeliverAsync(Complaint("els@example.nl", "Wachttijd"));
        await RunOnceAsync();

        Assert.That(await OpenCasesAsync(), Is.EqualTo(new Dictionary<string, int> { [Anna] = 2, [Bram] = 2 }));
    }

    [Test]
    public async Task A_complaint_goes_to_the_account_manager_of_the_complainants_address_or_domain_however_busy()
    {
        Worker.Settings["Handlers:1:Complainants:0"] = "example.edu";
        Worker.Settings["Handlers:0:Complainants:0"] = "decaan@fnwi.example.edu";

        await DeliverAsync([Complaint("student@fnwi.example.edu", "Rooster"), Complaint("docent@example.edu", "Printer"), Complaint("decaan@fnwi.example.edu", "Laptop"),
            Complaint("jan@example.nl", "Storing"), Complaint("ouder@EXAMPLE.EDU", "Website")]);
        await RunOnceAsync();

        var handlers = (await Worker.CasesAsync()).ToDictionary(c => c.GetProperty("complainantAddress").GetString()!.ToLowerInvariant(), c => c.GetProperty("handler").GetString());
        Assert.That(handlers, Is.EqualTo(new Dictionary<string, string?>
        {
            ["student@fnwi.example.edu"] = Bram,
            ["docent@example.edu"] = Bram,
            ["decaan@fnwi.example.edu"] = Anna,
            ["jan@example.nl"] = Anna,
            ["ouder@example.edu"] = Bram,
        }));
    }

    [Test]
    public async Task A_complaint_naming_a_handlers_keyword_goes_to_that_handler()
    {
        Worker.Settings["Handlers:1:Keywords:0"] = "wifi";
        Worker.Settings["Handlers:1:Keywords:1"] = "eduroam";

        await DeliverAsync([Complaint("jan@example.nl", "Wifi-netwerk valt weg"), Complaint("piet@example.nl", "Geen verbinding", "Eduroam werkt sinds gisteren niet in de bibliotheek."),
            Complaint("kees@example.nl", "Wifiwijzer", "De wifiwijzer op de website klopt niet sinds gisteren.")]);
        await RunOnceAsync();

        var handlers = (await Worker.CasesAsync()).ToDictionary(c => c.GetProperty("complainantAddress").GetString()!, c => c.GetProperty("handler").GetString());
        Assert.That(handlers, Is.EqualTo(new Dictionary<string, string?> { ["jan@example.nl"] = Bram, ["piet@example.nl"] = Bram, ["kees@example.nl"] = Anna }));
    }

    private static byte[] Complaint(string from, string subject, string text = "Gisteren ging het weer mis en niemand heeft mij teruggebeld.") => Complaints.Message($"""
        From: {from}
        To: klachten@example.org
        Subject: {subject}
        Message-ID: <{Guid.NewGuid():N}@{from[(from.IndexOf('@') + 1)..]}>
        """, text);

    private async Task<Dictionary<string, int>> OpenCasesAsync()
    {
        var cases = await Worker.CasesAsync();
        Assert.That(cases.Select(c => c.GetProperty("status").GetString()), Is.All.EqualTo("InHandling"));
        return cases.GroupBy(c => c.GetProperty("handler").GetString()!).ToDictionary(group => group.Key, group => group.Count());
    }
}
