using System.Globalization;
using MailComplaints.Intake.Classification;
using MailComplaints.Reading;
using MimeKit;

namespace MailComplaints.Tests.Reading;

/// <summary>
/// The reading path (MimeKit's parser plus our text, attachment and machine-mail rules) over every message of the
/// shared corpus, and the rules that read more than MimeKit's own defaults, measured on it.
/// </summary>
public sealed class MessageReadingCorpusTests
{
    private static readonly MachineMailDetector Detector = new(new MachineMailOptions(["klachten@gemeente.example"], "X-MailComplaints-Loop", "gemeente.example"));

    [Test]
    public void Every_corpus_message_is_read_or_refused_with_a_format_error_and_nothing_else_escapes()
    {
        var files = CorpusMessages.Files();
        Assert.That(files, Has.Count.GreaterThan(300), "the corpus holds hundreds of messages");
        var escaped = new List<string>();
        var refused = new List<string>();
        foreach (var file in files)
        {
            try
            {
                var message = MessageParser.Parse(File.ReadAllBytes(file));
                var text = MessageText.Of(message);
                _ = MessageAddresses.SenderOf(message);
                if (Detector.Detect(message, text) is { } verdict)
                {
                    _ = Detector.ReadBounce(message, verdict);
                }
                foreach (var attachment in MessageParts.Attachments(message))
                {
                    _ = MessageParts.FileName(attachment);
                    attachment.Content?.DecodeTo(Stream.Null);
                }
            }
            catch (FormatException exception)
            {
                refused.Add($"{Path.GetFileName(file)}: {exception.Message}");
            }
            catch (Exception exception) when (exception is not AssertionException)
            {
                escaped.Add($"{file}: {exception.GetType().Name}: {exception.Message}");
            }
        }
        TestContext.Out.WriteLine($"corpus: {files.Count - refused.Count}/{files.Count} read; refused: {string.Join("; ", refused)}");
        Assert.That(escaped, Is.Empty);
        Assert.That(refused, Has.Count.LessThanOrEqualTo(files.Count / 100), "only files that are no mail at all are refused");
    }

    [Test]
    public void Where_MimeKits_text_body_drops_inline_text_ours_keeps_all_of_it()
    {
        var dropped = new List<string>();
        foreach (var file in CorpusMessages.Files())
        {
            MimeMessage message;
            try
            {
                message = MessageParser.Parse(File.ReadAllBytes(file));
            }
            catch (FormatException)
            {
                continue;
            }
            var ours = MessageText.Of(message) ?? "";
            var theirs = (message.TextBody ?? "").ReplaceLineEndings("\n").Trim();
            if (ours.Length > theirs.Length + 20 && message.Body is Multipart { ContentType.MediaSubtype: "mixed" })
            {
                dropped.Add(Path.GetRelativePath(Testing.Corpus.RequireRoot().FullName, file));
                Assert.That(ours, Does.Contain(FirstLine(theirs)), $"{file}: ours keeps what MimeKit's TextBody has");
            }
        }
        TestContext.Out.WriteLine($"multipart/mixed messages where MimeKit's TextBody keeps less text than ours: {dropped.Count}: {string.Join(", ", dropped)}");
        Assert.That(dropped, Has.Count.GreaterThanOrEqualTo(10));
    }

    [Test]
    public void A_message_whose_first_line_is_blank_space_is_read_from_its_first_header()
    {
        var raw = "   \r\nFrom: Jan de Vries <jan@example.nl>\r\nSubject: Lekkage\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHet lekt nog steeds.\r\n"u8.ToArray();
        var message = MessageParser.Parse(raw);
        Assert.That((message.Subject, MessageAddresses.SenderOf(message)?.Address, MessageText.Of(message)),
            Is.EqualTo(("Lekkage", "jan@example.nl", "Het lekt nog steeds.")));
    }

    [Test]
    public void The_corpus_message_that_starts_with_a_line_of_spaces_is_read()
    {
        var message = MessageParser.Parse(File.ReadAllBytes(Testing.Corpus.Path("flanker", "tests", "fixtures", "messages", "enclosed-broken.eml")));
        Assert.That((message.Subject, MessageAddresses.SenderOf(message)?.Address), Is.EqualTo(("Wow", "bob@example.net")));
    }

    [Test]
    public void Text_with_no_header_at_all_is_refused_with_a_format_error()
    {
        Assert.Throws<FormatException>(() => MessageParser.Parse("# Notes\n\nThis is a README, not a message.\n"u8.ToArray()));
    }

    [Test]
    public void A_header_field_longer_than_the_limit_is_refused_before_MimeKit_spends_quadratic_work_on_it()
    {
        var folded = string.Concat(Enumerable.Repeat("\t=?utf-8?Q?date=3E2026-11-03?=\r\n", 40 * 1024 / 32));
        var raw = System.Text.Encoding.ASCII.GetBytes($"From: jan@example.nl\r\nSubject: x\r\nX-Long: a\r\n{folded}\r\nHet lekt.\r\n");

        var refused = Assert.Throws<FormatException>(() => MessageParser.Parse(raw))!;

        Assert.That(refused.Message, Does.Contain("a header field of").And.Contain($"more than the {MessageParser.MaxHeaderFieldBytes}"));
        Assert.That(MessageText.Of(MessageParser.Parse(System.Text.Encoding.ASCII.GetBytes(
            $"From: jan@example.nl\r\nSubject: x\r\n\r\n{new string('a', 100_000)}\r\n"))), Has.Length.EqualTo(100_000), "a long body line is no header");
        Assert.That(MessageText.Of(MessageParser.Parse(System.Text.Encoding.ASCII.GetBytes(
            $"From: jan@example.nl\r\nSubject: x\r\n\r\nX-Long: a\r\n{folded}"))), Does.StartWith("X-Long: a"), "nor are folded lines in a body");
    }

    [Test]
    public void A_digest_is_read_as_the_messages_it_holds_so_a_long_header_line_in_one_of_them_is_refused()
    {
        var digest = $"From: moderator@example.org\r\nContent-Type: multipart/digest; boundary=1\r\n\r\n--1\r\n\r\nFrom: jan@example.nl\r\nSubject: {{0}}\r\n\r\nHet lekt.\r\n--1--\r\n";

        var refused = Assert.Throws<FormatException>(() => MessageParser.Parse(System.Text.Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture, digest, new string('<', 40 * 1024)))))!;

        Assert.That(refused.Message, Does.Contain("a header field of"));
        Assert.That(MessageParser.Parse(System.Text.Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture, digest, "Lekkage"))).BodyParts.OfType<MessagePart>().Single().Message!.Subject,
            Is.EqualTo("Lekkage"));
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
