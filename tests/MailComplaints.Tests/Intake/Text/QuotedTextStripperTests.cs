using MailComplaints.Intake.Text;

namespace MailComplaints.Tests.Intake.Text;

public sealed class QuotedTextStripperTests
{
    [Test]
    public void Lines_quoted_with_a_greater_than_sign_are_left_out_and_the_answer_below_them_kept()
    {
        const string Reply = "Op 2 nov. 2026 om 10:00 schreef Service <s@example.nl>:\n> Wij komen op 5 november.\n>\n\nU kwam niet.\n";

        Assert.That(QuotedTextStripper.OwnText(Reply), Is.EqualTo("\nU kwam niet."));
    }

    [Test]
    public void An_attribution_wrapped_over_two_lines_ends_the_own_text_when_no_quote_marks_follow()
    {
        const string Reply = "Nog steeds niets gehoord.\r\n\r\nOn Mon, 2 Nov 2026 at 10:00, Service Desk\r\n<desk@example.com> wrote:\r\nWe will come on 5 November.\r\n";

        Assert.That(QuotedTextStripper.OwnText(Reply), Is.EqualTo("Nog steeds niets gehoord."));
    }

    [TestCase("-----Original Message-----")]
    [TestCase("----- Oorspronkelijk bericht -----")]
    [TestCase("---------- Forwarded message ---------")]
    [TestCase("Begin doorgestuurd bericht:")]
    public void An_earlier_mail_below_a_separator_is_left_out(string separator)
    {
        Assert.That(QuotedTextStripper.OwnText($"Zie hieronder.\n\n{separator}\nVan: Jan\nDe storing was op 1 november."), Is.EqualTo("Zie hieronder."));
    }

    [TestCase("Van: Jan <jan@example.nl>\nVerzonden: maandag 2 november 2026 10:14\nAan: Klachten")]
    [TestCase("From: Jan <jan@example.nl>\nSent: Monday, November 2, 2026 10:14 AM\nTo: Complaints")]
    [TestCase("*From:* Jan <jan@example.nl>\n*Date:* Monday, November 2, 2026")]
    public void An_earlier_mail_below_a_header_block_is_left_out(string headers)
    {
        Assert.That(QuotedTextStripper.OwnText($"Zie hieronder.\n\n{headers}\n\nDe storing was op 1 november."), Is.EqualTo("Zie hieronder."));
    }

    [Test]
    public void A_from_line_without_a_sent_line_below_is_the_sender_s_own_text()
    {
        Assert.That(QuotedTextStripper.OwnText("Van: mijn buurvrouw hoorde ik het ook.\nZij had hetzelfde."), Is.EqualTo("Van: mijn buurvrouw hoorde ik het ook.\nZij had hetzelfde."));
    }

    [TestCase("Met vriendelijke groet,")]
    [TestCase("Met vriendelijke groeten")]
    [TestCase("Vriendelijke groet, Jan")]
    [TestCase("Groeten,")]
    [TestCase("Mvg,")]
    [TestCase("m.v.g.")]
    [TestCase("Gr. Jan")]
    [TestCase("Hoogachtend,")]
    [TestCase("Kind regards,")]
    [TestCase("Best regards")]
    [TestCase("Regards,")]
    [TestCase("Yours sincerely,")]
    [TestCase("Mit freundlichen Grüßen")]
    [TestCase("Verzonden vanaf mijn iPhone")]
    [TestCase("Sent from my iPhone")]
    [TestCase("-- ")]
    [TestCase("--")]
    public void The_signature_after_a_closing_or_the_dash_dash_line_is_left_out(string closing)
    {
        Assert.That(QuotedTextStripper.OwnText($"De lift is kapot.\n\n{closing}\nJan de Vries\n06-12345678\n"), Is.EqualTo("De lift is kapot."));
    }

    [Test]
    public void A_long_sentence_that_starts_with_a_closing_word_is_not_a_closing()
    {
        const string Text = "Groeten van mijn moeder, die ook al drie weken op een antwoord van u wacht.";

        Assert.That(QuotedTextStripper.OwnText(Text), Is.EqualTo(Text));
    }

    [TestCase("")]
    [TestCase(null)]
    [TestCase("> alles geciteerd")]
    public void Nothing_of_the_sender_s_own_is_an_empty_text(string? text)
    {
        Assert.That(QuotedTextStripper.OwnText(text), Is.Empty);
    }
}
