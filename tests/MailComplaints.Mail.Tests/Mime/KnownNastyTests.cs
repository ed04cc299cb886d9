using System.Text;
using MailComplaints.Mail.Mime;
using MailComplaints.Testing;

namespace MailComplaints.Mail.Tests.Mime;

/// <summary>Corpus messages known to break parsers, and the mimekit/mailkit sets read for sensible text.</summary>
public sealed class KnownNastyTests
{
    private static MimeMessage Load(params string[] path) => MimeMessage.Load(File.ReadAllBytes(Corpus.Path(path)));

    [Test]
    public void Stack_overflow_message_with_thousands_of_folded_encoded_words_parses()
    {
        var message = Load("mimekit", "UnitTests", "TestData", "messages", "stack-overflow.txt");
        Assert.That(message.From.Single().Address, Is.EqualTo("test@test.com"));
        Assert.That(message.To, Has.Count.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void Flanker_missing_final_boundary_keeps_the_last_part()
    {
        var message = Load("flanker", "tests", "fixtures", "messages", "missing-final-boundary.eml");
        Assert.That(message.Body, Is.InstanceOf<Multipart>());
        Assert.That(((Multipart)message.Body).Parts, Is.Not.Empty);
        Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(MimeDefectKind.MissingEndBoundary));
        Assert.That(message.GetTextBody(), Is.Not.Empty);
    }

    [Test]
    public void Flanker_dashed_boundaries_give_two_alternatives_and_the_plain_text()
    {
        var message = Load("flanker", "tests", "fixtures", "messages", "dashed-boundaries.eml");
        var alternative = (Multipart)message.Body;
        Assert.That(alternative.Parts.Select(p => p.ContentType.MimeType), Is.EqualTo(new[] { "text/plain", "text/html" }));
        Assert.That(message.GetTextBody()!.Trim(), Is.EqualTo("Hi"));
        Assert.That(message.Defects, Is.Empty);
    }

    [Test]
    public void Japanese_iso_2022_jp_subject_and_body_are_decoded()
    {
        var message = Load("mimekit", "UnitTests", "TestData", "messages", "japanese.txt");
        Assert.That(message.Subject, Is.EqualTo("日本語メールテスト (testing Japanese emails)"));
        Assert.That(message.GetTextBody(), Does.Contain("日本語が").And.Contain("テスト"));
    }

    [Test]
    public void Startrek_has_its_parts_and_sender()
    {
        var message = Load("mimekit", "Benchmarks", "TestData", "messages", "startrek.eml");
        Assert.That(message.Subject, Is.EqualTo("Star Trek Party!"));
        Assert.That(message.From.Single(), Is.EqualTo(new MailboxAddress("Nathaniel Borenstein", "nsb")));
        Assert.That(message.To, Has.Count.EqualTo(18));
        Assert.That(message.GetTextBody(), Does.Contain("STAR TREK 25TH ANNIVERSARY PARTY"));
        Assert.That(message.Body.DescendantsAndSelf().Count(), Is.GreaterThan(5));
    }

    [Test]
    public void Mimekit_and_mailkit_messages_parse_with_sensible_text()
    {
        var files = Directory.EnumerateFiles(Corpus.Path("mimekit", "UnitTests", "TestData", "messages"))
            .Concat(Directory.EnumerateFiles(Corpus.Path("mailkit", "UnitTests", "Net", "Imap", "Resources", "common"), "message.*"))
            .ToList();
        var sensible = 0;
        var withText = 0;
        var notSensible = new List<string>();
        foreach (var file in files)
        {
            var message = MimeMessage.Load(File.ReadAllBytes(file));
            if (!message.Body.DescendantsAndSelf().Any(entity => entity.ContentType.Is("text")))
            {
                continue; // an image, a sound or a fragment (message/partial): nothing to read
            }
            withText++;
            var text = message.GetTextBody() ?? string.Empty;
            // Sensible: some text, few replacement characters, no leftover transfer encoding or markup.
            var replacement = text.Count(c => c == '\uFFFD');
            var looksEncoded = text.Contains("=3D", StringComparison.Ordinal) || text.Contains("=?utf-8?", StringComparison.OrdinalIgnoreCase) || text.Contains("<html", StringComparison.OrdinalIgnoreCase);
            if (text.Trim().Length > 0 && replacement * 100 <= text.Length && !looksEncoded)
            {
                sensible++;
            }
            else
            {
                notSensible.Add($"{Path.GetFileName(file)} ({message.Body.ContentType.MimeType}, {text.Length} chars)");
            }
        }
        TestContext.Out.WriteLine($"mimekit+mailkit: {sensible}/{withText} messages that hold text give sensible text ({files.Count} messages in all)");
        foreach (var file in notSensible)
        {
            TestContext.Out.WriteLine("  no sensible text: " + file);
        }
        Assert.That(sensible, Is.GreaterThanOrEqualTo(withText * 95 / 100));
    }
}

public sealed class LargeMessageTests
{
    [Test]
    public void A_50_MB_message_is_parsed_and_streamed_allocating_well_below_twice_its_size()
    {
        var attachment = new byte[37 * 1024 * 1024]; // 37 MB of content is ~50 MB in base64
        new Random(5).NextBytes(attachment);
        var builder = new MessageBuilder { Subject = "big", TextBody = "see attachment" };
        builder.Attachments.Add(new OutgoingAttachment("big.bin", "application/octet-stream", attachment));
        var bytes = builder.ToBytes();
        Assert.That(bytes.Length, Is.GreaterThan(50_000_000));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var message = MimeMessage.Load(new Mail.NonSeekableStream(bytes, 64 * 1024));
        var part = message.Attachments.Single();
        using var sink = new HashingStream();
        var written = part.WriteDecodedToAsync(sink, CancellationToken.None).GetAwaiter().GetResult();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        TestContext.Out.WriteLine($"50 MB message: {bytes.Length:N0} bytes, allocated {allocated:N0} bytes while parsing and streaming ({(double)allocated / bytes.Length:F2}x)");
        Assert.That(written, Is.EqualTo(attachment.Length));
        Assert.That(sink.Checksum, Is.EqualTo(HashingStream.Of(attachment)));
        Assert.That(allocated, Is.LessThan(bytes.Length * 1.3));
    }

    /// <summary>Keeps only a checksum of what is written, so the test holds no second copy.</summary>
    private sealed class HashingStream : Stream
    {
        public ulong Checksum { get; private set; } = 14695981039346656037;

        public static ulong Of(byte[] bytes)
        {
            using var stream = new HashingStream();
            stream.Write(bytes);
            return stream.Checksum;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => 0;
        public override long Position { get => 0; set { } }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var hash = Checksum;
            foreach (var b in buffer)
            {
                hash = (hash ^ b) * 1099511628211;
            }
            Checksum = hash;
        }
    }
}
