using System.Text;
using MailComplaints.Reading;

namespace MailComplaints.Tests.Reading;

/// <summary>Which text the worker registers, on MimeKit's parse.</summary>
public sealed class MessageTextTests
{
    private static string? TextOf(string message) => MessageText.Of(MessageParser.Parse(Encoding.UTF8.GetBytes(message.ReplaceLineEndings("\r\n"))));

    private const string Header = "From: Jan de Vries <jan@example.nl>\nSubject: Klacht\nMIME-Version: 1.0\n";

    [Test]
    public void Every_inline_text_part_of_a_mixed_message_is_kept_around_an_attachment()
    {
        var text = TextOf(Header + """
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain; charset=utf-8

            Hierbij de foto van de lekkage.
            --b
            Content-Type: image/jpeg; name="foto.jpg"
            Content-Transfer-Encoding: base64

            /9j/4AAQ
            --b
            Content-Type: text/plain; charset=utf-8

            En het lekt nog steeds.
            --b--
            """);
        Assert.That(text, Is.EqualTo("Hierbij de foto van de lekkage.\n\nEn het lekt nog steeds."));
    }

    [Test]
    public void The_plain_alternative_is_preferred_and_html_alone_becomes_readable_text()
    {
        var alternative = TextOf(Header + """
            Content-Type: multipart/alternative; boundary="b"

            --b
            Content-Type: text/plain; charset=utf-8

            Platte tekst.
            --b
            Content-Type: text/html; charset=utf-8

            <p>HTML</p>
            --b--
            """);
        Assert.That(alternative, Is.EqualTo("Platte tekst."));
        var html = TextOf(Header + "Content-Type: text/html; charset=utf-8\n\n<html><head><title>x</title><style>p{}</style></head><body><p>Eerste&nbsp;alinea</p><ul><li>een</li><li>twee</li></ul>" +
            "<p>Zie <a href=\"https://example.nl/afval\">de site</a>.<script>alert(1)</script></p></body></html>\n");
        Assert.That(html, Is.EqualTo("Eerste alinea\n\n- een\n- twee\n\nZie de site <https://example.nl/afval>."));
    }

    [Test]
    public void Enriched_text_loses_its_formatting_commands()
    {
        Assert.That(TextOf(Header + "Content-Type: text/enriched; charset=us-ascii\n\n<bold>Dringend</bold>: 1 <<= 2\n"), Is.EqualTo("Dringend: 1 <= 2"));
    }

    [Test]
    public void A_lone_part_whose_content_type_cannot_be_parsed_is_read_as_text()
    {
        Assert.That(TextOf("From: jan@example.nl\nSubject: Klacht\nContent-Type: ;;;\n\nDe bus kwam niet.\n"), Is.EqualTo("De bus kwam niet."));
    }

    [Test]
    public void Flowed_text_is_joined_into_its_paragraphs()
    {
        Assert.That(TextOf(Header + "Content-Type: text/plain; charset=utf-8; format=flowed\n\nDe container is al drie \nweken niet geleegd.\n"),
            Is.EqualTo("De container is al drie weken niet geleegd."));
    }

    [TestCase("windows-1252", "Caf\u00e9 \u20ac 5", new byte[] { 0x43, 0x61, 0x66, 0xE9, 0x20, 0x80, 0x20, 0x35 })]
    [TestCase("iso-2022-jp", "\u65e5\u672c", new byte[] { 0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42 })]
    public void Code_page_charsets_are_decoded(string charset, string expected, byte[] body)
    {
        var head = Encoding.ASCII.GetBytes($"From: jan@example.nl\r\nSubject: x\r\nContent-Type: text/plain; charset={charset}\r\n\r\n");
        Assert.That(MessageText.Of(MessageParser.Parse([.. head, .. body])), Is.EqualTo(expected));
    }

    [Test]
    public void A_bare_forward_gives_the_forwarded_messages_text()
    {
        var text = TextOf(Header + """
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: message/rfc822

            From: buur@example.nl
            Subject: Overlast
            Content-Type: text/plain

            De buren maken 's nachts lawaai.
            --b--
            """);
        Assert.That(text, Is.EqualTo("De buren maken 's nachts lawaai."));
    }
}
