using BenchmarkDotNet.Attributes;
using MailComplaints.Intake.Classification;
using MailComplaints.Reading;
using MimeKit;

namespace MailComplaints.Benchmarks.Reading;

/// <summary>
/// The reading path per message over the shared corpus, against bare MimeKit in the same run: the baseline parses
/// (copying the content, MimeKit's default) and takes <c>TextBody</c>; ours parses persistently (contents stay ranges
/// of the received bytes), chooses the text by our rules, finds the sender and asks the machine-mail detector.
/// Run with scripts/bench-reading.sh; see docs/benchmarks.md.
/// </summary>
[MemoryDiagnoser]
public class ReadingBenchmarks
{
    private readonly MachineMailDetector detector = new(new MachineMailOptions(["klachten@gemeente.example"], "X-MailComplaints-Loop", "gemeente.example"));
    private byte[][] corpus = [];

    [GlobalSetup]
    public void Load() => corpus = CorpusFiles.Messages().Select(File.ReadAllBytes).ToArray();

    [Benchmark(Baseline = true, Description = "MimeKit: parse + TextBody")]
    public int MimeKitAlone()
    {
        var total = 0;
        foreach (var bytes in corpus)
        {
            try
            {
                using var stream = new MemoryStream(bytes, writable: false);
                total += MimeMessage.Load(stream).TextBody?.Length ?? 0;
            }
            catch (FormatException)
            {
                total++;
            }
        }
        return total;
    }

    [Benchmark(Description = "MimeKit: persistent parse + TextBody")]
    public int MimeKitPersistent()
    {
        var total = 0;
        foreach (var bytes in corpus)
        {
            try
            {
                using var stream = new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
                total += MimeMessage.Load(stream, persistent: true).TextBody?.Length ?? 0;
            }
            catch (FormatException)
            {
                total++;
            }
        }
        return total;
    }

    [Benchmark(Description = "ours: parse + text + sender + machine mail")]
    public int Ours()
    {
        var total = 0;
        foreach (var bytes in corpus)
        {
            try
            {
                var message = MessageParser.Parse(bytes);
                total += (MessageText.Of(message)?.Length ?? 0) + (MessageAddresses.SenderOf(message)?.Address.Length ?? 0) + (detector.Detect(message) is null ? 0 : 1);
            }
            catch (FormatException)
            {
                total++;
            }
        }
        return total;
    }
}
