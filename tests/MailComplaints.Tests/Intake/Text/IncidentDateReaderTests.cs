using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using MailComplaints.Intake.Text;

namespace MailComplaints.Tests.Intake.Text;

public sealed class IncidentDateReaderTests
{
    // A Wednesday.
    private static readonly DateOnly Received = new(2026, 11, 18);

    private static DateOnly? DateIn(string text) => IncidentDateReader.Read(text, Received).Date;

    private static void ReadsAs(string text, string expected) => Assert.That(DateIn(text), Is.EqualTo(DateOnly.Parse(expected, CultureInfo.InvariantCulture)));

    [TestCase("Op 3 november 2026 kwam de monteur niet.", "2026-11-03")]
    [TestCase("De storing begon niet, maar was er 3 november ineens.", "2026-11-03")]
    [TestCase("Het pakket zou op 03-11-2026 worden bezorgd.", "2026-11-03")]
    [TestCase("Het pakket zou op 3-11-2026 worden bezorgd.", "2026-11-03")]
    [TestCase("Het pakket zou op 3-11-26 worden bezorgd.", "2026-11-03")]
    [TestCase("Het pakket zou op 3.11.2026 worden bezorgd.", "2026-11-03")]
    [TestCase("Op 3/11 was de winkel dicht.", "2026-11-03")]
    [TestCase("De bezorger kwam op 3-11 niet.", "2026-11-03")]
    [TestCase("Op 24/7/2026 was de winkel dicht.", "2026-07-24")]
    [TestCase("Op 3/11/2026 was de winkel dicht.", "2026-11-03")]
    [TestCase("Het incident van 2026-11-03 is nog niet opgelost.", "2026-11-03")]
    [TestCase("Maandag 2 november stond ik voor een dichte deur.", "2026-11-02")]
    [TestCase("Op ma 2 nov. stond ik voor een dichte deur.", "2026-11-02")]
    [TestCase("Op 3 nov. 2026 was het weer mis.", "2026-11-03")]
    [TestCase("Op 12 okt. was het weer mis.", "2026-10-12")]
    [TestCase("Op de 3e november was het weer mis.", "2026-11-03")]
    public void A_written_Dutch_date_is_read_day_before_month(string text, string expected)
    {
        ReadsAs(text, expected);
    }

    [TestCase("The engineer did not show up on November 3.", "2026-11-03")]
    [TestCase("The engineer did not show up on November 3, 2026.", "2026-11-03")]
    [TestCase("The engineer did not show up on Tuesday, Nov 3rd.", "2026-11-03")]
    [TestCase("The engineer did not show up on the 3rd of November.", "2026-11-03")]
    [TestCase("The engineer did not show up on 3 Nov 2026.", "2026-11-03")]
    [TestCase("The engineer did not show up on 3/11.", "2026-11-03")]
    [TestCase("The engineer did not show up on 03-11-2026.", "2026-11-03")]
    public void A_written_English_date_is_read_day_before_month_except_in_the_month_day_word_order(string text, string expected)
    {
        ReadsAs(text, expected);
    }

