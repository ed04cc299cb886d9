using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MailComplaints.Mail.Smtp;

namespace MailComplaints.Mail.Tests.Smtp;

public sealed class SmtpDataEncoderTests
{
    private static async Task<string> EncodeAsync(string message, int chunkSize = 4096)
    {
        var output = new MemoryStream();
        await SmtpDataEncoder.WriteAsync(Encoding.UTF8.GetBytes(message), (chunk, _) => { output.Write(chunk.Span); return ValueTask.CompletedTask; }, chunkSize, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Test]
    public async Task Lines_starting_with_a_dot_get_a_second_dot()
    {
        Assert.That(await EncodeAsync(".hidden\r\nmid.dle\r\n.\r\n"), Is.EqualTo("..hidden\r\nmid.dle\r\n..\r\n.\r\n"));
    }

    [Test]
    public async Task Bare_line_feeds_become_CRLF_and_a_missing_final_line_break_is_added()
    {
        Assert.That(await EncodeAsync("a\nb\r\nc"), Is.EqualTo("a\r\nb\r\nc\r\n.\r\n"));
    }

    [Test]
    public void Unstuffing_the_output_gives_back_the_message_for_any_CRLF_text_and_chunk_size()
    {
        var lines = Gen.Elements("", ".", "..", ".x", "x.", "abc", "é", " . ").ListOf();
        Prop.ForAll(lines.ToArbitrary(), Gen.Choose(8, 64).ToArbitrary(), (parts, chunkSize) =>
        {
            var message = string.Concat(parts.Select(p => p + "\r\n"));
            var encoded = EncodeAsync(message, chunkSize).GetAwaiter().GetResult();
            Assert.That(encoded, Does.EndWith("\r\n.\r\n").Or.EqualTo(".\r\n"));
            var body = encoded[..^3];
            var unstuffed = string.Concat(body.Split("\r\n").SkipLast(1).Select(l => (l.StartsWith('.') ? l[1..] : l) + "\r\n"));
            Assert.That(unstuffed, Is.EqualTo(message));
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Eight_bit_headers_are_told_apart_from_an_eight_bit_body()
    {
        Assert.That(SmtpDataEncoder.HasEightBitHeaders(Encoding.UTF8.GetBytes("Subject: hi\r\n\r\nžluťoučký\r\n")), Is.False);
        Assert.That(SmtpDataEncoder.HasEightBitHeaders(Encoding.UTF8.GetBytes("From: Jiří <j@x>\r\n\r\nbody\r\n")), Is.True);
        Assert.That(SmtpDataEncoder.HasEightBitData(Encoding.UTF8.GetBytes("Subject: hi\r\n\r\nžluťoučký\r\n")), Is.True);
    }
}
