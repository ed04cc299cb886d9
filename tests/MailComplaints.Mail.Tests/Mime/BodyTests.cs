using System.Text;
using MailComplaints.Mail.Mime;

namespace MailComplaints.Mail.Tests.Mime;

public sealed class BodyTests
{
    private const string Nested = """
        Content-Type: multipart/mixed; boundary="outer"

        preamble
        --outer
        Content-Type: multipart/alternative; boundary="inner"

        --inner
        Content-Type: text/plain

        plain text
        --inner
        Content-Type: text/html

        <p>html</p>
        --outer
        Content-Type: application/pdf; name="a.pdf"
        Content-Transfer-Encoding: base64

        JVBERi0=
        --outer--
        epilogue
        """;

    [Test]
    public void Parent_boundary_closes_an_unfinished_child_multipart()
    {
        var message = Mail.Parse(Nested);
        var outer = (Multipart)message.Body;
        Assert.That(outer.Parts, Has.Count.EqualTo(2));
        var inner = (Multipart)outer.Parts[0];
        Assert.That(inner.Parts.Select(p => p.ContentType.MimeType), Is.EqualTo(new[] { "text/plain", "text/html" }));
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.MissingEndBoundary));
    }

    [Test]
    public void Part_content_ends_before_the_line_break_that_belongs_to_the_boundary()
    {
        var message = Mail.Parse(Nested);
        var plain = (MimePart)((Multipart)((Multipart)message.Body).Parts[0]).Parts[0];
        Assert.That(plain.GetText(), Is.EqualTo("plain text"));
    }

    [Test]
    public void Base64_attachment_decodes_with_its_file_name_and_size()
    {
        var message = Mail.Parse(Nested);
        var attachment = message.Attachments.Single();
        Assert.That(attachment.FileName, Is.EqualTo("a.pdf"));
        Assert.That(attachment.GetDecodedSize(), Is.EqualTo(5));
        using var decoded = new MemoryStream();
        attachment.OpenDecoded().CopyTo(decoded);
        Assert.That(Encoding.ASCII.GetString(decoded.ToArray()), Is.EqualTo("%PDF-"));
    }

    [Test]
    public void Missing_final_boundary_keeps_the_last_part_to_the_end()
    {
        var message = Mail.Parse("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nfirst\n--b\n\nlast part\n");
        var parts = ((Multipart)message.Body).Parts;
        Assert.That(parts.Select(p => ((MimePart)p).GetText()), Is.EqualTo(new[] { "first", "last part\r\n" }));
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.MissingEndBoundary));
    }

    [Test]
    public void Boundary_need_only_begin_the_line()
    {
        // RFC 2046 section 5.1.2: "it is sufficient that the boundary appear in its entirety following the CRLF".
        var message = Mail.Parse("Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b trailing words\n\ntwo\n--b-- end\n");
        Assert.That(((Multipart)message.Body).Parts.Select(p => ((MimePart)p).GetText()), Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public void Dashes_that_do_not_begin_with_the_boundary_are_content()
    {
        var message = Mail.Parse("Content-Type: multipart/mixed; boundary=b\n\n--b\n\n-- sig\n---b\n--b--\n");
        Assert.That(((MimePart)((Multipart)message.Body).Parts[0]).GetText(), Is.EqualTo("-- sig\r\n---b"));
    }

    [Test]
    public void Multipart_whose_boundary_never_appears_is_read_as_text()
    {
        var message = Mail.Parse("Content-Type: multipart/mixed; boundary=wrong\n\n--right\n\nThe mail could not be delivered.\n--right--\n");
        Assert.That(message.Body, Is.InstanceOf<MimePart>());
        Assert.That(message.GetTextBody(), Does.Contain("The mail could not be delivered."));
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.NoPartsFound));
    }

    [Test]
    public void Multipart_without_boundary_is_read_as_one_part_with_a_defect()
    {
        var message = Mail.Parse("Content-Type: multipart/mixed\n\nhello");
        Assert.That(message.Body, Is.InstanceOf<MimePart>());
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.MissingBoundary));
    }

    [Test]
    public void Unreadable_content_type_inside_a_multipart_is_kept_out_of_the_text()
    {
        var message = Mail.Parse("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--b\nContent-Type: X-BE2; 12\n\n\u0001\u0002binary\n--b--\n");
        Assert.That(message.GetTextBody(), Is.EqualTo("hello"));
        Assert.That(((Multipart)message.Body).Parts[1].ContentType.MimeType, Is.EqualTo("application/octet-stream"));
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.InvalidContentType));
    }

    [Test]
    public void Unreadable_content_type_of_a_single_part_message_is_text_plain()
    {
        Assert.That(Mail.Parse("Content-Type: garbage\n\nhello").GetTextBody(), Is.EqualTo("hello"));
    }

    [Test]
    public void Enclosed_message_is_parsed_as_a_message()
    {
        var message = Mail.Parse("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\nSubject: inner\nFrom: a@example.org\n\ninner body\n--b--\n");
        var enclosed = (MessagePart)((Multipart)message.Body).Parts[0];
        Assert.That(enclosed.Message.Subject, Is.EqualTo("inner"));
        Assert.That(enclosed.Message.GetTextBody(), Is.EqualTo("inner body"));
    }

    [Test]
    public void Nesting_deeper_than_the_limit_is_kept_as_content_with_a_defect()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Type: multipart/mixed; boundary=b{i}x\n\n--b{i}x\n");
        }
        builder.Append("\ndeep\n");
        var message = Mail.Parse(builder.ToString(), new ParserOptions { MaxNestingDepth = 5 });
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.NestingTooDeep));
        Assert.That(message.Body.DescendantsAndSelf().Count(), Is.LessThanOrEqualTo(7));
    }

    [Test]
    public void Nesting_limit_beyond_512_is_held_at_512()
    {
        var text = string.Concat(Enumerable.Range(0, 3000).Select(i => $"Content-Type: multipart/mixed; boundary=\"q{i}z\"\n\n--q{i}z\n"));
        var message = Mail.Parse(text, new ParserOptions { MaxNestingDepth = int.MaxValue });
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.NestingTooDeep));
    }

    [Test]
    public void Quoted_printable_body_decodes_soft_breaks_and_charset()
    {
        var message = Mail.Parse("Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nGr=FC=DFe, a long=\n line =3D ok=\n");
        Assert.That(message.GetTextBody(), Is.EqualTo("Grüße, a long line = ok"));
    }

    [Test]
    public void Quoted_printable_tolerates_bad_escapes_and_lf_only_soft_breaks()
    {
        var decoded = MailComplaints.Mail.Mime.Encodings.ContentDecoders.DecodeAll(new MailComplaints.Mail.Mime.Encodings.QuotedPrintableDecoder(), "a=ZZb=\nc =  \r\nd"u8);
        Assert.That(Encoding.ASCII.GetString(decoded), Is.EqualTo("a=ZZbc d"));
    }

    [Test]
    public void Base64_skips_garbage_and_line_breaks()
    {
        var decoded = MailComplaints.Mail.Mime.Encodings.ContentDecoders.DecodeAll(new MailComplaints.Mail.Mime.Encodings.Base64Decoder(), "aGVs\r\nbG8*gd29y\nbGQ="u8);
        Assert.That(Encoding.ASCII.GetString(decoded), Is.EqualTo("hello world"));
    }

    [Test]
    public void Text_plain_is_preferred_over_html_in_an_alternative()
    {
        var message = Mail.Parse("Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/html\n\n<b>rich</b>\n--b\nContent-Type: text/plain\n\nplain\n--b--\n");
        Assert.That(message.GetTextBody(), Is.EqualTo("plain"));
        Assert.That(message.GetHtmlBody(), Is.EqualTo("<b>rich</b>"));
    }

    [Test]
    public void Deeply_nested_alternatives_give_their_text_in_linear_time()
    {
        // Each level holds an HTML part and the next level; choosing must not re-read the levels below.
        var text = string.Concat(Enumerable.Range(0, 60).Select(i => $"Content-Type: multipart/alternative; boundary=\"a{i}z\"\n\n--a{i}z\nContent-Type: text/html\n\n<b>level {i}</b>\n--a{i}z\n"));
        var message = Mail.Parse(text + "Content-Type: text/plain\n\ndeepest\n");
        Assert.That(message.GetTextBody(), Is.EqualTo("deepest\r\n".ReplaceLineEndings("\n")));
    }

    [Test]
    public void Html_only_message_is_turned_into_text_with_paragraphs_and_link_targets()
    {
        var message = Mail.Parse("Content-Type: text/html; charset=utf-8\n\n<html><head><style>p{}</style><script>alert(1)</script></head><body><p>Hello&nbsp;there,</p><p>see <a href=\"https://example.org/x\">the form</a>.<br>Thanks</p><ul><li>one</li><li>two</li></ul></body></html>");
        Assert.That(message.GetTextBody(), Is.EqualTo("Hello there,\n\nsee the form <https://example.org/x>.\nThanks\n\n- one\n- two"));
    }

    [Test]
    public void Html_text_keeps_a_less_than_sign_that_starts_no_tag_and_drops_comments()
    {
        Assert.That(MailComplaints.Mail.Mime.Text.HtmlText.ToText("<!DOCTYPE html><p>1 < 2 &amp; 3 &gt; 2<!-- hidden --></p>"), Is.EqualTo("1 < 2 & 3 > 2"));
    }

    [Test]
    public void Format_flowed_soft_breaks_are_joined()
    {
        var message = Mail.Parse("Content-Type: text/plain; format=flowed; delsp=no\n\nThis is a \nflowed paragraph.\n> quoted \n> text\n-- \nsig\n");
        Assert.That(message.GetTextBody(), Is.EqualTo("This is a flowed paragraph.\n> quoted text\n-- \nsig\n"));
    }

    [Test]
    public void Format_flowed_with_delsp_removes_the_space_before_a_soft_break()
    {
        var message = Mail.Parse("Content-Type: text/plain; format=flowed; delsp=yes\n\nJapa \nnese\n");
        Assert.That(message.GetTextBody(), Is.EqualTo("Japanese\n"));
    }

    [Test]
    public void Rfc2231_file_name_with_continuations_and_charset_is_decoded()
    {
        var message = Mail.Parse("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment;\n filename*0*=utf-8''Gr%C3%BC%C3%9F;\n filename*1*=e%20aus;\n filename*2=\" Wien.txt\"\n\nx\n--b--\n");
        Assert.That(message.Attachments.Single().FileName, Is.EqualTo("Grüße aus Wien.txt"));
    }

    [Test]
    public void Encoded_word_in_a_quoted_file_name_is_decoded()
    {
        var message = Mail.Parse("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/pdf; name=\"=?utf-8?Q?R=C3=A9sum=C3=A9.pdf?=\"\n\nx\n--b--\n");
        Assert.That(message.Attachments.Single().FileName, Is.EqualTo("Résumé.pdf"));
    }

    [Test]
    public void Load_async_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(Nested));
        Assert.That(async () => await MimeMessage.LoadAsync(stream, cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Load_async_reads_the_same_message()
    {
        var bytes = Encoding.UTF8.GetBytes(Nested.ReplaceLineEndings("\r\n"));
        var message = MimeMessage.LoadAsync(new Mail.NonSeekableStream(bytes), cancellationToken: CancellationToken.None).AsTask().GetAwaiter().GetResult();
        Assert.That(message.GetTextBody(), Is.EqualTo("plain text"));
    }

    [Test]
    public void Quoted_printable_escapes_From_at_the_start_of_every_encoded_line_also_after_a_soft_break()
    {
        var text = new string('x', 75) + "From here\nFrom there\n";
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        MailComplaints.Mail.Mime.Encodings.ContentEncoders.WriteQuotedPrintable(Encoding.UTF8.GetBytes(text), writer);
        var lines = Encoding.ASCII.GetString(writer.WrittenSpan).Split("\r\n");
        Assert.That(lines, Has.None.StartsWith("From "), "an mbox writer would turn such a line into \">From\"");
        var decoded = MailComplaints.Mail.Mime.Encodings.ContentDecoders.DecodeAll(new MailComplaints.Mail.Mime.Encodings.QuotedPrintableDecoder(), writer.WrittenSpan);
        Assert.That(Encoding.UTF8.GetString(decoded), Is.EqualTo(text.ReplaceLineEndings("\r\n")));
    }

    [Test]
    public void Quoted_printable_lines_of_plain_text_are_copied_whole_and_broken_at_76_characters()
    {
        var text = string.Concat(Enumerable.Repeat("The parcel arrived damaged and the contents were unusable. ", 5)).TrimEnd() + "\r\nshort line\n";
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        MailComplaints.Mail.Mime.Encodings.ContentEncoders.WriteQuotedPrintable(Encoding.UTF8.GetBytes(text), writer);
        var lines = Encoding.ASCII.GetString(writer.WrittenSpan).Split("\r\n");
        Assert.That(lines[..^3], Has.All.Length.EqualTo(76).And.All.EndsWith("="));
        Assert.That(lines[^2..], Is.EqualTo(new[] { "short line", "" }));
        var decoded = MailComplaints.Mail.Mime.Encodings.ContentDecoders.DecodeAll(new MailComplaints.Mail.Mime.Encodings.QuotedPrintableDecoder(), writer.WrittenSpan);
        Assert.That(Encoding.UTF8.GetString(decoded), Is.EqualTo(text.ReplaceLineEndings("\r\n")));
    }
}