    [TestCase("Vandaag kreeg ik weer geen antwoord.", "2026-11-18")]
    [TestCase("Gisteren kreeg ik weer geen antwoord.", "2026-11-17")]
    [TestCase("Gisteravond viel de stroom uit.", "2026-11-17")]
    [TestCase("Eergisteren kreeg ik weer geen antwoord.", "2026-11-16")]
    [TestCase("Afgelopen vrijdag kreeg ik weer geen antwoord.", "2026-11-13")]
    [TestCase("Vrijdag jl. kreeg ik weer geen antwoord.", "2026-11-13")]
    [TestCase("Afgelopen woensdag kreeg ik weer geen antwoord.", "2026-11-11")]
    [TestCase("Vorige week dinsdag kreeg ik weer geen antwoord.", "2026-11-10")]
    [TestCase("Dinsdag vorige week kreeg ik weer geen antwoord.", "2026-11-10")]
    [TestCase("Vorige week kreeg ik weer geen antwoord.", "2026-11-15")]
    [TestCase("Vorige maand kreeg ik weer geen antwoord.", "2026-10-31")]
    [TestCase("Afgelopen week kreeg ik weer geen antwoord.", "2026-11-15")]
    [TestCase("Vanochtend kreeg ik weer geen antwoord.", "2026-11-18")]
    [TestCase("Vorig jaar kreeg ik ook al geen antwoord.", "2025-12-31")]
    [TestCase("Een maand geleden kreeg ik weer geen antwoord.", "2026-10-18")]
    [TestCase("Drie dagen geleden kreeg ik weer geen antwoord.", "2026-11-15")]
    [TestCase("Twee weken geleden kreeg ik weer geen antwoord.", "2026-11-04")]
    public void A_relative_Dutch_date_counts_from_the_day_of_receipt(string text, string expected)
    {
        ReadsAs(text, expected);
    }

    [TestCase("Today the parcel still had not arrived.", "2026-11-18")]
    [TestCase("Yesterday the parcel still had not arrived.", "2026-11-17")]
    [TestCase("The day before yesterday the parcel still had not arrived.", "2026-11-16")]
    [TestCase("Last Tuesday the parcel still had not arrived.", "2026-11-17")]
    [TestCase("Last Friday the parcel still had not arrived.", "2026-11-13")]
    [TestCase("On Tuesday last week the parcel still had not arrived.", "2026-11-10")]
    [TestCase("Last week the parcel still had not arrived.", "2026-11-15")]
    [TestCase("Last month the parcel still had not arrived.", "2026-10-31")]
    [TestCase("A week ago the parcel still had not arrived.", "2026-11-11")]
    [TestCase("3 days ago the parcel still had not arrived.", "2026-11-15")]
    [TestCase("Last night the parcel still had not arrived.", "2026-11-17")]
    [TestCase("This past Monday the parcel still had not arrived.", "2026-11-16")]
    [TestCase("Two weeks ago the parcel still had not arrived.", "2026-11-04")]
    public void A_relative_English_date_counts_from_the_day_of_receipt(string text, string expected)
    {
        ReadsAs(text, expected);
    }

    [Test]
    public void Last_week_is_read_as_its_Sunday_whatever_the_weekday_of_receipt()
    {
        for (var received = new DateOnly(2026, 11, 16); received <= new DateOnly(2026, 11, 22); received = received.AddDays(1))
        {
            Assert.That(IncidentDateReader.Read("Vorige week ging het mis.", received).Date, Is.EqualTo(new DateOnly(2026, 11, 15)), received.ToString("dddd", CultureInfo.InvariantCulture));
        }
    }

    [Test]
    public void A_date_without_a_year_on_2_January_about_30_December_lies_in_the_year_before()
    {
        var reading = IncidentDateReader.Read("Op 30 december stond er niemand bij de balie.", new DateOnly(2027, 1, 2));

        Assert.That(reading.Date, Is.EqualTo(new DateOnly(2026, 12, 30)));
    }

    [TestCase("Op 4 november kwam de monteur niet opdagen.", false)]
    [TestCase("Op 3 november kwam de monteur niet opdagen.", true)]
    [TestCase("The engineer did not turn up on November 4.", false)]
    [TestCase("The engineer did not turn up on November 3.", true)]
    public void A_complaint_lodged_fourteen_days_after_the_event_is_in_time_and_fifteen_days_after_is_late(string text, bool late)
    {
        Assert.That(LodgingWindow.Default.IsLate(Received, DateIn(text)), Is.EqualTo(late));
    }

