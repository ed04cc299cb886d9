using FsCheck;
using FsCheck.Fluent;
using MailComplaints.Threads;

namespace MailComplaints.Tests.Threads;

public sealed class HandlerCommandsTests
{
    [Test]
    public void A_Dutch_reply_with_commands_and_a_message_for_the_complainant()
    {
        const string Reply = """

            #oplossing De container wordt vrijdag vervangen en u krijgt de kosten terug.
            #akkoord ja
            #intern Telefonisch besproken met mevrouw De Vries op 20 november.

            Beste mevrouw De Vries,

            Zoals besproken vervangen wij vrijdag uw container.

            Met vriendelijke groet,
            Piet Jansen
            Afdeling Afval
            """;

        var reply = HandlerCommands.Parse(Reply);

        Assert.That(reply.Commands, Is.EqualTo(new HandlerCommand[]
        {
            new RecordSolution("#oplossing De container wordt vrijdag vervangen en u krijgt de kosten terug.", "De container wordt vrijdag vervangen en u krijgt de kosten terug."),
            new RecordAgreement("#akkoord ja", true),
            new InternalNote("#intern Telefonisch besproken met mevrouw De Vries op 20 november.", "Telefonisch besproken met mevrouw De Vries op 20 november."),
        }));
        Assert.That(reply.Errors, Is.Empty);
        Assert.That(reply.MessageToComplainant, Is.EqualTo("Beste mevrouw De Vries,\n\nZoals besproken vervangen wij vrijdag uw container.\n\nMet vriendelijke groet,\nPiet Jansen\nAfdeling Afval"),
            "as the handler wrote it, closing and name included");
    }

    [Test]
    public void An_English_reply_with_every_command()
    {
        const string Reply = """
            #solution The bin will be replaced on Friday.
            #agreement no
            #term 2027-02-03
            #extend 3 March 2027 the contractor is on leave
            #escalate
            #refer
            #assign piet@gemeente.example
            #internal Spoke to the contractor.
            #close
            """;

        var reply = HandlerCommands.Parse(Reply);

        Assert.That(reply.Commands, Is.EqualTo(new HandlerCommand[]
        {
            new RecordSolution("#solution The bin will be replaced on Friday.", "The bin will be replaced on Friday."),
            new RecordAgreement("#agreement no", false),
            new SetTerm("#term 2027-02-03", new DateOnly(2027, 2, 3), null),
            new Extend("#extend 3 March 2027 the contractor is on leave", new DateOnly(2027, 3, 3), "the contractor is on leave"),
            new Escalate("#escalate"),
            new Refer("#refer"),
            new Assign("#assign piet@gemeente.example", "piet@gemeente.example"),
            new InternalNote("#internal Spoke to the contractor.", "Spoke to the contractor."),
            new Close("#close"),
        }));
        Assert.That(reply.Errors, Is.Empty);
        Assert.That(reply.MessageToComplainant, Is.Null);
    }

    [TestCase("#escaleren", typeof(Escalate))]
    [TestCase("#doorverwijzen", typeof(Refer))]
    [TestCase("#afsluiten", typeof(Close))]
    [TestCase("#AFSLUITEN", typeof(Close))]
    [TestCase("#Close", typeof(Close))]
    [TestCase("  #escalate  ", typeof(Escalate))]
    [TestCase("#toewijzen Piet Jansen", typeof(Assign))]
    [TestCase("#oplossing: nieuwe container", typeof(RecordSolution))]
    [TestCase("#Verlengen 2027-03-03 drukte", typeof(Extend))]
    [TestCase("#TERMIJN 6 weken", typeof(SetTerm))]
    public void Keywords_are_read_in_any_case_in_Dutch_and_English(string line, Type expected)
    {
        var reply = HandlerCommands.Parse(line);

        Assert.That(reply.Errors, Is.Empty);
        Assert.That(reply.Commands.Single(), Is.TypeOf(expected));
        Assert.That(reply.Commands.Single().Line, Is.EqualTo(line.Trim()));
    }

