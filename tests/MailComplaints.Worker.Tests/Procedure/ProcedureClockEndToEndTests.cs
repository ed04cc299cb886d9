using System.Globalization;
using MailComplaints.Reading;
using MimeKit;
using MailComplaints.Procedure;
using MailComplaints.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace MailComplaints.Worker.Tests.Procedure;

/// <summary>
/// The procedure clock end to end: a complaint in the worker's Maildir, the worker (<c>run --once</c>, a new host
/// on the same database every time, as after a restart) sending over SMTP to a real Postfix that delivers into
/// Dovecot, and a <see cref="FakeTimeProvider"/> moved from one deadline to the next. Every address is a Dovecot user.
/// The complaint arrives on Tuesday 3 November 2026.
/// </summary>
public sealed class ProcedureClockEndToEndTests : MailStackFixture
{
    private static readonly DateTimeOffset Arrived = new(2026, 11, 3, 9, 20, 0, TimeSpan.Zero);
    private InProcessWorker worker = null!;
    private FakeTimeProvider clock = null!;
    private string complainant = null!;
    private string handler = null!;
    private string director = null!;

    [SetUp]
    public void CreateWorker()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        (complainant, handler, director) = ($"klager{run}", $"behandelaar{run}", $"directeur{run}");
        clock = new FakeTimeProvider(Arrived);
        worker = new InProcessWorker { Clock = clock };
    }

    [TearDown]
    public void RemoveWorker() => worker.Dispose();

    private void Configure(string? profile)
    {
        if (profile is not null)
        {
            // What the host does for DOTNET_ENVIRONMENT=University: the profile's file over appsettings.json.
            var file = new ConfigurationBuilder().AddJsonFile(Path.Combine(Corpus.RepositoryRoot.FullName, $"appsettings.{profile}.json")).Build();
            foreach (var (key, value) in file.AsEnumerable().Where(pair => pair.Value is not null))
            {
                worker.Settings[key] = value;
            }
        }
        // The first handler takes the first complaint (round robin); the default names two people, the university three.
        worker.Settings["Handlers:0:Email"] = $"{handler}@localhost";
        if (profile is null)
        {
            worker.Settings["Handlers:1:Email"] = $"{director}@localhost";
        }
        else
        {
            worker.Settings["Handlers:1:Email"] = $"tweede{handler}@localhost";
            worker.Settings["Handlers:2:Email"] = $"{director}@localhost";
        }
        worker.Settings["Smtp:Host"] = Stack.Host;
        worker.Settings["Smtp:Port"] = Stack.SmtpPort.ToString(CultureInfo.InvariantCulture);
        worker.Settings["Smtp:Security"] = "None";
    }

    private static DateTimeOffset Amsterdam(int year, int month, int day, int hour = 8) =>
        new(new DateTime(year, month, day, hour, 0, 0), WorkingDayCalendar.Amsterdam.GetUtcOffset(new DateTime(year, month, day, hour, 0, 0)));

    private async Task RunAtAsync(DateTimeOffset instant)
    {
        clock.Advance(instant - clock.GetUtcNow());
        var run = await worker.RunAsync("run", "--once");
        Assert.That(run.ExitCode, Is.Zero, run.Error);
    }

    private List<MimeMessage> Mailbox(string user) => ReceivedMail.In(Stack, user);

    private async Task<IReadOnlyList<string>> SubjectsAsync(string user, int count)
    {
        await Stack.WaitForInboxCountAsync(user, count, TimeSpan.FromSeconds(30), CancellationToken.None);
        var messages = Mailbox(user);
        Assert.That(messages.Select(message => message.MessageId).Distinct().Count(), Is.EqualTo(messages.Count), $"no mail twice in {user}'s mailbox");
        Assert.That(messages, Has.Count.EqualTo(count), $"{user}'s mailbox");
        return messages.Select(message => message.Subject ?? "").ToList();
    }

    [Test]
    public async Task Default_profile_acknowledgement_assignment_reminder_escalation_and_the_directors_reminder_arrive_in_their_mailboxes()
    {
        Configure(profile: null);
        Complaints.Deliver(worker.Inbox, Complaints.Dutch(from: $"{complainant}@localhost"), Arrived.UtcDateTime, "1762161600.M1P1.clock");

        await RunAtAsync(Arrived);
        Assert.That(await SubjectsAsync(complainant, 1), Has.Exactly(1).StartsWith("[KL-2026-00001] Ontvangstbevestiging"));
        Assert.That(Mailbox(complainant)[0].Text(), Does.Contain("15 december 2026"), "six weeks, as a date");
        Assert.That(await SubjectsAsync(handler, 1), Has.Exactly(1).StartsWith("[KL-2026-00001]"));

        await RunAtAsync(Amsterdam(2026, 12, 7));
        Assert.That(await SubjectsAsync(handler, 1), Has.Count.EqualTo(1), "Monday 7 December: no reminder yet");
        await RunAtAsync(Amsterdam(2026, 12, 8));
        var handlerMail = await SubjectsAsync(handler, 2);
        Assert.That(Mailbox(handler)[^1].Text(), Does.Contain("15 december 2026"), "Tuesday 8 December, five working days before the term ends: the reminder");

        await RunAtAsync(Amsterdam(2026, 12, 15));
        Assert.That(await SubjectsAsync(director, 1), Has.Exactly(1).StartsWith("[KL-2026-00001]"));
        Assert.That(Mailbox(director)[0].Text(), Does.Contain("Reden: de behandeltermijn is verstreken zonder beslissing.").And.Not.Contain("ended"),
            "the director's mail gives its reason in the case's language");
        Assert.That(await SubjectsAsync(complainant, 2), Has.Count.EqualTo(2));
        Assert.That(Mailbox(complainant)[^1].Text(), Does.Contain("15 januari 2027"), "the director's month");
        ReceivedMail.Transcript(complainant, Mailbox(complainant)[0]);
        ReceivedMail.Transcript(complainant, Mailbox(complainant)[^1]);

        await RunAtAsync(Amsterdam(2027, 1, 15));
        Assert.That(await SubjectsAsync(director, 2), Has.Count.EqualTo(2), "the director's term ended: reminded");
        Assert.That(await SubjectsAsync(complainant, 2), Has.Count.EqualTo(2));
        Assert.That(await SubjectsAsync(handler, 2), Is.EqualTo(handlerMail));
    }

    [Test]
    public async Task An_English_complaint_gets_its_acknowledgement_and_escalation_in_English()
    {
        Configure(profile: null);
        Complaints.Deliver(worker.Inbox, Complaints.Message($"""
            From: John Smith <{complainant}@localhost>
            To: Klachtenloket <klachten@example.org>
            Subject: Leaking roof not repaired
            Date: Tue, 3 Nov 2026 10:15:00 +0100
            Message-ID: <english-1@example.com>
            """, "Dear Sir or Madam,\n\nYesterday the roofer did not show up for the third time, and water is still coming through the ceiling of my bedroom.\n" +
            "I would like to file a complaint about this.\n\nKind regards,\nJohn Smith"), Arrived.UtcDateTime, "1762161600.M1P1.english");

        await RunAtAsync(Arrived);
        Assert.That(await SubjectsAsync(complainant, 1), Has.Exactly(1).EqualTo("[KL-2026-00001] We have received your complaint: Leaking roof not repaired"));
        var acknowledgement = Mailbox(complainant)[0];
        Assert.That(acknowledgement.Text(), Does.Contain("December 15, 2026"), "the term as an English reader writes a date");

        await RunAtAsync(Amsterdam(2026, 12, 15));
        Assert.That(await SubjectsAsync(complainant, 2), Has.Exactly(1).StartsWith("[KL-2026-00001] Your complaint has been referred to the director"));
        var escalation = Mailbox(complainant)[^1];
        Assert.That(escalation.Text(), Does.Contain("January 15, 2027"), "the director's month");
        ReceivedMail.Transcript(complainant, acknowledgement);
        ReceivedMail.Transcript(complainant, escalation);
    }


    [Test]
    public async Task While_Postfix_is_stopped_the_procedures_mails_wait_and_all_go_out_once_when_it_is_back()
    {
        Configure(profile: null);
        Complaints.Deliver(worker.Inbox, Complaints.Dutch(from: $"{complainant}@localhost"), Arrived.UtcDateTime, "1762161600.M1P1.down");
        await Stack.StopPostfixAsync(CancellationToken.None);
        try
        {
            await RunAtAsync(Arrived);
            await RunAtAsync(Amsterdam(2026, 11, 4));
            await RunAtAsync(Amsterdam(2026, 12, 8));
            Assert.That((Stack.CountInboxMessages(complainant), Stack.CountInboxMessages(handler), Stack.CountInboxMessages(director)), Is.EqualTo((0, 0, 0)));
        }
        finally
        {
            await Stack.StartPostfixAsync(CancellationToken.None);
        }

        await RunAtAsync(Amsterdam(2026, 12, 8, 12));

        Assert.That(await SubjectsAsync(complainant, 1), Has.Exactly(1).Contains("Ontvangstbevestiging"));
        Assert.That(await SubjectsAsync(handler, 2), Has.Count.EqualTo(2), "assignment and reminder");
        Assert.That(await SubjectsAsync(director, 1), Has.Exactly(1).Contains("Alarm"), "the acknowledgement was not out a working day after receipt");
        await RunAtAsync(Amsterdam(2026, 12, 8, 16));
        Assert.That((Stack.CountInboxMessages(complainant), Stack.CountInboxMessages(handler), Stack.CountInboxMessages(director)), Is.EqualTo((1, 2, 1)), "a later run sends nothing again");
    }

    [Test]
    public async Task University_profile_relayed_complaint_two_working_days_four_weeks_then_the_director_then_the_board()
    {
        Configure("University");
        var relay = $"servicedesk{complainant[6..]}";
        worker.Settings["Intake:OtherChannelSenders:0"] = $"{relay}@localhost";
        Complaints.Deliver(worker.Inbox, Complaints.Message($"""
            From: Servicedesk <{relay}@localhost>
            Reply-To: Jan de Vries <{complainant}@localhost>
            To: klachten-ict@example.edu
            Subject: Webformulier: klacht over de laptopuitgifte
            Date: Tue, 3 Nov 2026 10:15:00 +0100
            Message-ID: <webform-1@example.edu>
            """, "Gisteren kreeg ik voor de derde keer geen laptop mee. Ik dien hierbij een klacht in."), Arrived.UtcDateTime, "1762161600.M1P1.relay");

        await RunAtAsync(Arrived);
        Assert.That(await SubjectsAsync(complainant, 1), Has.Exactly(1).StartsWith("[IT-2026-00001]"));
        Assert.That(Mailbox(complainant)[0].Text(), Does.Contain("1 december 2026"), "four weeks, as a date");
        await Stack.WaitForInboxCountAsync(relay, 1, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.That(Mailbox(relay)[0].Subject, Is.EqualTo(Mailbox(complainant)[0].Subject), "the acknowledgement also goes back through the service desk");

        await RunAtAsync(Amsterdam(2026, 11, 26));
        Assert.That(await SubjectsAsync(handler, 2), Has.Count.EqualTo(2), "assignment, and the reminder three working days before 1 December");

        await RunAtAsync(Amsterdam(2026, 12, 1));
        Assert.That(await SubjectsAsync(director, 1), Has.Count.EqualTo(1));
        Assert.That(await SubjectsAsync(complainant, 2), Has.Count.EqualTo(2));
        Assert.That(Mailbox(complainant)[^1].Text(), Does.Contain("29 december 2026"), "the director's four weeks");
        await Stack.WaitForInboxCountAsync(relay, 2, TimeSpan.FromSeconds(30), CancellationToken.None);
        var relayed = Mailbox(relay).Select(message => message.Subject).ToList();
        Assert.That(relayed, Has.Some.EqualTo(Mailbox(complainant)[^1].Subject), "the escalation notice also goes back through the service desk");

        await RunAtAsync(Amsterdam(2026, 12, 28));
        Assert.That(await SubjectsAsync(complainant, 2), Has.Count.EqualTo(2));
        await RunAtAsync(Amsterdam(2026, 12, 29));
        Assert.That(await SubjectsAsync(complainant, 3), Has.Count.EqualTo(3));
        Assert.That(Mailbox(complainant)[^1].Text(), Does.Contain("College van Bestuur"), "referred to the board at the end of the director's term");
        await Stack.WaitForInboxCountAsync(relay, relayed.Count + 1, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.That(Mailbox(relay)[^1].Text(), Does.Contain("College van Bestuur"));
    }
}