    [TestCase(13, false)]
    [TestCase(14, true)]
    public void A_complaint_in_January_about_30_December_is_late_from_the_fifteenth_day(int receivedOn, bool late)
    {
        var received = new DateOnly(2027, 1, receivedOn);

        var reading = IncidentDateReader.Read("Op 30 december was het kantoor gesloten, terwijl uw website zei dat het open was.", received);

        Assert.That(reading.Date, Is.EqualTo(new DateOnly(2026, 12, 30)));
        Assert.That(LodgingWindow.Default.IsLate(received, reading.Date), Is.EqualTo(late));
    }

    [Test]
    public void A_date_without_a_year_later_in_the_year_than_a_month_ahead_lies_in_the_year_before()
    {
        Assert.That(DateIn("Op 20 december ging het mis."), Is.EqualTo(new DateOnly(2025, 12, 20)));
    }

    [TestCase("Op 12 maart vorig jaar ging het mis.")]
    [TestCase("It went wrong on March 12 last year.")]
    public void A_date_said_to_be_last_year_lies_in_the_year_before_receipt(string text)
    {
        Assert.That(DateIn(text), Is.EqualTo(new DateOnly(2025, 3, 12)));
    }

    [Test]
    public void A_coming_day_without_a_year_is_read_as_a_future_date_and_set_aside()
    {
        var reading = IncidentDateReader.Read("De monteur komt pas op 25 november, terwijl de storing gisteren begon te spelen.", Received);

        Assert.That(reading.Date, Is.EqualTo(new DateOnly(2026, 11, 17)));
        Assert.That(reading.Mentions.Single(mention => mention.Phrase == "op 25 november").SetAside, Is.EqualTo("after the day of receipt"));
    }

    [Test]
    public void A_date_after_receipt_is_never_the_event()
    {
        var reading = IncidentDateReader.Read("Uw monteur komt pas op 2 december 2026. Dat is veel te laat.", Received);

        Assert.That(reading.Date, Is.Null);
        Assert.That(reading.Reason, Does.Contain("after the day of receipt"));
    }

    [TestCase("Op 31/02 was de winkel dicht.")]
    [TestCase("Op 31 februari 2026 was de winkel dicht.")]
    [TestCase("Op 30-02-2026 was de winkel dicht.")]
    [TestCase("Op 12/13 was de winkel dicht.")]
    public void A_day_that_does_not_exist_is_ignored(string text)
    {
        Assert.That(DateIn(text), Is.Null);
    }

    [Test]
    public void The_29th_of_February_without_a_year_is_the_most_recent_leap_day()
    {
        Assert.That(DateIn("Op 29 februari gebeurde het."), Is.EqualTo(new DateOnly(2024, 2, 29)));
    }

    [TestCase("U bent 24/7 bereikbaar, zegt u, maar niemand nam op.")]
    [TestCase("U beloofde een antwoord binnen 3-5 werkdagen, maar niemand nam op.")]
    [TestCase("Ik heb om 10.30 uur en om 14:15 gebeld, maar niemand nam op.")]
    [TestCase("Het kostte mij € 12,50 en 1.5 uur van mijn tijd.")]
    [TestCase("Ik ben klant sinds 2019 en heb nog nooit zo'n slechte service gehad.")]
    [TestCase("")]
    [TestCase(null)]
    public void Without_a_date_the_date_of_the_event_is_unknown(string? text)
    {
        var reading = IncidentDateReader.Read(text, Received);

        Assert.That(reading.Date, Is.Null);
        Assert.That(reading.Phrase, Is.Null);
        Assert.That(reading.Reason, Does.Contain("unknown"));
    }

    [TestCase("Ik ben geboren op 14 mei 1978 en op 9 november ging het mis.")]
    [TestCase("Geboortedatum: 14-05-1978. Op 9 november ging het mis.")]
    [TestCase("My date of birth is 14 May 1978; on November 9 it went wrong.")]
    [TestCase("I was born on 14/05/1978 and on November 9 it went wrong.")]
    public void A_birth_date_is_not_the_event(string text)
    {
        var reading = IncidentDateReader.Read(text, Received);

        Assert.That(reading.Date, Is.EqualTo(new DateOnly(2026, 11, 9)));
        Assert.That(reading.Mentions.Select(mention => mention.SetAside), Does.Contain("a birth date"));
    }

