using MailComplaints.Threads;

namespace MailComplaints.Tests.Threads;

public sealed class WithdrawalRequestTests
{
    [TestCase("Goedemiddag,\n\nIk wil mijn klacht intrekken. Het probleem is inmiddels opgelost.\n\nMet vriendelijke groet,\nAnna de Vries")]
    [TestCase("Beste meneer Jansen,\n\nNa ons telefoongesprek trek ik mijn klacht in.\n\nGroeten,\nAnna")]
    [TestCase("Hallo,\nbij nader inzien: ik trek de klacht in, de buurman heeft de schade betaald.\nAnna")]
    [TestCase("Geachte heer, mevrouw,\n\nHierbij wil ik graag mijn klacht intrekken.\n\nHoogachtend,\nJ. Bakker")]
    [TestCase("Trek mijn klacht in aub, het is al geregeld.")]
    [TestCase("U mag de klacht als ingetrokken beschouwen. Klacht ingetrokken dus.")]
    [TestCase("Beste,\n\nDe container is vanochtend geleegd. Ik wil de klacht daarom graag intrekken.\n\nGroet, Anna")]
    [TestCase("Intrekken graag.")]
    [TestCase("Ik wil intrekken omdat het al is opgelost.")]
    [TestCase("Hierbij trekken wij onze klacht in.")]
    [TestCase("Wilt u mijn klacht intrekken? Het is opgelost.")]
    [TestCase("Ik ben nog steeds niet blij met de gang van zaken, maar ik trek mijn klacht in.")]
    [TestCase("Beschouw mijn klacht maar als ingetrokken.")]
    [TestCase("Hoewel het lang duurde: ik verzoek u mijn klacht in te trekken.")]
    public void A_Dutch_request_to_withdraw_is_recognised(string mail)
    {
        Assert.That(WithdrawalRequest.IsWithdrawal(mail), Is.True);
    }

    [TestCase("Dear Sir or Madam,\n\nI withdraw my complaint. The engineer came yesterday and fixed the leak.\n\nKind regards,\nJohn Smith")]
    [TestCase("Hello,\n\nPlease withdraw my complaint, it has been resolved.\n\nThanks,\nJohn")]
    [TestCase("Hi, I would like to withdraw. The bin was emptied this morning.")]
    [TestCase("Please withdraw.")]
    [TestCase("After talking to your colleague I would like to withdraw my complaint.")]
    [TestCase("I'm withdrawing the complaint as the matter is settled.")]
    [TestCase("Please consider my complaint withdrawn.")]
    [TestCase("Could you please withdraw my complaint? It was a misunderstanding.")]
    [TestCase("I hereby request the withdrawal of my complaint.")]
    [TestCase("I withdraw my earlier complaint about the noise.")]
    [TestCase("I was not happy at first, but I withdraw my complaint now.")]
    public void An_English_request_to_withdraw_is_recognised(string mail)
    {
        Assert.That(WithdrawalRequest.IsWithdrawal(mail), Is.True);
    }

    [TestCase("Ik wil mijn klacht niet intrekken, ik wacht op uw antwoord.")]
    [TestCase("Mijn klacht wil ik niet intrekken zolang de lekkage er is.")]
    [TestCase("Ik trek mijn klacht niet in.")]
    [TestCase("Intrekken wil ik niet, de schade is er nog steeds.")]
    [TestCase("Ik ben niet van plan mijn klacht in te trekken.")]
    [TestCase("Ik weiger mijn klacht in te trekken.")]
    [TestCase("Ik denk er niet aan om de klacht in te trekken.")]
    [TestCase("I do not withdraw my complaint.")]
    [TestCase("I don't want to withdraw, I want an answer.")]
    [TestCase("I am not withdrawing my complaint.")]
    [TestCase("I will never withdraw this complaint.")]
    [TestCase("I won't withdraw it until the leak is fixed.")]
    public void A_negated_withdrawal_is_not_a_request(string mail)
    {
        Assert.That(WithdrawalRequest.IsWithdrawal(mail), Is.False);
    }

    [TestCase("Moet ik mijn klacht intrekken als de schade vergoed wordt?")]
    [TestCase("Should I withdraw my complaint now that you called?")]
    public void A_question_about_withdrawing_is_not_a_request(string mail)
    {
        Assert.That(WithdrawalRequest.IsWithdrawal(mail), Is.False);
    }

    [TestCase("De gemeente wil mijn vergunning intrekken en daar klaag ik over.")]
    [TestCase("Het intrekken van mijn parkeervergunning was onterecht.")]
    [TestCase("Mijn rijbewijs is ingetrokken zonder dat ik gehoord ben.")]
    [TestCase("I tried to withdraw money at your branch and the machine kept my card.")]
    [TestCase("The withdrawal of my benefit was a mistake.")]
    [TestCase("Mijn container is al drie weken niet geleegd.")]
    public void Withdrawing_something_other_than_the_complaint_is_not_a_request(string mail)
    {
        Assert.That(WithdrawalRequest.IsWithdrawal(mail), Is.False);
    }

    [Test]
    public void A_withdrawal_in_quoted_earlier_mail_does_not_count()
    {
        const string Reply = """
            Dank u, ik wacht uw antwoord af.

            Op 20 nov. 2026 om 10:00 schreef Klachtenregistratie <klachten@gemeente.example>:
            > Wilt u uw klacht intrekken? Antwoord dan met "ik trek mijn klacht in".
            """;

        Assert.That(WithdrawalRequest.IsWithdrawal(Reply), Is.False);
    }

    [Test]
    public void A_withdrawal_in_a_forwarded_message_below_the_own_text_does_not_count()
    {
        const string Reply = "See below, this is what my neighbour wrote.\n\n---------- Forwarded message ---------\nFrom: Neighbour\nI withdraw my complaint.\n";

        Assert.That(WithdrawalRequest.IsWithdrawal(Reply), Is.False);
    }

    [TestCase(null)]
    [TestCase("")]
    public void No_text_is_no_request(string? text)
    {
        Assert.That(WithdrawalRequest.IsWithdrawal(text), Is.False);
    }
}
