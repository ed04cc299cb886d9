using System.Globalization;
using System.Text;
using System.Text.Json;
using MailComplaints.Reading;
using MimeKit;
using MailComplaints.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MailComplaints.Worker.Tests.Threads;

/// <summary>
/// Handlers and complainants working by mail on the real mail stack: the worker's mails go over SMTP to Postfix,
/// which delivers them into Dovecot mailboxes; replies are written to what arrived there, the way a mail client
/// answers, and dropped in the complaints mailbox.
/// </summary>
public sealed class ThreadTests : MailStackFixture
{
    private static readonly DateTimeOffset Start = new(2026, 11, 3, 9, 20, 0, TimeSpan.Zero);
    private InProcessWorker worker = null!;
    private FakeTimeProvider clock = null!;
    private string complainant = "";
    private string handler = "";
    private string director = "";
    private int delivered;

    [SetUp]
    public void CreateWorker()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        (complainant, handler, director) = ($"jan{id}", $"petra{id}", $"bakker{id}");
        clock = new FakeTimeProvider(Start);
        worker = new InProcessWorker { Clock = clock };
        worker.Settings["Smtp:Host"] = Stack.Host;
        worker.Settings["Smtp:Port"] = Stack.SmtpPort.ToString(CultureInfo.InvariantCulture);
        worker.Settings["Smtp:Security"] = "None";
        worker.Settings["Handlers:0:Name"] = "Petra Jansen";
        worker.Settings["Handlers:0:Email"] = $"{handler}@localhost";
        worker.Settings["Handlers:0:Role"] = "Handler";
        worker.Settings["Handlers:1:Name"] = "A. Bakker";
        worker.Settings["Handlers:1:Email"] = $"{director}@localhost";
        worker.Settings["Handlers:1:Role"] = "Director";
    }

    [TearDown]
    public void RemoveWorker() => worker.Dispose();

    [Test]
    public async Task A_handler_records_solution_and_agreement_and_the_complainant_receives_the_resolution_summary()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "#oplossing De badkamer wordt op 12 november gerepareerd.\n#akkoord ja\n");

        var summary = (await WaitForAsync(complainant, 2))[1];
        Assert.That(summary.Subject, Does.StartWith("[KL-2026-00001] Afhandeling van uw klacht"));
        Assert.That(summary.Text(), Does.Contain("De badkamer wordt op 12 november gerepareerd."));
        Assert.That(summary.From.Mailboxes.Single().Address, Is.EqualTo("klachten@example.org"));
        var confirmation = (await WaitForAsync(handler, 2))[1];
        Assert.That(confirmation.Subject, Does.StartWith("[KL-2026-00001] Verwerkt"));
        Assert.That(confirmation.Text(), Does.Contain("de status afgehandeld.").And.Not.Contain("termijn loopt"), "a closed case has no term left");
        var @case = await CaseAsync();
        Assert.That(@case.GetProperty("status").GetString(), Is.EqualTo("Resolved"));
        Assert.That(@case.GetProperty("solution").GetString(), Is.EqualTo("De badkamer wordt op 12 november gerepareerd."));
        Assert.That(@case.GetProperty("complainantAgrees").GetBoolean(), Is.True);
        foreach (var (user, mail) in new[] { (complainant, 0), (handler, 0), (complainant, 1), (handler, 1) })
        {
            ReceivedMail.Transcript(user, Mailbox(user)[mail]);
        }
    }

    [Test]
    public async Task After_closing_the_handler_records_category_cause_and_measure_and_the_complainant_hears_what_will_change()
    {
        var (_, assignment) = await OpenCaseAsync();
        await ReplyAsync(assignment, handler, "#oplossing De monteur komt morgen.\n#akkoord ja\n");
        var confirmation = (await WaitForAsync(handler, 2))[1];
        Assert.That(confirmation.Text(), Does.Contain("#categorie <categorie>").And.Contain("Bejegening, Kwaliteit van de dienstverlening"),
            "every handler mail lists the commands and the categories");

        await ReplyAsync(confirmation, handler, "#categorie kwaliteit\n#oorzaak De planning gaf de monteur\nhet verkeerde adres.\n#maatregel Monteurs bellen voortaan de dag ervoor.\n");

        var measure = (await WaitForAsync(complainant, 3))[2];
        Assert.That(measure.Subject, Does.StartWith("[KL-2026-00001] Wat er verandert naar aanleiding van uw klacht"));
        Assert.That(measure.Text(), Does.Contain("Monteurs bellen voortaan de dag ervoor.").And.Not.Contain("#maatregel").And.Not.Contain("planning"));
        Assert.That((await WaitForAsync(handler, 3))[2].Text(), Does.Contain("De klacht valt in de categorie Kwaliteit van de dienstverlening.")
            .And.Contain("De oorzaak is vastgelegd.").And.Contain("De maatregel is vastgelegd"));
        var @case = await CaseAsync();
        Assert.That((@case.GetProperty("status").GetString(), @case.GetProperty("category").GetString(), @case.GetProperty("cause").GetString(),
            @case.GetProperty("measure").GetString()), Is.EqualTo(("Resolved", "dienstverlening", "De planning gaf de monteur\nhet verkeerde adres.",
            "Monteurs bellen voortaan de dag ervoor.")));
    }

    [Test]
    public async Task An_extension_sends_the_complainant_the_notice_with_reason_and_date()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "#verlengen 1 maart 2027 wij wachten op het rapport van de aannemer\n");

        var notice = (await WaitForAsync(complainant, 2))[1];
        Assert.That(notice.Subject, Does.StartWith("[KL-2026-00001] De behandeling van uw klacht duurt langer"));
        Assert.That(notice.Text(), Does.Contain("1 maart 2027").And.Contain("wij wachten op het rapport van de aannemer"));
        Assert.That(notice.InReplyTo, Does.StartWith("acknowledgement.KL-2026-00001."), "on the complainant's thread");
    }

    [Test]
    public async Task An_outsider_with_a_copied_case_tag_and_commands_changes_nothing_and_hears_nothing()
    {
        var (acknowledgement, _) = await OpenCaseAsync();
        var outsider = $"buiten{Guid.NewGuid():N}"[..14];

        await DeliverAsync(Message(outsider, $"Re: {acknowledgement.Subject}", null, "#oplossing Niets aan de hand.\n#akkoord ja\n#afsluiten\n"));
        await RunAsync();
        // A message through the stack afterwards: when it has arrived, anything sent before it would have too.
        await ReplyAsync(acknowledgement, complainant, "Nog een vraag: wanneer komt de monteur?");
        await WaitForAsync(handler, 2);

        Assert.That(Mailbox(outsider), Is.Empty, "no information back");
        var @case = await CaseAsync();
        Assert.That(@case.GetProperty("status").GetString(), Is.EqualTo("InHandling"));
        Assert.That(@case.GetProperty("solution").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Mailbox(complainant), Has.Count.EqualTo(1), "the complainant got only the acknowledgement");
    }

    [Test]
    public async Task A_forged_handler_address_without_our_token_changes_nothing()
    {
        var (acknowledgement, _) = await OpenCaseAsync();

        await DeliverAsync(Message(handler, $"Re: {acknowledgement.Subject}", null, "#oplossing Vervalst.\n#akkoord ja\n"));
        await RunAsync();

        var @case = await CaseAsync();
        Assert.That(@case.GetProperty("solution").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var events = await EventsAsync();
        Assert.That(events, Does.Contain("SuspectedSpoof"));
        Assert.That(events, Does.Not.Contain("SolutionRecorded"));
    }

    [Test]
    public async Task A_handler_reply_with_an_edited_subject_is_still_matched_by_its_token()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "#intern Klager gebeld, monteur komt dinsdag.\n", subject: "Lekkage Jan (afspraak gemaakt)");

        var confirmation = (await WaitForAsync(handler, 2))[1];
        Assert.That(confirmation.Subject, Does.StartWith("[KL-2026-00001] Verwerkt"));
        Assert.That(await EventsAsync(), Does.Contain("InternalNote"));
        Assert.That(Mailbox(complainant), Has.Count.EqualTo(1), "an internal note never reaches the complainant");
    }

    [Test]
    public async Task A_complainants_reply_is_added_to_the_case_and_forwarded_to_the_handler()
    {
        var (acknowledgement, _) = await OpenCaseAsync();

        await ReplyAsync(acknowledgement, complainant, "Inmiddels lekt het ook in de keuken.");

        var forwarded = (await WaitForAsync(handler, 2))[1];
        Assert.That(forwarded.Subject, Does.StartWith("[KL-2026-00001] Nieuw bericht van de klager"));
        Assert.That(forwarded.Text(), Does.Contain("Inmiddels lekt het ook in de keuken."));
        Assert.That(await EventsAsync(), Does.Contain("FollowUp"));
        Assert.That(await worker.CasesAsync(), Has.Count.EqualTo(1), "no new case");
    }

    [Test]
    public async Task A_withdrawal_is_confirmed_and_closes_the_case()
    {
        var (acknowledgement, _) = await OpenCaseAsync();

        await ReplyAsync(acknowledgement, complainant, "Ik trek mijn klacht in, de monteur is gisteren toch geweest.");

        var confirmation = (await WaitForAsync(complainant, 2))[1];
        Assert.That(confirmation.Subject, Does.StartWith("[KL-2026-00001] Bevestiging: uw klacht is ingetrokken"));
        var notice = (await WaitForAsync(handler, 2))[1];
        Assert.That(notice.Subject, Does.StartWith("[KL-2026-00001] Klacht ingetrokken en gesloten"), "the handler hears that it is withdrawn, not only that the complainant wrote");
        Assert.That(notice.Text(), Does.Contain("ingetrokken. De klacht is gesloten").And.Contain("de monteur is gisteren toch geweest"));
        var @case = await CaseAsync();
        Assert.That(@case.GetProperty("status").GetString(), Is.EqualTo("Withdrawn"));
        Assert.That(@case.GetProperty("closedAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task An_unknown_command_is_refused_and_nothing_changes()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "#oplossing Gerepareerd.\n#vergeten iets\n");

        var refusal = (await WaitForAsync(handler, 2))[1];
        Assert.That(refusal.Subject, Does.StartWith("[KL-2026-00001] Niet uitgevoerd"));
        Assert.That(refusal.Text(), Does.Contain("#vergeten"));
        var @case = await CaseAsync();
        Assert.That(@case.GetProperty("solution").ValueKind, Is.EqualTo(JsonValueKind.Null), "the valid command in the same reply is not applied either");
    }

    [Test]
    public async Task A_term_beyond_the_maximum_is_refused_and_the_earlier_commands_of_the_reply_are_undone()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "#oplossing Gerepareerd.\n#termijn 2027-06-01\n");

        var refusal = (await WaitForAsync(handler, 2))[1];
        Assert.That(refusal.Subject, Does.StartWith("[KL-2026-00001] Niet uitgevoerd"));
        Assert.That(refusal.Text(), Does.Contain("maximale termijn"));
        Assert.That((await CaseAsync()).GetProperty("solution").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task The_text_under_the_commands_goes_to_the_complainant_from_the_complaints_address()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "#intern Afspraak ingepland.\n\nDe monteur komt dinsdag 10 november tussen 8 en 12 uur.\n");

        var message = (await WaitForAsync(complainant, 2))[1];
        Assert.That(message.From.Mailboxes.Single().Address, Is.EqualTo("klachten@example.org"));
        Assert.That(message.Text(), Does.Contain("De monteur komt dinsdag 10 november").And.Not.Contain("Afspraak ingepland"));
        Assert.That(message.InReplyTo, Does.StartWith("acknowledgement.KL-2026-00001."));
    }


    [Test]
    public async Task A_solution_over_two_lines_then_the_agreement_records_both_and_no_command_reaches_the_complainant()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "#oplossing De badkamer wordt op 12 november gerepareerd.\nDe kosten zijn voor ons.\n#akkoord ja\n");

        var summary = (await WaitForAsync(complainant, 2))[1];
        Assert.That(summary.Text(), Does.Contain("De badkamer wordt op 12 november gerepareerd.").And.Contain("De kosten zijn voor ons.").And.Not.Contain("#akkoord"));
        var @case = await CaseAsync();
        Assert.That(@case.GetProperty("solution").GetString(), Is.EqualTo("De badkamer wordt op 12 november gerepareerd.\nDe kosten zijn voor ons."));
        Assert.That(@case.GetProperty("complainantAgrees").GetBoolean(), Is.True);
        Assert.That(@case.GetProperty("status").GetString(), Is.EqualTo("Resolved"));
        Assert.That(Mailbox(complainant).Select(mail => mail.Text()), Has.None.Contains("#"), "nothing that starts with # reaches the complainant");
    }

    [Test]
    public async Task A_reply_without_commands_is_a_message_to_the_complainant_without_the_phones_signature()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "Beste heer De Vries,\n\nDe monteur komt dinsdag tussen 8 en 12 uur.\n\nVerstuurd vanaf mijn iPhone\n");

        var message = (await WaitForAsync(complainant, 2))[1];
        Assert.That(message.Text(), Does.Contain("De monteur komt dinsdag tussen 8 en 12 uur.").And.Not.Contain("iPhone"));
        var confirmation = (await WaitForAsync(handler, 2))[1];
        Assert.That(confirmation.Subject, Is.EqualTo("[KL-2026-00001] Verwerkt"));
        Assert.That(confirmation.Text(), Does.Contain("Uw bericht is aan de klager gestuurd."));
    }

    [Test]
    public async Task The_handlers_own_message_goes_out_as_written_with_one_greeting_before_the_resolution()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "#oplossing De afvoer is vervangen.\n#akkoord ja\n\nBeste heer De Vries,\n\nFijn dat we het vanmorgen konden oplossen.\n\nMet vriendelijke groet,\nPetra Jansen\n");

        var mails = await WaitForAsync(complainant, 3);
        var message = mails.Single(mail => mail.MessageId!.StartsWith("handlermessage.", StringComparison.Ordinal));
        Assert.That(message.Text(), Does.StartWith("Bericht van Petra Jansen over uw klacht KL-2026-00001")
            .And.Contain("Beste heer De Vries,\n\nFijn dat we het vanmorgen konden oplossen.\n\nMet vriendelijke groet,\nPetra Jansen\n\n--\n"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(message.Text()!, "Beste"), Has.Count.EqualTo(1), "one greeting: the handler's");
        Assert.That(mails.Select(mail => mail.MessageId![..mail.MessageId!.IndexOf('.', StringComparison.Ordinal)]), Is.EquivalentTo(new[] { "acknowledgement", "handlermessage", "resolution" }));
        var events = await EventsAsync();
        Assert.That(events.IndexOf("MessageToComplainantQueued", StringComparison.Ordinal), Is.LessThan(events.IndexOf("ResolutionQueued", StringComparison.Ordinal)).And.Not.EqualTo(-1),
            "queued, and so sent, before the resolution");
    }

    [Test]
    public async Task Outlooks_separator_and_the_quoted_mail_below_it_stay_with_the_handler()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "De monteur komt dinsdag.\n\nGet Outlook for Android\n________________________________\nVan: Klachtenregistratie <klachten@example.org>\n" +
            "Verzonden: dinsdag 3 november 2026 10:21\nOnderwerp: [KL-2026-00001] Nieuwe klacht\n\nKlager: Jan de Vries\n");

        var message = (await WaitForAsync(complainant, 2))[1];
        Assert.That(message.Text(), Does.Contain("De monteur komt dinsdag.").And.Not.Contain("Outlook").And.Not.Contain("Klager: Jan de Vries").And.Not.Contain("____"));
    }

    [Test]
    public async Task A_refusal_names_the_line_it_could_not_read_and_says_the_rest_was_not_applied()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "#oplossing Nieuwe afvoer.\n#termijn 3 maart\n\nBeste heer De Vries, wij bellen u.\n");

        var refusal = (await WaitForAsync(handler, 2))[1];
        Assert.That(refusal.Subject, Is.EqualTo("[KL-2026-00001] Niet uitgevoerd: #termijn 3 maart"));
        Assert.That(refusal.Text(), Does.Contain("    #termijn 3 maart\n\nIn \"3 maart\" ontbreekt het jaartal")
            .And.Contain("Deze opdrachten zijn niet toegepast:\n    #oplossing Nieuwe afvoer.")
            .And.Contain("Uw bericht aan de klager is niet verstuurd."));
        Assert.That(refusal.Text(), Does.Not.Contain("Re: "), "the subject is not taken for a command");
        Assert.That((await CaseAsync()).GetProperty("solution").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Mailbox(complainant), Has.Count.EqualTo(1), "the message is held back with the commands");
    }

    [Test]
    public async Task Help_answers_with_the_commands_and_an_example_date_ahead_of_today()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "#hulp\n");

        var help = (await WaitForAsync(handler, 2))[1];
        Assert.That(help.Subject, Is.EqualTo("[KL-2026-00001] Zo behandelt u deze klacht per mail"));
        var example = System.Text.RegularExpressions.Regex.Match(help.Text()!, @"#termijn (\d{4}-\d{2}-\d{2})");
        Assert.That(example.Success, Is.True, help.Text());
        Assert.That(DateOnly.ParseExact(example.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture), Is.GreaterThan(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(28)));
        Assert.That(help.Text(), Does.Contain("#verlengen").And.Contain("#hulp"));
        Assert.That(Mailbox(complainant), Has.Count.EqualTo(1), "nothing to the complainant");
    }

    [Test]
    public async Task A_refused_term_on_a_saturday_names_the_date_written_then_the_working_day_it_would_be()
    {
        var (_, assignment) = await OpenCaseAsync();

        await ReplyAsync(assignment, handler, "#termijn 2027-03-20\n");

        var refusal = (await WaitForAsync(handler, 2))[1];
        Assert.That(refusal.Text(), Does.Contain("20 maart 2027 ligt na de maximale termijn")
            .And.Contain("20 maart 2027 is geen werkdag: een termijn eindigt op de eerstvolgende werkdag, 22 maart 2027."));
        Assert.That(refusal.Text()!.IndexOf("20 maart 2027", StringComparison.Ordinal), Is.LessThan(refusal.Text()!.IndexOf("22 maart 2027", StringComparison.Ordinal)));
    }

    [Test]
    public async Task A_handlers_reply_that_lost_its_thread_is_answered_with_why_and_what_to_do_and_changes_nothing()
    {
        var (_, assignment) = await OpenCaseAsync();

        // Copied into a new mail: the tag survives, the reference to our mail does not, and no server vouches for the sender.
        await DeliverAsync(Message(handler, assignment.Subject!, null, "#oplossing De afvoer is vervangen.\n"));
        await RunAsync();

        var notice = (await WaitForAsync(handler, 2))[1];
        Assert.That(notice.Subject, Is.EqualTo($"Niet verwerkt: {assignment.Subject}"));
        Assert.That(notice.Text(), Does.Contain("er is niets veranderd").And.Contain("beantwoordt geen mail die wij").And.Contain("\"Beantwoorden\""));
        Assert.That(notice.Text(), Does.Not.Contain("Jan de Vries").And.Not.Contain("lekkage"), "nothing of the case");
        Assert.That((await CaseAsync()).GetProperty("solution").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Mailbox(complainant), Has.Count.EqualTo(1), "nothing to the complainant");
    }

    [Test]
    public async Task Commands_from_a_handler_in_a_new_mail_without_a_case_number_are_no_complaint_and_the_handler_hears_why()
    {
        await OpenCaseAsync();

        await DeliverAsync(Message(handler, "Oplossing", null, "#oplossing De afvoer is vervangen.\n#akkoord ja\n"));
        await RunAsync();

        var notice = (await WaitForAsync(handler, 2))[1];
        Assert.That(notice.Subject, Is.EqualTo("Niet verwerkt: Oplossing"));
        Assert.That(notice.Text(), Does.Contain("Het onderwerp noemt geen klachtnummer"));
        Assert.That((await worker.CasesAsync()).Select(c => c.GetProperty("number").GetString()), Is.EqualTo(new[] { "KL-2026-00001" }), "no case of its own");
    }

    [Test]
    public async Task The_head_of_the_department_hears_of_every_new_case_and_cannot_change_it()
    {
        var head = $"hoofd{Guid.NewGuid():N}"[..12];
        worker.Settings["Handlers:2:Name"] = "Hoofd ICT";
        worker.Settings["Handlers:2:Email"] = $"{head}@localhost";
        worker.Settings["Handlers:2:Role"] = "DepartmentHead";

        await OpenCaseAsync();

        var notice = (await WaitForAsync(head, 1))[0];
        Assert.That(notice.Subject, Does.StartWith("[KL-2026-00001] Ter informatie: nieuwe klacht"));
        Assert.That(notice.Text(), Does.Contain("Beste Hoofd ICT,").And.Contain("toegewezen aan\nPetra Jansen").And.Contain("De klacht"));

        await ReplyAsync(notice, head, "#afsluiten\n");
        Assert.That((await CaseAsync()).GetProperty("status").GetString(), Is.EqualTo("InHandling"), "informed only");
    }

    [Test]
    public async Task The_director_gets_the_file_so_far_and_the_handler_gets_follow_ups_without_the_quoted_mail()
    {
        var (acknowledgement, assignment) = await OpenCaseAsync();
        await ReplyAsync(acknowledgement, complainant, "Nu lekt het ook in de keuken.\n\nOp 3 nov. 2026 om 10:21 schreef Klachtenloket <klachten@example.org>:\n> Wij hebben uw klacht ontvangen.\n");
        var followUp = (await WaitForAsync(handler, 2))[1];
        await ReplyAsync(assignment, handler, "#intern Aannemer gebeld; hij komt pas in april.\n#escaleren\n");

        var escalation = (await WaitForAsync(director, 1))[0];

        Assert.That(followUp.Text(), Does.Contain("Nu lekt het ook in de keuken.").And.Not.Contain("Wij hebben uw klacht ontvangen"), "the quoted mail stays out");
        Assert.That(escalation.Text(), Does.Contain("Het dossier tot nu toe")
            .And.Contain("de klager schreef:\nNu lekt het ook in de keuken.")
            .And.Contain("interne notitie van Petra Jansen:\nAannemer gebeld; hij komt pas in april.")
            .And.Contain($"mail aan de klager:\n{acknowledgement.Subject}")
            .And.Not.Contain("Wij hebben uw klacht ontvangen"));
    }

    [Test]
    public async Task The_handler_gets_one_morning_overview_on_the_next_working_day_with_what_waits_for_them()
    {
        var (acknowledgement, _) = await OpenCaseAsync();
        await ReplyAsync(acknowledgement, complainant, "Nu lekt het ook in de keuken.\n");
        await WaitForAsync(handler, 2);
        worker.Settings["Procedure:MorningOverviewTime"] = "07:30:00";

        // Wednesday 4 November, 07:00 and 07:31 in Amsterdam (each run moves the clock a minute on), and once more a minute later.
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 4, 5, 59, 0, TimeSpan.Zero));
        await RunAsync();
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 4, 6, 30, 0, TimeSpan.Zero));
        await RunAsync();
        await RunAsync();

        var overview = (await WaitForAsync(handler, 3)).Single(mail => mail.Subject!.StartsWith("Uw klachten", StringComparison.Ordinal));
        Assert.That(overview.Subject, Is.EqualTo("Uw klachten op 4 november 2026: 1 open, 1 wacht op u"));
        Assert.That(overview.Text(), Does.Contain("[KL-2026-00001] Lekkage in de badkamer niet verholpen\n    termijn tot 15 december 2026")
            .And.Contain("de klager heeft geschreven en wacht op uw antwoord").And.Contain("#hulp"));
        Assert.That(Mailbox(handler), Has.Count.EqualTo(3), "one overview, not one per run");
    }

    // The complaint in, the acknowledgement and the assignment out, as they arrived.
    private async Task<(MimeMessage Acknowledgement, MimeMessage Assignment)> OpenCaseAsync()
    {
        await DeliverAsync(Complaints.Dutch(messageId: $"complaint-{Guid.NewGuid():N}@example.nl", from: $"{complainant}@localhost"));
        await RunAsync();
        var acknowledgement = (await WaitForAsync(complainant, 1))[0];
        var assignment = (await WaitForAsync(handler, 1))[0];
        Assert.That(assignment.Subject, Does.StartWith("[KL-2026-00001]"));
        return (acknowledgement, assignment);
    }

    private async Task ReplyAsync(MimeMessage to, string from, string text, string? subject = null)
    {
        await DeliverAsync(Message(from, subject ?? $"Re: {to.Subject}", to, text));
        await RunAsync();
    }

    private static byte[] Message(string from, string subject, MimeMessage? inReplyTo, string text)
    {
        var threading = inReplyTo is null ? "" : $"In-Reply-To: <{inReplyTo.MessageId}>\r\nReferences: {string.Join(" ", inReplyTo.References.Append(inReplyTo.MessageId!).Select(id => $"<{id}>"))}\r\n";
        return Encoding.UTF8.GetBytes($"From: <{from}@localhost>\r\nTo: <klachten@example.org>\r\nSubject: {subject}\r\nDate: Tue, 3 Nov 2026 11:00:00 +0100\r\n" +
            $"Message-ID: <reply-{Guid.NewGuid():N}@localhost>\r\n{threading}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
            text.ReplaceLineEndings("\r\n") + "\r\n");
    }

    private Task DeliverAsync(byte[] message)
    {
        Complaints.Deliver(worker.Inbox, message, Start.UtcDateTime, $"1762161600.M{++delivered}P1.threads");
        return Task.CompletedTask;
    }

    // Each run a minute later, so the mails of each step carry their own Date and sort in the order they were sent.
    private async Task RunAsync()
    {
        clock.Advance(TimeSpan.FromMinutes(1));
        var run = await worker.RunAsync("run", "--once");
        Assert.That(run.ExitCode, Is.Zero, run.Error);
    }

    private async Task<JsonElement> CaseAsync() => (await worker.CasesAsync()).Single();

    private async Task<string> EventsAsync() => (await worker.RunAsync("case", "show", "KL-2026-00001", "--json")).Output;

    private async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string user, int count)
    {
        await Stack.WaitForInboxCountAsync(user, count, TimeSpan.FromSeconds(30), CancellationToken.None);
        return Mailbox(user);
    }

    private List<MimeMessage> Mailbox(string user) => ReceivedMail.In(Stack, user);
}