    [TestCase("Ik ben klant sinds 1 maart 2019 en op 9 november ging het mis.")]
    [TestCase("Mijn contract is ingegaan op 1 maart 2019. Op 9 november ging het mis.")]
    [TestCase("Mijn contract is op 1 maart 2019 ingegaan. Op 9 november ging het mis.")]
    [TestCase("I have been a customer since March 1, 2019 and on November 9 it went wrong.")]
    [TestCase("My subscription started on 1 March 2019. On November 9 it went wrong.")]
    public void A_contract_or_start_date_is_not_the_event(string text)
    {
        var reading = IncidentDateReader.Read(text, Received);

        Assert.That(reading.Date, Is.EqualTo(new DateOnly(2026, 11, 9)));
        Assert.That(reading.Mentions.Select(mention => mention.SetAside), Does.Contain("the start of a contract or of something ongoing"));
    }

    [Test]
    public void Something_ongoing_since_a_date_has_no_event_date_and_is_not_late()
    {
        var reading = IncidentDateReader.Read("Sinds 1 oktober heb ik geen internet meer, en niemand doet iets.", Received);

        Assert.That(reading.Date, Is.Null);
        Assert.That(LodgingWindow.Default.IsLate(Received, reading.Date), Is.False);
    }

    [Test]
    public void A_date_in_a_sentence_with_an_event_word_wins_over_a_later_date_without_one()
    {
        var reading = IncidentDateReader.Read(
            "Op 3 november had ik een afspraak met uw monteur, maar hij kwam niet. Op 16 november heb ik nog gebeld. Gisteren nog eens.",
            Received);

        Assert.That(reading.Date, Is.EqualTo(new DateOnly(2026, 11, 3)));
        Assert.That(reading.Phrase, Is.EqualTo("Op 3 november"));
        Assert.That(reading.Reason, Does.Contain("the only date in a sentence with an event word (\"afspraak\")"));
    }

    [Test]
    public void Of_several_dates_without_event_words_the_most_recent_is_chosen()
    {
        var reading = IncidentDateReader.Read("Ik heb op 2 november gebeld. Op 9 november weer. En op 12 november nog eens.", Received);

        Assert.That(reading.Date, Is.EqualTo(new DateOnly(2026, 11, 12)));
        Assert.That(reading.Reason, Does.Contain("the most recent of 3 dates"));
    }

    [Test]
    public void Of_several_dates_near_event_words_the_most_recent_is_chosen()
    {
        var reading = IncidentDateReader.Read("De eerste storing was op 2 november. Op 10 november was er weer een storing.", Received);

        Assert.That(reading.Date, Is.EqualTo(new DateOnly(2026, 11, 10)));
    }

