using MailComplaints.Mail.Mime;
using MailComplaints.Mail.Mime.Text;
using MailComplaints.Testing;

namespace MailComplaints.Mail.Tests.Mime;

public sealed class CorpusTests
{
    internal static IEnumerable<string> MessageFiles()
    {
        var root = Corpus.RequireRoot().FullName;
        string[] folders =
        [
            Path.Combine(root, "mimekit", "UnitTests", "TestData", "messages"),
            Path.Combine(root, "mimekit", "Benchmarks", "TestData", "messages"),
            Path.Combine(root, "mailkit", "UnitTests", "Net", "Imap", "Resources", "common"),
            Path.Combine(root, "stalwart-mail-parser", "resources", "eml"),
            Path.Combine(root, "flanker", "tests"),
            Path.Combine(root, "sisimai-set-of-emails", "maildir"),
        ];
        return folders.Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(IsMessage)
            .Order(StringComparer.Ordinal);
    }

    private static bool IsMessage(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".py", StringComparison.Ordinal) || name.StartsWith("LICENSE", StringComparison.Ordinal) || name.StartsWith("COPYING", StringComparison.Ordinal))
        {
            return false;
        }
        return path.Contains("message.", StringComparison.Ordinal) && path.EndsWith(".msg", StringComparison.Ordinal)
            || name.EndsWith(".eml", StringComparison.Ordinal)
            || name.EndsWith(".txt", StringComparison.Ordinal) && path.Contains("TestData", StringComparison.Ordinal)
            || path.Contains("maildir", StringComparison.Ordinal)
            || path.Contains(Path.Combine("flanker", "tests", "fixtures", "messages"), StringComparison.Ordinal);
    }

    [Test]
    public void Every_corpus_message_parses_with_a_subject_or_sender_and_text_readable()
    {
        var files = MessageFiles().ToList();
        Assert.That(files, Has.Count.GreaterThan(300), "the corpus should hold hundreds of messages");
        var failures = new List<string>();
        var withText = 0;
        foreach (var file in files)
        {
            try
            {
                using var stream = File.OpenRead(file);
                var message = MimeMessage.Load(stream);
                _ = message.Subject;
                _ = message.From.Count + message.To.Count + message.Cc.Count;
                _ = message.Date;
                _ = message.MessageId;
                if (!string.IsNullOrWhiteSpace(message.GetTextBody()))
                {
                    withText++;
                }
                foreach (var attachment in message.Attachments)
                {
                    _ = attachment.FileName;
                    _ = attachment.GetDecodedSize();
                }
            }
            catch (Exception exception) when (exception is not AssertionException)
            {
                failures.Add($"{file}: {exception.GetType().Name}: {exception.Message}");
            }
        }
        TestContext.Out.WriteLine($"corpus: {files.Count - failures.Count}/{files.Count} messages parsed, {withText} with text");
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void Every_corpus_text_made_in_one_go_equals_the_text_decoded_then_given_line_feeds_then_trimmed()
    {
        var differences = new List<string>();
        var parts = 0;
        foreach (var file in MessageFiles())
        {
            var message = MimeMessage.Load(File.ReadAllBytes(file));
            foreach (var part in BodyText.Leaves(message.Body).Where(part => part.ContentType.Is("text")))
            {
                parts++;
                var stepByStep = part.GetText().ReplaceLineEndings("\n");
                if (part.GetLines(trim: false) != stepByStep || part.GetLines(trim: true) != stepByStep.Trim())
                {
                    differences.Add($"{file}: part {part.ContentType.MimeType}");
                }
            }
            if (message.GetTextBody(trim: true) != message.GetTextBody()?.Trim())
            {
                differences.Add($"{file}: the message's text");
            }
        }
        Assert.That(parts, Is.GreaterThan(300));
        Assert.That(differences, Is.Empty);
    }
}
