using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MailComplaints.Mail.Mime;
using MailComplaints.Mail.Mime.Encodings;
using MailComplaints.Mail.Mime.Text;

namespace MailComplaints.Mail.Tests.Mime;

/// <summary>Encoders and decoders round-trip, and what the writer writes reads back as the same content.</summary>
public sealed class RoundTripProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    // Letters, digits, punctuation that matters in headers, Latin-1, CJK and a character outside the BMP.
    private static readonly char[] TextChars = "abcXYZ019 .,;:!?\"'()<>@[]\\=_-/+*%&#\táéñßüÆØ€日本語中文한국😀".ToCharArray();

    private static Gen<string> TextGen(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(length => Gen.ArrayOf(Gen.Elements(TextChars), length))
            .Select(chars => FixSurrogates(new string(chars)));

    private static string FixSurrogates(string text)
    {
        // "😀" is two chars; generated halves on their own are replaced so the text is valid UTF-16.
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text, i, 2);
                i++;
            }
            else if (!char.IsSurrogate(text[i]))
            {
                builder.Append(text[i]);
            }
        }
        return builder.ToString();
    }

    private static Gen<byte[]> BytesGen => Gen.Choose(0, 600).SelectMany(length => Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), length));

    private static Gen<int[]> SplitsGen => Gen.ArrayOf(Gen.Choose(1, 97), 6);

    private static byte[] DecodeInChunks(IContentDecoder decoder, byte[] input, int[] splits)
    {
        var output = new List<byte>();
        var offset = 0;
        var k = 0;
        while (offset < input.Length)
        {
            var length = Math.Min(splits[k++ % splits.Length], input.Length - offset);
            var buffer = new byte[decoder.MaxOutputLength(length) + 8];
            var written = decoder.Decode(input.AsSpan(offset, length), buffer);
            output.AddRange(buffer.AsSpan(0, written));
            offset += length;
        }
        var tail = new byte[decoder.MaxOutputLength(0) + 8];
        output.AddRange(tail.AsSpan(0, decoder.Flush(tail)));
        return [.. output];
    }

    // Text bytes rich in line breaks of every kind: CR, LF, FF, NEL and LS in UTF-8, byte 0x85 (NEL in latin-1), white space, stray bytes.
    private static readonly byte[][] TextPieces = [[(byte)'\r'], [(byte)'\n'], [(byte)'\r', (byte)'\n'], [(byte)'\f'], [0xC2, 0x85], [0xE2, 0x80, 0xA8],
        [0xE2, 0x80, 0xA9], [0x85], [(byte)' '], [(byte)'\t'], [(byte)'a'], "Zoë "u8.ToArray(), [0x1B, (byte)'$', (byte)'B'], [0xFF], [0]];

    private static Gen<byte[]> TextBytesGen => Gen.Choose(0, 40).SelectMany(count => Gen.ArrayOf(Gen.Elements(TextPieces), count))
        .Select(pieces => pieces.SelectMany(piece => piece).ToArray());

    [Test]
    public void Text_decoded_with_line_feeds_in_one_go_equals_decoding_then_replacing_line_endings_then_trimming()
    {
        var charsets = Gen.Elements<string?>(null, "utf-8", "us-ascii", "iso-8859-1", "iso-8859-2", "windows-1251", "iso-2022-jp", "shift_jis", "utf-16le", "x-unknown");
        Prop.ForAll(TextBytesGen.ToArbitrary(), charsets.ToArbitrary(), (bytes, charset) =>
        {
            var stepByStep = Charsets.Decode(bytes, charset).ReplaceLineEndings("\n");
            Assert.That(Charsets.DecodeLines(bytes, charset, trim: false), Is.EqualTo(stepByStep));
            Assert.That(Charsets.DecodeLines(bytes, charset, trim: true), Is.EqualTo(stepByStep.Trim()));
        }).Check(Runs);
    }

    [Test]
    public void Base64_round_trips_any_bytes_however_the_input_is_split()
    {
        Prop.ForAll(Arb.From(BytesGen), Arb.From(SplitsGen), (bytes, splits) =>
        {
            var writer = new ArrayBufferWriter<byte>();
            ContentEncoders.WriteBase64(bytes, writer);
            var encoded = writer.WrittenSpan.ToArray();
            return DecodeInChunks(new Base64Decoder(), encoded, splits).AsSpan().SequenceEqual(bytes)
                && encoded.All(b => b < 128);
        }).Check(Runs);
    }

    [Test]
    public void Quoted_printable_round_trips_any_bytes_with_line_breaks_made_crlf()
    {
        Prop.ForAll(Arb.From(BytesGen), Arb.From(SplitsGen), (bytes, splits) =>
        {
            var writer = new ArrayBufferWriter<byte>();
            ContentEncoders.WriteQuotedPrintable(bytes, writer);
            var encoded = writer.WrittenSpan.ToArray();
            var lines = Encoding.ASCII.GetString(encoded).Split("\r\n");
            return DecodeInChunks(new QuotedPrintableDecoder(), encoded, splits).AsSpan().SequenceEqual(WithCrlf(bytes))
                && encoded.All(b => b < 128)
                && lines.All(line => line.Length <= 76);
        }).Check(Runs);
    }

    private static byte[] WithCrlf(byte[] bytes)
    {
        var output = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' && (i == 0 || bytes[i - 1] != (byte)'\r'))
            {
                output.Add((byte)'\r');
            }
            output.Add(bytes[i]);
        }
        return [.. output];
    }

    [Test]
    public void Encoded_words_round_trip_any_text_and_stay_within_75_characters()
    {
        Prop.ForAll(Arb.From(TextGen(120)), Arb.From(Gen.Elements(true, false)), (text, phrase) =>
        {
            var encoded = EncodedWords.Encode(text, phrase);
            var words = encoded.Split(' ').Where(word => word.StartsWith("=?", StringComparison.Ordinal));
            return EncodedWords.Decode(encoded) == text && words.All(word => word.Length <= 75) && encoded.All(c => c < 127);
        }).Check(Runs);
    }

    private sealed record Outgoing(string Subject, string Name, string Text, string? Html, string AttachmentName, byte[] Attachment);

    private static Gen<Outgoing> OutgoingGen =>
        from subject in TextGen(150)
        from name in TextGen(40)
        from text in TextGen(400).SelectMany(body => Gen.Elements("\n", "\r\n", " ", "x").Select(separator => body.Replace("日", separator + "日", StringComparison.Ordinal)))
        from html in Gen.Elements<string?>(null, "<p>Hello</p>", "<p>Grüße 日本</p>")
        from attachmentName in TextGen(80)
        from attachment in BytesGen
        // The text starts with a word: an empty text part next to HTML is rightly passed over for the HTML.
        select new Outgoing(subject.Trim(' ', '\t'), name.Trim(' ', '\t'), "Text " + text, html, attachmentName.Trim(), attachment);

    [Test]
    public void Written_message_reads_back_with_the_same_content()
    {
        Prop.ForAll(Arb.From(OutgoingGen), outgoing =>
        {
            var builder = new MessageBuilder
            {
                From = new MailboxAddress(outgoing.Name.Length == 0 ? null : outgoing.Name, "sender@example.org"),
                Subject = outgoing.Subject,
                TextBody = outgoing.Text,
                HtmlBody = outgoing.Html,
                Date = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
                To = { new MailboxAddress("Recipient", "to@example.com") },
            };
            var withAttachment = outgoing.AttachmentName.Length > 0;
            if (withAttachment)
            {
                builder.Attachments.Add(new OutgoingAttachment(outgoing.AttachmentName, "application/octet-stream", outgoing.Attachment));
            }
            var bytes = builder.ToBytes();
            var message = MimeMessage.Load(bytes);
            var lines = Encoding.UTF8.GetString(bytes).Split("\r\n");
            var attachments = message.Attachments.ToList();
            var sameAttachment = !withAttachment || (attachments.Count == 1 && attachments[0].FileName == outgoing.AttachmentName
                && ContentDecoders.DecodeAll(new Base64Decoder(), attachments[0].Content.GetEncodedMemory().Span).AsSpan().SequenceEqual(outgoing.Attachment));
            return (message.Subject ?? string.Empty) == outgoing.Subject
                && message.From.Single() == new MailboxAddress(outgoing.Name.Length == 0 ? null : outgoing.Name, "sender@example.org")
                && message.GetTextBody() == outgoing.Text.ReplaceLineEndings("\n")
                && message.GetHtmlBody() == outgoing.Html?.ReplaceLineEndings("\r\n")
                && sameAttachment
                && message.Defects.Count == 0
                && bytes.All(b => b < 128)
                && lines.All(line => line.Length <= 998)
                && !Encoding.ASCII.GetString(bytes).Replace("\r\n", string.Empty, StringComparison.Ordinal).Contains('\n', StringComparison.Ordinal);
        }).Check(Runs);
    }

    [Test]
    public void Header_values_with_line_breaks_never_add_header_fields()
    {
        var injection = Gen.Elements("\r\nBcc: x@example.org", "\nX-Injected: 1", "\r\n\r\nbody", "\rX-Injected: 2");
        Prop.ForAll(Arb.From(TextGen(30)), Arb.From(injection), (text, attack) =>
        {
            var builder = new MessageBuilder { Subject = text + attack + text, TextBody = "x" };
            builder.AddHeader("X-Note", attack + text);
            var message = MimeMessage.Load(builder.ToBytes());
            return !message.Headers.Contains("Bcc") && !message.Headers.Contains("X-Injected") && message.GetTextBody() == "x";
        }).Check(Runs);
    }
}