    [Test]
    public void Category_cause_and_measure_are_read_in_both_languages_and_cause_and_measure_run_on_to_a_blank_line()
    {
        var reply = HandlerCommands.Parse("""
            #categorie communicatie
            #oorzaak De planning gaf de monteur
            het verkeerde adres.
            #maatregel Monteurs bellen voortaan de dag ervoor.

            #Category Quality of service
            #cause Wrong address.
            #MEASURE Call the day before.
            """);

        Assert.That(reply.Errors, Is.Empty);
        Assert.That(reply.Commands, Is.EqualTo(new HandlerCommand[]
        {
            new SetCategory("#categorie communicatie", "communicatie"),
            new RecordCause("#oorzaak De planning gaf de monteur", "De planning gaf de monteur\nhet verkeerde adres."),
            new RecordMeasure("#maatregel Monteurs bellen voortaan de dag ervoor.", "Monteurs bellen voortaan de dag ervoor."),
            new SetCategory("#Category Quality of service", "Quality of service"),
            new RecordCause("#cause Wrong address.", "Wrong address."),
            new RecordMeasure("#MEASURE Call the day before.", "Call the day before."),
        }));
        Assert.That(reply.MessageToComplainant, Is.Null);
    }

    [TestCase("#categorie")]
    [TestCase("#oorzaak")]
    [TestCase("#measure")]
    public void Category_cause_and_measure_need_text(string line)
    {
        Assert.That(HandlerCommands.Parse(line).Errors.Single().Problem, Is.EqualTo(CommandProblem.NeedsText));
    }

    [TestCase("#akkoord ja", true)]
    [TestCase("#akkoord Ja", true)]
    [TestCase("#akkoord j", true)]
    [TestCase("#akkoord nee", false)]
    [TestCase("#akkoord NEE", false)]
    [TestCase("#akkoord n", false)]
    [TestCase("#agreement yes", true)]
    [TestCase("#agreement Y", true)]
    [TestCase("#agreement no.", false)]
    [TestCase("#akkoord yes", true)]
    [TestCase("#agreement nee", false)]
    public void Agreement_is_ja_nee_yes_no_or_their_first_letter(string line, bool agrees)
    {
        Assert.That(HandlerCommands.Parse(line).Commands, Is.EqualTo(new[] { new RecordAgreement(line, agrees) }));
    }

    [TestCase("#termijn 8", 8)]
    [TestCase("#termijn 8 weken", 8)]
    [TestCase("#termijn 1 week", 1)]
    [TestCase("#term 12 weeks", 12)]
    [TestCase("#term 52", 52)]
    [TestCase("#termijn 6weken", 6)]
    public void A_term_in_weeks_is_a_whole_number_with_or_without_the_word_weeks(string line, int weeks)
    {
        Assert.That(HandlerCommands.Parse(line).Commands, Is.EqualTo(new[] { new SetTerm(line, null, weeks) }));
    }

    [TestCase("#termijn 3 maart 2027")]
    [TestCase("#termijn 03-03-2027")]
    [TestCase("#term March 3, 2027")]
    public void A_term_until_a_date_is_read_in_any_of_the_date_forms(string line)
    {
        Assert.That(HandlerCommands.Parse(line).Commands, Is.EqualTo(new[] { new SetTerm(line, new DateOnly(2027, 3, 3), null) }));
    }

    [Test]
    public void An_extension_takes_the_date_and_the_rest_of_the_line_as_the_reason()
    {
        const string Line = "#verlengen 3 maart 2027 wegens ziekte";

        Assert.That(HandlerCommands.Parse(Line).Commands, Is.EqualTo(new[] { new Extend(Line, new DateOnly(2027, 3, 3), "wegens ziekte") }));
        Assert.That(((Extend)HandlerCommands.Parse("#verlengen 3-3-2027: de aannemer is met vakantie").Commands[0]).Reason, Is.EqualTo("de aannemer is met vakantie"));
    }

