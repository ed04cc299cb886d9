using System.Text;
using MailComplaints.Mail.Mime;
using Microsoft.Extensions.Time.Testing;

namespace MailComplaints.Mail.Tests.Mime;

public sealed class MessageBuilderTests
{
    private static MessageBuilder Sample() => new()
    {
        From = new MailboxAddress("Zoë Müller", "zoe@example.org"),
        Subject = "Réclamation n° 42 — une très longue ligne d'objet qui doit être pliée sur plusieurs lignes",
        Date = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero),
        MessageId = "m1@example.org",
        InReplyTo = "m0@example.org",
        TextBody = "Bonjour,\nvoici le texte.\n",
        HtmlBody = "<p>Bonjour,</p><p>voici le texte.</p>",
        To = { new MailboxAddress("Smith, John", "john@example.com") },
        References = { "a@example.org", "m0@example.org" },
    };

    [Test]
    public void Text_and_html_are_written_as_multipart_alternative_and_read_back()
    {
        var message = MimeMessage.Load(new MemoryStream(Sample().ToBytes()));
        Assert.That(message.Body.ContentType.MimeType, Is.EqualTo("multipart/alternative"));
        Assert.That(message.GetTextBody(), Is.EqualTo("Bonjour,\nvoici le texte.\n"));
        Assert.That(message.GetHtmlBody(), Is.EqualTo("<p>Bonjour,</p><p>voici le texte.</p>"));
        Assert.That(message.Defects, Is.Empty);
    }

    [Test]
    public void Headers_read_back_with_non_ascii_names_and_subject()
    {
        var message = MimeMessage.Load(new MemoryStream(Sample().ToBytes()));
        Assert.That(message.Subject, Is.EqualTo(Sample().Subject));
        Assert.That(message.From.Single(), Is.EqualTo(new MailboxAddress("Zoë Müller", "zoe@example.org")));
        Assert.That(message.To.Single(), Is.EqualTo(new MailboxAddress("Smith, John", "john@example.com")));
        Assert.That(message.Date, Is.EqualTo(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero)));
        Assert.That((message.MessageId, message.InReplyTo), Is.EqualTo(("m1@example.org", "m0@example.org")));
        Assert.That(message.References, Is.EqualTo(new[] { "a@example.org", "m0@example.org" }));
    }

    [Test]
    public void Output_is_7bit_with_crlf_line_ends_and_folded_headers()
    {
        var bytes = Sample().ToBytes();
        Assert.That(bytes.All(b => b < 128), Is.True, "non-ASCII must be encoded");
        var text = Encoding.ASCII.GetString(bytes);
        Assert.That(text.Replace("\r\n", string.Empty, StringComparison.Ordinal), Does.Not.Contain("\n").And.Not.Contain("\r"));
        var header = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.That(header.Split("\r\n").Max(line => line.Length), Is.LessThanOrEqualTo(78));
        Assert.That(text.Split("\r\n").Max(line => line.Length), Is.LessThanOrEqualTo(998));
    }

    [Test]
    public void Line_breaks_in_a_header_value_cannot_start_a_new_header()
    {
        var builder = Sample();
        builder.Subject = "hello\r\nBcc: victim@example.org\nX-Evil: 1";
        builder.AddHeader("X-Note", "a\r\n\r\nbody injection");
        var message = MimeMessage.Load(new MemoryStream(builder.ToBytes()));
        Assert.That(message.Headers.Contains("Bcc"), Is.False);
        Assert.That(message.Headers.Contains("X-Evil"), Is.False);
        Assert.That(message.Subject, Is.EqualTo("hello  Bcc: victim@example.org X-Evil: 1"));
        Assert.That(message.Headers.GetValue("X-Note"), Is.EqualTo("a    body injection"));
    }

    [Test]
    public void Invalid_header_name_or_address_is_refused()
    {
        Assert.That(() => new MessageBuilder().AddHeader("X-Bad\r\nBcc", "v"), Throws.ArgumentException);
        var builder = Sample();
        builder.To.Add(new MailboxAddress(null, "a@example.org>\r\nBcc: b@example.org"));
        Assert.That(() => builder.ToBytes(), Throws.ArgumentException);
    }

    [Test]
    public void Extra_headers_are_written_in_order()
    {
        var builder = Sample().AddHeader("Auto-Submitted", "auto-replied").AddHeader("X-Loop", "complaints@example.org");
        var message = MimeMessage.Load(new MemoryStream(builder.ToBytes()));
        Assert.That(message.Headers.GetValue("Auto-Submitted"), Is.EqualTo("auto-replied"));
        Assert.That(message.Headers.GetValue("X-Loop"), Is.EqualTo("complaints@example.org"));
    }

    [Test]
    public void Mostly_non_ascii_text_is_base64_and_mostly_ascii_is_quoted_printable()
    {
        var cjk = new MessageBuilder { TextBody = "日本語のテキストです。" }.ToBytes();
        var latin = new MessageBuilder { TextBody = "Une réclamation." }.ToBytes();
        Assert.That(Encoding.ASCII.GetString(cjk), Does.Contain("Content-Transfer-Encoding: base64"));
        Assert.That(Encoding.ASCII.GetString(latin), Does.Contain("Content-Transfer-Encoding: quoted-printable"));
        Assert.That(MimeMessage.Load(new MemoryStream(cjk)).GetTextBody(), Is.EqualTo("日本語のテキストです。"));
        Assert.That(MimeMessage.Load(new MemoryStream(latin)).GetTextBody(), Is.EqualTo("Une réclamation."));
    }

    [Test]
    public void Attachments_are_written_in_multipart_mixed_with_encoded_names()
    {
        var builder = Sample();
        var content = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        builder.Attachments.Add(new OutgoingAttachment("Übersicht März 2025 mit einem sehr langen Dateinamen für den Test.pdf", "application/pdf", content));
        builder.Attachments.Add(new OutgoingAttachment("plain.txt", "text/plain", () => new MemoryStream("abc"u8.ToArray())));
        var message = MimeMessage.Load(new MemoryStream(builder.ToBytes()));
        var attachments = message.Attachments.ToList();
        Assert.That(attachments.Select(a => a.FileName), Is.EqualTo(new[] { "Übersicht März 2025 mit einem sehr langen Dateinamen für den Test.pdf", "plain.txt" }));
        using var decoded = new MemoryStream();
        attachments[0].OpenDecoded().CopyTo(decoded);
        Assert.That(decoded.ToArray(), Is.EqualTo(content));
        Assert.That(message.GetTextBody(), Is.EqualTo("Bonjour,\nvoici le texte.\n"));
    }

    [Test]
    public void Write_to_async_gives_the_same_bytes_apart_from_boundaries()
    {
        var builder = Sample();
        using var stream = new MemoryStream();
        builder.WriteToAsync(stream, CancellationToken.None).GetAwaiter().GetResult();
        var message = MimeMessage.Load(new MemoryStream(stream.ToArray()));
        Assert.That(message.Subject, Is.EqualTo(builder.Subject));
        Assert.That(message.GetTextBody(), Is.EqualTo("Bonjour,\nvoici le texte.\n"));
    }

    [Test]
    public void Date_comes_from_the_time_provider_when_not_set()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var message = MimeMessage.Load(new MemoryStream(new MessageBuilder(time) { TextBody = "x" }.ToBytes()));
        Assert.That(message.Date, Is.EqualTo(time.GetUtcNow()));
        Assert.That(message.MessageId, Is.Not.Null.And.Contain("@"));
    }
}
