using FsCheck;
using FsCheck.Fluent;
using MailComplaints.Intake.Text;

namespace MailComplaints.Tests.Intake.Text;

public sealed class TextSimilarityTests
{
    private const string Complaint = """
        Geachte heer, mevrouw,

        Op 3 november kwam uw monteur niet opdagen voor de afspraak om de lekkage in mijn badkamer te
        verhelpen. Ik had die dag vrij genomen en heb de hele dag tevergeefs thuis gewacht. Niemand heeft
        gebeld om af te zeggen. Ik wil de gemiste werkdag vergoed krijgen en een nieuwe afspraak op korte termijn.

        Met vriendelijke groet,
        Petra Jansen
        06-12345678
        """;

    [Test]
    public void The_same_complaint_sent_again_with_a_new_greeting_and_an_added_sentence_is_similar()
    {
        const string Again = """
            Beste klachtenafdeling,

            Op 3 november kwam uw monteur niet opdagen voor de afspraak om de lekkage in mijn badkamer te
            verhelpen. Ik had die dag vrij genomen en heb de hele dag tevergeefs thuis gewacht. Niemand heeft
            gebeld om af te zeggen. Ik wil de gemiste werkdag vergoed krijgen en een nieuwe afspraak op korte termijn.
            Ik stuur dit nogmaals omdat ik niets heb gehoord.

            Groeten,
            P. Jansen
            """;

        Assert.That(TextSimilarity.Of(Complaint, Again), Is.GreaterThanOrEqualTo(TextSimilarity.SimilarThreshold));
        Assert.That(TextSimilarity.AreSimilar(Complaint, Again), Is.True);
    }

    [Test]
    public void A_reply_that_quotes_the_complaint_below_a_new_text_is_not_similar_by_the_quote()
    {
        var reply = "Ik heb een vraag over mijn factuur van oktober: er staat een bedrag op dat ik niet begrijp.\n\n"
            + string.Join('\n', Complaint.Split('\n').Select(line => "> " + line));

        Assert.That(TextSimilarity.AreSimilar(Complaint, reply), Is.False);
    }

    [Test]
    public void A_different_complaint_of_the_same_person_is_not_similar()
    {
        const string Other = """
            Geachte heer, mevrouw,

            Mijn factuur van oktober is twee keer afgeschreven. Ik wil het teveel betaalde bedrag terug
            en een uitleg hoe dit kon gebeuren.

            Met vriendelijke groet,
            Petra Jansen
            """;

        Assert.That(TextSimilarity.Of(Complaint, Other), Is.LessThan(0.1));
    }

    [Test]
    public void Case_punctuation_and_line_breaks_do_not_matter()
    {
        Assert.That(TextSimilarity.Of("De lift is KAPOT, al weken!", "de lift\nis kapot al weken"), Is.EqualTo(1.0));
    }

    [TestCase(null, "tekst")]
    [TestCase("", "")]
    [TestCase("...", "...")]
    public void Texts_without_words_are_not_similar(string? first, string? second)
    {
        Assert.That(TextSimilarity.Of(first, second), Is.Zero);
    }

    [Test]
    public void Short_texts_are_compared_as_a_whole()
    {
        Assert.That(TextSimilarity.Of("Lift kapot", "lift kapot!"), Is.EqualTo(1.0));
        Assert.That(TextSimilarity.Of("Lift kapot", "lift stuk"), Is.Zero);
    }

    [Test]
    public void Similarity_is_symmetric_between_zero_and_one_and_one_for_the_same_text()
    {
        var words = Gen.Elements("de", "lift", "is", "kapot", "al", "weken", "the", "door", ".", "\n> quoted");
        var texts = words.ListOf().Select(parts => string.Join(' ', parts));
        Prop.ForAll(texts.ToArbitrary(), texts.ToArbitrary(), (first, second) =>
        {
            var score = TextSimilarity.Of(first, second);
            Assert.That(score, Is.InRange(0.0, 1.0));
            Assert.That(TextSimilarity.Of(second, first), Is.EqualTo(score));
            Assert.That(TextSimilarity.Of(first, first), Is.EqualTo(1.0).Or.EqualTo(0.0));
        }).QuickCheckThrowOnFailure();
    }
}
