using MailComplaints.Intake.Classification;
using MailComplaints.Reading;
using MimeKit;
using MailComplaints.Testing;

namespace MailComplaints.Tests.Intake.Classification;

/// <summary>The detector over the shared corpus: real bounces, auto-replies and reports from some 80 servers.</summary>
public sealed class MachineMailCorpusTests
{
    private static readonly MachineMailDetector Detector = Messages.Detector();

    [Test]
    public void Every_sisimai_bsd_message_is_machine_mail()
    {
        var files = Files("sisimai-set-of-emails", "maildir", "bsd");
        Assert.That(files, Has.Count.EqualTo(308));

        var (counts, misses) = Classify(files);

        Print("sisimai bsd", files.Count, counts);
        foreach (var miss in misses)
        {
            TestContext.Out.WriteLine($"  MISS {miss}");
        }
        Assert.That(misses, Is.Empty, "every file in bsd/ is machine-generated mail");
    }

    [TestCase("is-not-bounce-01.eml")]
    [TestCase("is-not-bounce-02.eml")]
    public void A_sisimai_not_bounce_message_is_a_persons_mail(string file)
    {
        var verdict = Detector.Detect(Load(Corpus.Path("sisimai-set-of-emails", "maildir", "not", file)));

        Assert.That(verdict, Is.Null);
    }

    // sisimai keeps this file under not/ because its parser must not crash on it (rb-sisimai issue 368), not
    // because a person wrote it: Return-Path <>, Auto-Submitted: auto-replied, From postmaster, "automatic
    // bounce notification ... Please don't reply". Answering it is exactly the ping-pong we must avoid.
    [Test]
    public void The_sisimai_not_file_that_is_a_postmasters_bounce_notification_is_machine_mail()
    {
        var verdict = Detector.Detect(Load(Corpus.Path("sisimai-set-of-emails", "maildir", "not", "rb-issue-368-bug.eml")));

        Assert.That(verdict?.Kind, Is.EqualTo(MachineMailKind.DeliveryStatus));
    }

    [Test]
    public void Every_flanker_bounce_and_complaint_is_machine_mail()
    {
        var files = Files("flanker", "tests", "fixtures", "messages", "bounce").Concat(Files("flanker", "tests", "fixtures", "messages", "complaints")).ToList();

        var (counts, misses) = Classify(files);

        Print("flanker bounce+complaints", files.Count, counts);
        Assert.That(misses, Is.Empty);
    }

    [Test]
    public void The_mimekit_and_mailkit_messages_are_classified_without_error()
    {
        var files = Files("mimekit", "UnitTests", "TestData", "messages")
            .Concat(Files("mimekit", "Benchmarks", "TestData", "messages"))
            .Concat(Files("mailkit", "UnitTests", "Net", "Imap", "Resources", "common").Where(file => file.EndsWith(".msg", StringComparison.Ordinal)))
            .ToList();

        var (counts, _) = Classify(files, printEach: true);

        Print("mimekit+mailkit", files.Count, counts);
        Assert.That(files, Has.Count.GreaterThan(50));
    }

    private static (SortedDictionary<string, int> Counts, List<string> Misses) Classify(IEnumerable<string> files, bool printEach = false)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var misses = new List<string>();
        foreach (var file in files)
        {
            MimeMessage message;
            try
            {
                message = Load(file);
            }
            catch (FormatException)
            {
                // Refused by the reader (stack-overflow.txt's header field is far beyond the limit): the intake files it as Failed.
                counts["refused"] = counts.GetValueOrDefault("refused") + 1;
                continue;
            }
            var verdict = Detector.Detect(message);
            var key = verdict?.Kind.ToString() ?? "person";
            counts[key] = counts.GetValueOrDefault(key) + 1;
            if (verdict is null)
            {
                misses.Add($"{Path.GetFileName(file)}: Subject \"{message.Subject}\", From \"{message.From}\"");
            }
            if (printEach)
            {
                TestContext.Out.WriteLine($"  {Path.GetFileName(file)}: {verdict?.ToString() ?? "person"}");
            }
        }
        return (counts, misses);
    }

    private static void Print(string set, int total, SortedDictionary<string, int> counts) =>
        TestContext.Out.WriteLine($"{set}: {total} messages; " + string.Join(", ", counts.Select(pair => $"{pair.Key} {pair.Value}")));

    private static List<string> Files(params string[] parts) =>
        Directory.EnumerateFiles(Corpus.Path(parts)).Order(StringComparer.Ordinal).ToList();

    private static MimeMessage Load(string path) => MessageParser.Parse(File.ReadAllBytes(path));
}
