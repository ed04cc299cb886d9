using MailComplaints.Mail.Mime;
using MailComplaints.Mail.Mime.Text;

namespace MailComplaints.Mail.Tests.Mime;

public sealed class HeaderTests
{
    [Test]
    public void Folded_subject_is_unfolded()
    {
        var message = Mail.Parse("Subject: a long\n  subject line\n\nbody");
        Assert.That(message.Subject, Is.EqualTo("a long  subject line"));
    }

    [Test]
    public void Duplicate_headers_are_kept_in_order()
    {
        var message = Mail.Parse("Received: one\nX-A: 1\nReceived: two\n\nbody");
        Assert.That(message.Headers.GetAll("received").Select(h => h.Value), Is.EqualTo(new[] { "one", "two" }));
        Assert.That(message.Headers.Select(h => h.Name), Is.EqualTo(new[] { "Received", "X-A", "Received" }));
    }

    [Test]
    public void Encoded_words_split_inside_a_multibyte_character_are_joined_before_decoding()
    {
        // "€" is E2 82 AC in UTF-8; the first word ends after E2 82.
        var message = Mail.Parse("Subject: =?UTF-8?Q?price_=E2=82?= =?UTF-8?Q?=AC5?=\n\nbody");
        Assert.That(message.Subject, Is.EqualTo("price €5"));
    }

    [Test]
    public void White_space_between_encoded_words_is_dropped_but_kept_next_to_plain_text()
    {
        Assert.That(EncodedWords.Decode("=?iso-8859-1?q?a?=  =?iso-8859-1?b?Yg==?= c =?utf-8?q?=C3=A9?="), Is.EqualTo("ab c é"));
    }

    [Test]
    public void Invalid_encoded_word_is_kept_as_text()
    {
        Assert.That(EncodedWords.Decode("=?utf-8?x?abc?= and =?broken"), Is.EqualTo("=?utf-8?x?abc?= and =?broken"));
    }

    [Test]
    public void Raw_utf8_header_is_read_as_utf8_and_raw_latin1_as_windows_1252()
    {
        var utf8 = Mail.ParseBytes([.. "Subject: "u8, .. "Grüße"u8, .. "\r\n\r\nx"u8]);
        var latin1 = Mail.ParseBytes([.. "Subject: Gr"u8, 0xFC, 0xDF, .. "e\r\n\r\nx"u8]);
        Assert.That(utf8.Subject, Is.EqualTo("Grüße"));
        Assert.That(latin1.Subject, Is.EqualTo("Grüße"));
    }

    [Test]
    public void Iso_2022_jp_encoded_word_is_decoded()
    {
        // "日本" in ISO-2022-JP: ESC $ B F| K\ ESC ( B
        Assert.That(EncodedWords.Decode("=?ISO-2022-JP?B?GyRCRnxLXBsoQg==?="), Is.EqualTo("日本"));
    }

    [Test]
    public void Unknown_charset_falls_back_to_utf8_when_valid_else_windows_1252()
    {
        Assert.That(Charsets.Decode("é"u8, "x-unknown"), Is.EqualTo("é"));
        Assert.That(Charsets.Decode([0xE9], "x-unknown"), Is.EqualTo("é"));
        Assert.That(Charsets.Decode([0x80], "utf-8"), Is.EqualTo("€"));
        Assert.That(Charsets.Decode("caf\u00e9"u8, "utf-7"), Is.EqualTo("caf\u00e9"));
    }

    [Test]
    public void Message_ids_lose_their_angle_brackets_and_references_keep_their_order()
    {
        var message = Mail.Parse("Message-ID: <a@b>\nIn-Reply-To: <c@d> (comment)\nReferences: <e@f>\n <c@d>\n\nx");
        Assert.That(message.MessageId, Is.EqualTo("a@b"));
        Assert.That(message.InReplyTo, Is.EqualTo("c@d"));
        Assert.That(message.References, Is.EqualTo(new[] { "e@f", "c@d" }));
    }

    [Test]
    public void Message_id_without_brackets_is_taken_as_is()
    {
        Assert.That(MessageIds.ParseOne("1234.5678@example.org"), Is.EqualTo("1234.5678@example.org"));
    }

    [Test]
    public void Line_without_colon_in_the_header_starts_the_body_and_is_a_defect()
    {
        var message = Mail.Parse("Subject: s\nthis is body\nmore\n");
        Assert.That(message.GetTextBody(), Is.EqualTo("this is body\nmore\n"));
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.MissingHeaderSeparator));
    }

    [Test]
    public void Folded_line_that_lost_its_white_space_stays_in_its_header_when_more_headers_follow()
    {
        var message = Mail.Parse("X-Diagnostics: 1;abc\ndef+ghi\nSubject: s\n\nbody");
        Assert.That(message.Headers.GetValue("X-Diagnostics"), Is.EqualTo("1;abcdef+ghi"));
        Assert.That((message.Subject, message.GetTextBody()), Is.EqualTo(("s", "body")));
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.MalformedHeader));
    }

    [Test]
    public void Utf8_byte_order_mark_before_the_header_is_ignored()
    {
        var message = Mail.ParseBytes([0xEF, 0xBB, 0xBF, .. "Subject: s\r\n\r\nbody"u8]);
        Assert.That(message.Subject, Is.EqualTo("s"));
    }

    [Test]
    public void Mbox_from_line_before_the_header_is_skipped()
    {
        var message = Mail.Parse("From someone@example.org Sat Jan  3 01:05:34 1996\nSubject: s\n\nbody");
        Assert.That(message.Subject, Is.EqualTo("s"));
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.MboxFromLine));
    }

    [Test]
    public void Too_many_headers_are_dropped_with_a_defect()
    {
        var text = string.Concat(Enumerable.Range(0, 50).Select(i => $"X-{i}: v\n")) + "\nbody";
        var message = Mail.Parse(text, new ParserOptions { MaxHeaderCount = 10 });
        Assert.That(message.Headers, Has.Count.EqualTo(10));
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.TooManyHeaders));
    }

    [Test]
    public void Over_long_header_is_cut_with_a_defect()
    {
        var message = Mail.Parse("Subject: " + new string('a', 5000) + "\n\nbody", new ParserOptions { MaxHeaderLength = 1000 });
        Assert.That(message.Subject!.Length, Is.LessThan(1000));
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.HeaderTooLong));
    }
}
