using System.Text;
using MailComplaints.Cases;
using MailComplaints.Retention;

namespace MailComplaints.Tests.Retention;

public sealed class PersonTracesTests
{
    private static readonly PersonTraces Jan = new("Jan.deVries@Example.nl", ["Jan de Vriës", null], [new CaseNumber("KL", 2026, 42)]);

    [TestCase("jan.devries@example.NL schreef")]
    [TestCase("Met vriendelijke groet,\r\nJAN DE VRIËS")]
    [TestCase("Jan  de\r\n Vriës belde")]
    [TestCase("Re: [KL-2026-00042] Lekkage")]
    public void The_address_a_name_however_wrapped_or_a_case_number_is_a_trace_in_any_case(string text)
    {
        Assert.That(Jan.In(text), Is.True);
    }

    [TestCase("Jan de Vriësland")]
    [TestCase("KL-2026-000420")]
    public void A_longer_name_or_number_that_merely_contains_theirs_is_not_a_trace(string text)
    {
        Assert.That(Jan.In(text), Is.False);
    }

    [Test]
    public void A_name_encoded_in_a_header_or_a_quoted_printable_body_is_found_decoded()
    {
        var encoded = Encoding.ASCII.GetBytes("From: =?utf-8?q?Jan_de_Vri=C3=ABs?= <jan@elders.example>\r\nSubject: afwezig\r\n\r\nniets\r\n");
        var quoted = Encoding.ASCII.GetBytes("From: x@example.org\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGroet, Jan de Vri=\r\n=C3=ABs\r\n");

        Assert.That((Jan.InMessage(encoded), Jan.InMessage(quoted), Jan.InMessage(Encoding.ASCII.GetBytes("From: x@example.org\r\n\r\nniets\r\n"))), Is.EqualTo((true, true, false)));
    }

    [Test]
    public void A_draft_names_the_person_in_its_escaped_json_values()
    {
        Assert.That(Jan.InDraft("""{"template":"morning-overview","values":{"subject":"Klacht van Jan de Vri\u00EBs"}}"""), Is.True);
        Assert.That(Jan.InDraft("""{"template":"morning-overview","values":{"subject":"Klacht van Els"}}"""), Is.False);
    }
}