    [TestCase("#foo", "#foo", CommandProblem.UnknownCommand, "")]
    [TestCase("#oplossingen tekst", "#oplossingen", CommandProblem.UnknownCommand, "")]
    [TestCase("#", "#", CommandProblem.UnknownCommand, "")]
    [TestCase("#oplossing", "#oplossing", CommandProblem.NeedsText, "")]
    [TestCase("#solution   ", "#solution", CommandProblem.NeedsText, "")]
    [TestCase("#akkoord", "#akkoord", CommandProblem.NeedsYesNo, "")]
    [TestCase("#akkoord misschien", "#akkoord", CommandProblem.NeedsYesNo, "misschien")]
    [TestCase("#agreement", "#agreement", CommandProblem.NeedsYesNo, "")]
    [TestCase("#akkoord ja, na overleg", "#akkoord", CommandProblem.NeedsYesNo, "ja, na overleg")]
    [TestCase("#termijn", "#termijn", CommandProblem.NeedsTerm, "")]
    [TestCase("#termijn 31-02-2027", "#termijn", CommandProblem.NotADate, "31-02-2027")]
    [TestCase("#termijn 31 februari 2027", "#termijn", CommandProblem.NotADate, "31 februari 2027")]
    [TestCase("#termijn 3 maart", "#termijn", CommandProblem.NoYear, "3 maart")]
    [TestCase("#termijn 0 weken", "#termijn", CommandProblem.WeeksOutOfRange, "0 weken")]
    [TestCase("#term 60", "#term", CommandProblem.WeeksOutOfRange, "60")]
    [TestCase("#termijn binnenkort", "#termijn", CommandProblem.NotATerm, "binnenkort")]
    [TestCase("#termijn 8,5 weken", "#termijn", CommandProblem.NotATerm, "8,5 weken")]
    [TestCase("#termijn 3 maart 2027 wegens drukte", "#termijn", CommandProblem.ExtraAfterDate, "wegens drukte")]
    [TestCase("#verlengen", "#verlengen", CommandProblem.NeedsDateAndReason, "")]
    [TestCase("#verlengen 3 maart 2027", "#verlengen", CommandProblem.NeedsReason, "")]
    [TestCase("#verlengen wegens ziekte", "#verlengen", CommandProblem.NeedsDateAndReason, "wegens ziekte")]
    [TestCase("#verlengen 31-02-2027 wegens ziekte", "#verlengen", CommandProblem.NotADate, "31-02-2027")]
    [TestCase("#extend 3 March because of leave", "#extend", CommandProblem.NoYear, "3 March")]
    [TestCase("#toewijzen", "#toewijzen", CommandProblem.NeedsText, "")]
    [TestCase("#assign", "#assign", CommandProblem.NeedsText, "")]
    [TestCase("#intern", "#intern", CommandProblem.NeedsText, "")]
    [TestCase("#afsluiten nu meteen", "#afsluiten", CommandProblem.TakesNothing, "nu meteen")]
    [TestCase("#escalate to the director", "#escalate", CommandProblem.TakesNothing, "to the director")]
    public void A_command_that_cannot_be_read_says_what_is_wrong(string line, string keyword, CommandProblem problem, string found)
    {
        var reply = HandlerCommands.Parse(line);

        Assert.That(reply.Commands, Is.Empty);
        Assert.That(reply.Errors, Is.EqualTo(new[] { new CommandError(line.Trim(), keyword, problem, found) }));
    }

    [Test]
    public void A_bad_line_does_not_stop_the_good_ones()
    {
        var reply = HandlerCommands.Parse("#oplossing Nieuwe container\n#akkoord wellicht\n#afsluiten\n\nU krijgt vrijdag een nieuwe container.");

        Assert.That(reply.Commands.Select(command => command.GetType()), Is.EqualTo(new[] { typeof(RecordSolution), typeof(Close) }));
        Assert.That(reply.Errors.Single().Line, Is.EqualTo("#akkoord wellicht"));
        Assert.That(reply.MessageToComplainant, Is.EqualTo("U krijgt vrijdag een nieuwe container."));
    }

    [Test]
    public void A_line_with_a_hash_is_a_command_wherever_it_stands_and_never_part_of_the_message()
    {
        var reply = HandlerCommands.Parse("#escaleren\nDe directeur kijkt ernaar.\n#afsluiten\n");

        Assert.That(reply.Commands, Is.EqualTo(new HandlerCommand[] { new Escalate("#escaleren"), new Close("#afsluiten") }));
        Assert.That(reply.MessageToComplainant, Is.EqualTo("De directeur kijkt ernaar."));
    }

