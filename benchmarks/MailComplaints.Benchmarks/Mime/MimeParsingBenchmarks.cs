using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MailComplaints.Mail.Mime;

namespace MailComplaints.Benchmarks.Mime;

/// <summary>
/// Parse, decode subject and sender, extract the text: over the whole corpus and over startrek.eml.
/// The message files come from scripts/bench-mime.sh (MIME_BENCH_FILES, one path a line; MIME_BENCH_STARTREK),
/// which runs Python's email package on the same files in the same run. See docs/benchmarks.md.
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
public class MimeParsingBenchmarks
{
    private byte[][] corpus = [];
    private byte[] startrek = [];

    [GlobalSetup]
    public void Load()
    {
        corpus = CorpusFiles().Select(File.ReadAllBytes).ToArray();
        startrek = File.ReadAllBytes(StartrekPath());
    }

    [Benchmark(Description = "corpus")]
    public int Corpus()
    {
        var total = 0;
        foreach (var bytes in corpus)
        {
            total += Read(bytes);
        }
        return total;
    }

    [Benchmark(Description = "startrek.eml")]
    public int Startrek() => Read(startrek);

    private static int Read(byte[] bytes)
    {
        var message = MimeMessage.Load(bytes);
        var subject = message.Subject;
        var sender = message.From.Count > 0 ? message.From[0] : null;
        var text = message.GetTextBody();
        return (subject?.Length ?? 0) + (sender?.Address.Length ?? 0) + (text?.Length ?? 0);
    }

    internal static IReadOnlyList<string> CorpusFiles() =>
        File.ReadAllLines(Environment.GetEnvironmentVariable("MIME_BENCH_FILES")
            ?? throw new InvalidOperationException("Set MIME_BENCH_FILES to a file listing the messages, or run scripts/bench-mime.sh."))
            .Where(line => line.Length > 0)
            .ToList();

    internal static string StartrekPath() =>
        Environment.GetEnvironmentVariable("MIME_BENCH_STARTREK")
            ?? throw new InvalidOperationException("Set MIME_BENCH_STARTREK to startrek.eml, or run scripts/bench-mime.sh.");

    /// <summary>Mean time in microseconds and a MB/s column, also in the CSV the script reads.</summary>
    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            SummaryStyle = SummaryStyle.Default.WithTimeUnit(Perfolizer.Horology.TimeUnit.Microsecond);
            AddColumn(new ThroughputColumn());
            AddExporter(CsvExporter.Default);
        }
    }

    /// <summary>Megabytes (10^6 bytes) of mail read per second.</summary>
    private sealed class ThroughputColumn : IColumn
    {
        public string Id => "MBps";
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Megabytes of mail read per second";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            if (mean is null)
            {
                return "-";
            }
            var bytes = benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(Startrek)
                ? new FileInfo(StartrekPath()).Length
                : CorpusFiles().Sum(file => new FileInfo(file).Length);
            return (bytes / (mean.Value / 1e9) / 1e6).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