    [Test]
    public void A_Dutch_complaint_with_greeting_birth_date_contract_signature_and_quoted_mail_is_about_the_missed_appointment()
    {
        const string Complaint = """
            Geachte heer, mevrouw,

            Mijn naam is Petra Jansen, geboren op 14 mei 1978, en ik ben klant sinds 2019.
            Mijn contract is ingegaan op 1 maart 2019.

            Op 3 november 2026 kwam uw monteur niet opdagen voor de afspraak die ik al
            weken had staan. Ik had die dag vrij genomen en heb tevergeefs thuis gewacht.
            Gisteren heb ik opnieuw gebeld, maar niemand kon mij iets vertellen.

            Ik wil hierover formeel een klacht indienen.

            Met vriendelijke groet,

            Petra Jansen
            Tel. 06-12345678
            Verstuurd op 17-11-2026

            Op 10 okt. 2026 om 09:12 schreef Klantenservice <service@example.nl>:
            > Beste mevrouw Jansen,
            > Uw afspraak staat gepland op 16 november 2026.
            """;

        var reading = IncidentDateReader.Read(Complaint, Received);

        Assert.That(reading.Date, Is.EqualTo(new DateOnly(2026, 11, 3)));
        Assert.That(reading.Phrase, Is.EqualTo("Op 3 november 2026"));
        Assert.That(reading.Mentions.Select(mention => mention.Phrase), Is.EqualTo(new[] { "op 14 mei 1978", "op 1 maart 2019", "Op 3 november 2026", "Gisteren" }));
        Assert.That(reading.Reason, Is.EqualTo(
            "\"Op 3 november 2026\" read as 2026-11-03 (a date with its year): the only date in a sentence with an event word (\"monteur\"); "
            + "set aside: \"op 14 mei 1978\" (a birth date), \"op 1 maart 2019\" (the start of a contract or of something ongoing)"));
        Assert.That(LodgingWindow.Default.IsLate(Received, reading.Date), Is.True, "fifteen days before receipt");
    }

    [Test]
    public void An_English_complaint_with_a_signature_and_an_earlier_mail_below_is_about_the_outage()
    {
        const string Complaint = """
            Dear Sir or Madam,

            I am writing to complain about the internet outage on November 9, 2026. My date
            of birth is 12 March 1985 and I have been a customer since 2015; my contract
            started on 1 January 2015.

            The outage lasted the whole day and I could not work. Yesterday I called your
            helpdesk again, but nobody could help me.

            Kind regards,
            John Smith
            +31 20 123 4567
            17/11/2026

            On Mon, 2 Nov 2026 at 10:00, Service Desk <desk@example.com> wrote:
            > Dear Mr Smith, we plan maintenance on 16 November.
            """;

        var reading = IncidentDateReader.Read(Complaint, Received);

        Assert.That(reading.Date, Is.EqualTo(new DateOnly(2026, 11, 9)));
        Assert.That(reading.Reason, Does.Contain("\"outage\""));
        Assert.That(LodgingWindow.Default.IsLate(Received, reading.Date), Is.False);
    }

    [Test]
    public void A_date_in_a_quoted_earlier_mail_is_not_the_event()
    {
        const string Reply = """
            Beste klantenservice,

            Ik heb nog steeds niets gehoord over mijn klacht.

            Op 20 oktober 2026 om 14:02 schreef Klantenservice
            <service@example.nl>:
            > Op 19 oktober is de storing verholpen.
            """;

        Assert.That(DateIn(Reply), Is.Null);
    }

