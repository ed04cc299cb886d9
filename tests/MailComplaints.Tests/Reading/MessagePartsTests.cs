using System.Buffers.Binary;
using System.Text;
using MailComplaints.Reading;

namespace MailComplaints.Tests.Reading;

/// <summary>Which parts become case attachments, the files inside an Outlook winmail.dat included.</summary>
public sealed class MessagePartsTests
{
    [Test]
    public void The_files_in_a_winmail_dat_become_ordinary_attachments()
    {
        var message = WithWinmailDat(Tnef(("rapport.pdf", "%PDF-1.4 rapport"u8.ToArray()), ("foto.jpg", [0xFF, 0xD8, 0xFF])));
        var files = MessageParts.Attachments(message).Select(part =>
        {
            using var content = new MemoryStream();
            part.Content!.DecodeTo(content);
            return (MessageParts.FileName(part), content.ToArray());
        }).ToList();
        Assert.That(files.Select(file => file.Item1), Is.EqualTo(new[] { "rapport.pdf", "foto.jpg" }));
        Assert.That(files[0].Item2, Is.EqualTo("%PDF-1.4 rapport"u8.ToArray()));
        Assert.That(MessageText.Of(message), Is.EqualTo("Zie bijlagen."));
    }

    [Test]
    public void A_damaged_winmail_dat_is_kept_as_it_is()
    {
        var tnef = Tnef(("rapport.pdf", "%PDF-1.4 rapport"u8.ToArray()));
        tnef[^1] ^= 0xFF; // the last attribute's checksum

        Assert.That(MessageParts.Attachments(WithWinmailDat(tnef)).Select(MessageParts.FileName), Is.EqualTo(new[] { "winmail.dat" }));
    }

    [Test]
    public void A_winmail_dat_that_cannot_be_opened_is_kept_as_it_is()
    {
        var message = MessageParser.Parse(Encoding.ASCII.GetBytes("""
            From: jan@example.nl
            Subject: x
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: application/ms-tnef; name="winmail.dat"
            Content-Disposition: attachment

            --b--
            """.ReplaceLineEndings("\r\n")));

        Assert.That(MessageParts.Attachments(message).Select(MessageParts.FileName), Is.EqualTo(new[] { "winmail.dat" }));
    }

    [Test]
    public void Inline_text_is_no_attachment_but_an_image_in_the_body_is()
    {
        var message = MessageParser.Parse(Encoding.ASCII.GetBytes("""
            From: jan@example.nl
            Subject: x
            Content-Type: multipart/related; boundary="b"

            --b
            Content-Type: text/html

            <p>Zie foto</p><img src="cid:f1">
            --b
            Content-Type: image/png
            Content-ID: <f1>
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --b--
            """.ReplaceLineEndings("\r\n")));
        Assert.That(MessageParts.Attachments(message).Select(part => part.ContentType.MimeType), Is.EqualTo(new[] { "image/png" }));
    }

    [Test]
    public void The_start_of_a_part_is_decoded_with_its_charset_and_no_further_than_asked()
    {
        var body = Convert.ToBase64String(Encoding.Latin1.GetBytes("Één regel\n" + new string('x', 10_000)), Base64FormattingOptions.InsertLineBreaks);
        var message = MessageParser.Parse(Encoding.ASCII.GetBytes($"""
            From: jan@example.nl
            Subject: x
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: base64

            {body}
            """.ReplaceLineEndings("\r\n")));
        var part = (MimeKit.MimePart)message.Body!;

        Assert.That(MessageParts.TextStart(part, 12), Is.EqualTo("Één regel\nxx"));
        Assert.That(MessageParts.TextStart(part, 1 << 20), Is.EqualTo(MessageParts.Text(part)), "a part shorter than the limit is read whole");
    }

    private static MimeKit.MimeMessage WithWinmailDat(byte[] tnef) => MessageParser.Parse(Encoding.ASCII.GetBytes($"""
        From: Jan <jan@example.nl>
        Subject: Klacht
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b"

        --b
        Content-Type: text/plain

        Zie bijlagen.
        --b
        Content-Type: application/ms-tnef; name="winmail.dat"
        Content-Disposition: attachment; filename="winmail.dat"
        Content-Transfer-Encoding: base64

        {Convert.ToBase64String(tnef, Base64FormattingOptions.InsertLineBreaks)}
        --b--
        """.ReplaceLineEndings("\r\n")));

    // A TNEF stream (MS-OXTNEF) holding only attachments: per file its rendering data, title and data, at the attachment level.
    private static byte[] Tnef(params (string Name, byte[] Content)[] files)
    {
        using var stream = new MemoryStream();
        var word = new byte[4];
        void Write32(uint value) { BinaryPrimitives.WriteUInt32LittleEndian(word, value); stream.Write(word, 0, 4); }
        void Write16(ushort value) { BinaryPrimitives.WriteUInt16LittleEndian(word, value); stream.Write(word, 0, 2); }
        void Attribute(byte level, uint tag, byte[] data)
        {
            stream.WriteByte(level);
            Write32(tag);
            Write32((uint)data.Length);
            stream.Write(data);
            Write16((ushort)data.Sum(b => b));
        }
        Write32(0x223E9F78); // signature
        Write16(0x0001);     // legacy key
        Attribute(1, 0x00089006, [0x00, 0x00, 0x01, 0x00]); // attTnefVersion
        Attribute(1, 0x00069007, [0xE4, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]); // attOemCodepage 1252
        foreach (var (name, content) in files)
        {
            Attribute(2, 0x00069002, new byte[14]);                          // attAttachRendData starts an attachment
            Attribute(2, 0x00018010, [.. Encoding.ASCII.GetBytes(name), 0]); // attAttachTitle
            Attribute(2, 0x0006800F, content);                                // attAttachData
        }
        return stream.ToArray();
    }
}