    [Test]
    public void The_text_of_a_solution_runs_on_until_a_blank_line_or_the_next_command()
    {
        var reply = HandlerCommands.Parse("#oplossing De badkamer wordt op 12 november gerepareerd.\nDe kosten zijn voor ons.\n#akkoord ja\n\nBeste heer De Vries,\n\nTot dinsdag.");

        Assert.That(reply.Commands, Is.EqualTo(new HandlerCommand[]
        {
            new RecordSolution("#oplossing De badkamer wordt op 12 november gerepareerd.", "De badkamer wordt op 12 november gerepareerd.\nDe kosten zijn voor ons."),
            new RecordAgreement("#akkoord ja", true),
        }));
        Assert.That(reply.MessageToComplainant, Is.EqualTo("Beste heer De Vries,\n\nTot dinsdag."));
    }

    [Test]
    public void A_solution_written_on_the_lines_below_its_keyword_is_its_text()
    {
        var reply = HandlerCommands.Parse("#oplossing\nWij vervangen de container.\n\nMet vriendelijke groet,\nPiet");

        Assert.That(reply.Commands, Is.EqualTo(new[] { new RecordSolution("#oplossing", "Wij vervangen de container.") }));
        Assert.That(reply.MessageToComplainant, Is.Null);
    }

    [TestCase("Verstuurd vanaf mijn iPhone")]
    [TestCase("Sent from my iPhone")]
    [TestCase("Verzonden vanuit Outlook voor iOS")]
    [TestCase("Get Outlook for Android")]
    [TestCase("Outlook voor Android downloaden")]
    [TestCase("Sent from Mail for Windows")]
    [TestCase("________________________________\nVan: Klachtenregistratie <klachten@gemeente.example>\nOnderwerp: [KL-2026-00042]")]
    public void A_phone_signature_or_Outlooks_separator_ends_the_handlers_own_text(string tail)
    {
        var reply = HandlerCommands.Parse($"De monteur komt dinsdag.\n\n{tail}\n#afsluiten");

        Assert.That(reply.MessageToComplainant, Is.EqualTo("De monteur komt dinsdag."));
        Assert.That(reply.Commands, Is.Empty);
    }

    [TestCase("#hulp")]
    [TestCase("#HELP")]
    public void Help_is_a_command(string line)
    {
        Assert.That(HandlerCommands.Parse(line).Commands, Is.EqualTo(new[] { new Help(line) }));
    }

    [Test]
    public void Blank_lines_between_commands_are_skipped()
    {
        var reply = HandlerCommands.Parse("\n\n  \n#escaleren\n\n#intern directeur gebeld\n\nBeste heer Bakker,\n\nWij komen erop terug.");

        Assert.That(reply.Commands, Has.Count.EqualTo(2));
        Assert.That(reply.MessageToComplainant, Is.EqualTo("Beste heer Bakker,\n\nWij komen erop terug."));
    }

    [Test]
    public void A_reply_without_commands_is_all_message()
    {
        var reply = HandlerCommands.Parse("Beste mevrouw,\n\nIk bel u morgen.");

        Assert.That(reply.Commands, Is.Empty);
        Assert.That(reply.Errors, Is.Empty);
        Assert.That(reply.MessageToComplainant, Is.EqualTo("Beste mevrouw,\n\nIk bel u morgen."));
    }

    [Test]
    public void Commands_in_quoted_earlier_mail_or_below_the_signature_do_not_count()
    {
        const string Reply = """
            #akkoord ja

            Met vriendelijke groet,
            Piet
            #afsluiten

            Op 20 nov. 2026 om 10:00 schreef Klachtenregistratie <klachten@gemeente.example>:
            > #oplossing dit is de oude tekst
            > #escaleren
            """;

        var reply = HandlerCommands.Parse(Reply);

        Assert.That(reply.Commands, Is.EqualTo(new[] { new RecordAgreement("#akkoord ja", true) }));
        Assert.That(reply.MessageToComplainant, Is.Null);
    }