    [Test]
    public void A_date_in_an_Outlook_header_block_and_the_mail_below_it_is_not_the_event()
    {
        const string Reply = """
            Hierbij stuur ik mijn klacht nogmaals door; er is gisteren nog steeds niets gebeurd.

            ________________________________
            Van: Petra Jansen <petra@example.nl>
            Verzonden: maandag 2 november 2026 10:14
            Aan: Klachten <klachten@example.org>
            Onderwerp: Klacht

            Op 1 november 2026 was de storing.
            """;

        var reading = IncidentDateReader.Read(Reply, Received);

        Assert.That(reading.Date, Is.EqualTo(new DateOnly(2026, 11, 17)));
        Assert.That(reading.Mentions, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_date_below_an_original_message_line_is_not_the_event()
    {
        const string Reply = """
            Please see below; nothing has happened since.

            -----Original Message-----
            From: John Smith
            Sent: Monday, November 2, 2026 10:14 AM
            The outage happened on November 1.
            """;

        Assert.That(DateIn(Reply), Is.Null);
    }

    [Test]
    public void A_date_in_a_signature_after_the_dash_dash_line_is_not_the_event()
    {
        const string Complaint = "Uw bezorger heeft mijn pakket gisteren bij de buren van drie huizen verder gelegd.\n\n-- \nJan de Vries | 06-12345678 | lid sinds 01-01-2010 | 12-11-2026\n";

        Assert.That(DateIn(Complaint), Is.EqualTo(new DateOnly(2026, 11, 17)));
    }

    [Test]
    public void The_reason_names_the_phrase_its_reading_and_what_was_set_aside()
    {
        var reading = IncidentDateReader.Read("Ik ben geboren op 14 mei 1978. Afgelopen vrijdag was er een storing.", Received);

        Assert.That(reading.Reason, Is.EqualTo(
            "\"Afgelopen vrijdag\" read as 2026-11-13 (the most recent such weekday before the day of receipt): the only usable date; "
            + "set aside: \"op 14 mei 1978\" (a birth date)"));
    }

    [Test]
    public void Any_date_written_as_dd_MM_yyyy_within_the_past_year_is_read_back_exactly()
    {
        Prop.ForAll(Gen.Choose(0, 365).ToArbitrary(), Gen.Choose(0, 3000).ToArbitrary(), (daysBefore, receivedOffset) =>
        {
            var received = new DateOnly(2024, 1, 1).AddDays(receivedOffset);
            var date = received.AddDays(-daysBefore);
            var text = $"Geachte heer,\n\nOp {date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)} ging het mis met mijn bestelling.\n\nGroet,\nAnna";
            Assert.That(IncidentDateReader.Read(text, received).Date, Is.EqualTo(date));
        }).QuickCheckThrowOnFailure();
    }

    private static readonly string[] DutchMonths = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

    private static readonly string[] EnglishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    [Test]
    public void Any_day_named_without_a_year_in_the_eleven_months_before_receipt_is_read_back_exactly()
    {
        Prop.ForAll(Gen.Choose(0, 330).ToArbitrary(), Gen.Choose(0, 3000).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (daysBefore, receivedOffset, dutch) =>
        {
            var received = new DateOnly(2024, 1, 1).AddDays(receivedOffset);
            var date = received.AddDays(-daysBefore);
            var text = dutch
                ? $"Op {date.Day} {DutchMonths[date.Month - 1]} werd mijn pakket niet bezorgd."
                : $"On {EnglishMonths[date.Month - 1]} {date.Day} my parcel was not delivered.";
            Assert.That(IncidentDateReader.Read(text, received).Date, Is.EqualTo(date), text);
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void The_chosen_date_is_never_after_receipt_whatever_the_text()
    {
        var pieces = Gen.Elements("op 3 november", "25 december", "3/11", "gisteren", "morgen", "12-12-2030", "2099-01-01", "last Friday", "vorige week", " ", ". ", "\n> op 1 mei\n", "geboren op 1-1-2000", "storing");
        Prop.ForAll(pieces.ListOf().ToArbitrary(), Gen.Choose(0, 3000).ToArbitrary(), (parts, receivedOffset) =>
        {
            var received = new DateOnly(2024, 1, 1).AddDays(receivedOffset);
            var reading = IncidentDateReader.Read(string.Join(' ', parts), received);
            Assert.That(reading.Date is null || reading.Date <= received, Is.True);
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Any_text_is_read_without_failing()
    {
        Assert.That(DateIn("Op 3\u0663 november en 1\u0661/1\u0661 ging het mis."), Is.Null);
        Prop.ForAll<string>(text => IncidentDateReader.Read(text, Received) is not null).QuickCheckThrowOnFailure();
    }

    [Test]
    public void A_long_text_of_near_dates_is_read_in_linear_time()
    {
        // Catastrophic backtracking would take minutes on this; the bound is loose for a busy build machine.
        var text = string.Concat(Enumerable.Repeat("op 3 3 3 nov nov 3/ 3- 12-12- maandag vorige last 2026- geboren sinds storing. ", 2_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        IncidentDateReader.Read(text, Received);

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
    }
}
