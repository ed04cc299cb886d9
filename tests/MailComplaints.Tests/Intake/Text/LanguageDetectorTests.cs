using MailComplaints.Intake;
using MailComplaints.Intake.Text;

namespace MailComplaints.Tests.Intake.Text;

public sealed class LanguageDetectorTests
{
    [Test]
    public void A_Dutch_complaint_is_Dutch()
    {
        const string Complaint = """
            Geachte heer, mevrouw,

            Ik wil een klacht indienen over de bezorging van mijn pakket. Het is al twee keer niet
            aangekomen en niemand kan mij vertellen waar het is.

            Met vriendelijke groet,
            Jan de Vries
            """;

        var detection = LanguageDetector.Detect(Complaint);

        Assert.That(detection.Language, Is.EqualTo("nl"));
        Assert.That(detection.DutchWords, Is.GreaterThan(detection.EnglishWords));
    }

    [Test]
    public void A_lead_of_fifty_common_words_decides_and_the_rest_of_the_text_is_not_counted()
    {
        var englishFirst = string.Concat(Enumerable.Repeat("I have the parcel. ", 20)) + string.Concat(Enumerable.Repeat("Ik heb het pakket niet. ", 40));

        var detection = LanguageDetector.Detect(englishFirst);

        Assert.That(detection.Language, Is.EqualTo("en"), "the English opening decided before the longer Dutch part");
        Assert.That((detection.EnglishWords, detection.DutchWords), Is.EqualTo((LanguageDetector.DecisiveLead, 0)));
    }

    [Test]
    public void A_lead_short_of_fifty_words_is_turned_round_by_the_rest_of_the_text()
    {
        var englishFirst = string.Concat(Enumerable.Repeat("I have the parcel. ", 16)) + string.Concat(Enumerable.Repeat("Ik heb het pakket niet. ", 40));

        var detection = LanguageDetector.Detect(englishFirst);

        Assert.That(detection.Language, Is.EqualTo("nl"));
        Assert.That(detection.EnglishWords, Is.EqualTo(48));
    }

    [Test]
    public void An_English_complaint_is_English()
    {
        const string Complaint = """
            Dear Sir or Madam,

            I would like to complain about the delivery of my parcel. It has not arrived twice and
            nobody can tell me where it is.

            Kind regards,
            John Smith
            """;

        Assert.That(LanguageDetector.Detect(Complaint).Language, Is.EqualTo("en"));
    }

    [Test]
    public void A_short_English_reply_above_a_long_quoted_Dutch_mail_is_English()
    {
        var reply = "I still have not heard from you, please call me.\n\nOp 2 nov. 2026 schreef Klantenservice <s@example.nl>:\n"
            + string.Concat(Enumerable.Repeat("> Wij hebben uw klacht over de bezorging ontvangen en nemen het zo snel mogelijk in behandeling.\n", 5));

        Assert.That(LanguageDetector.Detect(reply).Language, Is.EqualTo("en"));
    }

    [Test]
    public void A_text_that_is_all_quoted_is_judged_on_the_quote()
    {
        Assert.That(LanguageDetector.Detect("> The parcel was not delivered and I want my money back.").Language, Is.EqualTo("en"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("12345 !!!")]
    [TestCase("Is was in")]
    public void Without_telling_words_Dutch_wins_as_the_procedure_s_language(string? text)
    {
        Assert.That(LanguageDetector.Detect(text).Language, Is.EqualTo("nl"));
    }

    [Test]
    public void The_reason_gives_the_counts()
    {
        Assert.That(LanguageDetector.Detect("the parcel and the box").Reason, Is.EqualTo("0 common Dutch and 3 common English words; English"));
    }

    [Test]
    public void The_older_entry_point_gives_the_same_language_code()
    {
        Assert.That(LanguageGuess.Of("I want to complain about the service."), Is.EqualTo("en"));
        Assert.That(LanguageGuess.Of("Ik wil een klacht indienen over de service."), Is.EqualTo("nl"));
    }

    [Test]
    public void Only_the_capital_I_with_dot_and_the_Kelvin_sign_lower_case_to_ASCII_so_other_non_ASCII_words_are_never_listed()
    {
        var toAscii = Enumerable.Range(0x80, 0x10000 - 0x80).Select(code => (char)code).Where(c => char.IsAscii(char.ToLowerInvariant(c))).ToList();

        Assert.That(toAscii, Is.SubsetOf(new[] { '\u0130', '\u212A' }));
    }

    [Test]
    public void A_word_written_with_the_Kelvin_sign_counts_as_the_word_it_lower_cases_to()
    {
        Assert.That(LanguageDetector.Detect("\u212Aan het niet, dat kan niet.").DutchWords, Is.EqualTo(LanguageDetector.Detect("kan het niet, dat kan niet.").DutchWords));
    }
}