    [Test]
    public void A_top_posted_reply_above_an_Outlook_header_block_keeps_only_the_own_text()
    {
        const string Reply = "#afsluiten\r\n\r\nVan: Klachtenregistratie <klachten@gemeente.example>\r\nVerzonden: vrijdag 20 november 2026 10:00\r\nAan: Piet\r\nOnderwerp: [KL-2026-00042]\r\n\r\n#termijn 8\r\n";

        var reply = HandlerCommands.Parse(Reply);

        Assert.That(reply.Commands, Is.EqualTo(new[] { new Close("#afsluiten") }));
        Assert.That(reply.MessageToComplainant, Is.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  \n\n ")]
    public void An_empty_reply_has_nothing(string? text)
    {
        Assert.That(HandlerCommands.Parse(text), Is.EqualTo(new HandlerReply([], [], null)).Using<HandlerReply>((a, b) =>
            a.Commands.Count == b.Commands.Count && a.Errors.Count == b.Errors.Count && a.MessageToComplainant == b.MessageToComplainant));
    }

    [TestCase("\n\n#afsluiten\n", true)]
    [TestCase("  #foo", true)]
    [TestCase("Beste Piet,\n#afsluiten", false)]
    [TestCase("> #afsluiten\nDank je.", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    public void A_command_block_is_a_reply_whose_first_own_line_starts_with_a_hash(string? text, bool expected)
    {
        Assert.That(HandlerCommands.IsCommandBlock(text), Is.EqualTo(expected));
    }

    [Test]
    public void The_keywords_of_each_language_are_listed()
    {
        Assert.That(HandlerCommands.KeywordsOf("nl"), Is.EqualTo(new[]
        {
            "#oplossing", "#akkoord", "#termijn", "#verlengen", "#escaleren", "#doorverwijzen", "#toewijzen", "#intern", "#afsluiten", "#categorie", "#oorzaak", "#maatregel", "#hulp",
        }));
        Assert.That(HandlerCommands.KeywordsOf("en"), Is.EqualTo(new[]
        {
            "#solution", "#agreement", "#term", "#extend", "#escalate", "#refer", "#assign", "#internal", "#close", "#category", "#cause", "#measure", "#help",
        }));
    }

    [TestCase("nl", "txt")]
    [TestCase("nl", "html")]
    [TestCase("en", "txt")]
    [TestCase("en", "html")]
    public void The_command_list_every_handler_mail_carries_names_every_keyword_in_both_languages(string language, string format)
    {
        var partial = File.ReadAllText(Path.Combine(Testing.Corpus.RepositoryRoot.FullName, "templates", language, "partials", $"handler-commands.{format}.scriban"));

        Assert.That(HandlerCommands.KeywordsOf("nl").Concat(HandlerCommands.KeywordsOf("en")).Where(keyword => !System.Text.RegularExpressions.Regex.IsMatch(partial, $@"{keyword}\b")),
            Is.Empty);
    }

    [Test]
    public void Parse_never_throws_and_every_command_line_is_either_a_command_or_an_error()
    {
        var lines = Gen.Elements("#oplossing x", "#akkoord", "#akkoord ja", "#termijn 3 maart 2027", "#termijn 99", "#verlengen 3-3-2027", "#foo", "#", "##",
            "", "  ", "tekst", "> #afsluiten", "#verlengen 31 februari 2027 x", "#term Mar 3", "Met vriendelijke groet,", "\r", "#extend 2027-1-1 y");
        Prop.ForAll(lines.ListOf().Select(parts => string.Join('\n', parts)).ToArbitrary(), text =>
        {
            var reply = HandlerCommands.Parse(text);
            Assert.That(reply.Commands.Count + reply.Errors.Count, Is.LessThanOrEqualTo(text.Split('\n').Length));
        }).QuickCheckThrowOnFailure();
        Prop.ForAll<string>(text =>
        {
            _ = HandlerCommands.IsCommandBlock(text);
            return HandlerCommands.Parse(text) is not null;
        }).QuickCheckThrowOnFailure();
    }
}
