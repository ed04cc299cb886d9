using System.Diagnostics;
using System.Globalization;
using System.Text;
using MailComplaints.Benchmarks.Reading;
using MailComplaints.Intake.Classification;
using MailComplaints.Intake.Text;
using MailComplaints.Reading;

namespace MailComplaints.Benchmarks.Fuzz;

/// <summary>
/// Mutation fuzzing of the reading path: MimeKit's parser and everything we read from its result (the text, the sender,
/// the attachments decoded, machine mail and bounces, the complainant's own text, the language and the incident date).
/// Each input is a corpus message mutated by a generator seeded from (seed, number), so any failure is reproduced by its
/// number. A failure is an exception other than the parser's FormatException (which files the message as Failed), a
/// message that takes longer than its budget, or one that allocates more than its budget; each is written to $TMPDIR.
/// Usage: fuzz [ITERATIONS=1000000] [SEED=1]  (scripts/fuzz-reading.sh)
/// </summary>
internal static class ReadingFuzzer
{
    private static readonly string[] Charsets = ["utf-8", "utf-7", "iso-2022-jp", "windows-1252", "koi8-r", "x-unknown", "us-ascii", "gb2312", "\"\"", "utf-16"];

    public static int Run(string[] args)
    {
        if (args.Length == 2 && args[0] == "--file")
        {
            return Explain(File.ReadAllBytes(args[1]));
        }
        var iterations = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        var corpus = CorpusFiles.Messages().Select(File.ReadAllBytes).ToArray();
        var detector = new MachineMailDetector(new MachineMailOptions(["klachten@gemeente.example"], "X-MailComplaints-Loop", "gemeente.example"));
        long read = 0, refused = 0, failures = 0, done = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0L, iterations, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, number =>
        {
            var random = new Random(HashCode.Combine(seed, number));
            var input = Mutate(corpus, random);
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            string? failure = null;
            try
            {
                if (ReadAll(input, detector))
                {
                    Interlocked.Increment(ref read);
                }
                else
                {
                    Interlocked.Increment(ref refused);
                }
            }
            catch (Exception exception)
            {
                failure = $"{exception.GetType().Name}: {exception.Message}\n{exception.StackTrace}";
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (failure is null && elapsed > TimeSpan.FromSeconds(2) + TimeSpan.FromMilliseconds(input.Length / 1024.0))
            {
                failure = $"took {elapsed.TotalMilliseconds:F0} ms for {input.Length} bytes";
            }
            if (failure is null && allocated > 64L * input.Length + 64_000_000)
            {
                failure = $"allocated {allocated} bytes for {input.Length} bytes";
            }
            if (failure is not null)
            {
                Interlocked.Increment(ref failures);
                var file = Path.Combine(Path.GetTempPath(), $"reading-fuzz-{seed}-{number}.eml");
                File.WriteAllBytes(file, input);
                Console.WriteLine($"failure at {number} ({file}): {failure}");
            }
            if (Interlocked.Increment(ref done) % 50_000 == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{done} done, {failures} failures, {done / clock.Elapsed.TotalSeconds:F0}/s"));
            }
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz seed {seed}: {iterations} mutated messages, {read} read, {refused} refused (FormatException, filed as Failed), {failures} failures; " +
            $"{clock.Elapsed.TotalSeconds:F0} s, {iterations / clock.Elapsed.TotalSeconds:F0} messages/s"));
        return failures == 0 ? 0 : 1;
    }

    // One saved input, step by step: the time and the bytes each step of the reading path costs.
    private static int Explain(byte[] input)
    {
        var detector = new MachineMailDetector(new MachineMailOptions(["klachten@gemeente.example"], "X-MailComplaints-Loop", "gemeente.example"));
        T Step<T>(string name, Func<T> step)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            var result = step();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-20} {Stopwatch.GetElapsedTime(started).TotalMilliseconds,10:F0} ms {(GC.GetAllocatedBytesForCurrentThread() - before) / 1e6,12:F1} MB"));
            return result;
        }
        Console.WriteLine($"input: {input.Length} bytes");
        var message = Step("parse", () => MessageParser.Parse(input));
        var text = Step("text", () => MessageText.Of(message) ?? "");
        Step("sender", () => MessageAddresses.SenderOf(message));
        var verdict = Step("machine mail", () => detector.Detect(message, text));
        Step("bounce", () => verdict is null ? null : detector.ReadBounce(message, verdict));
        Step("attachments", () => MessageParts.Attachments(message).Sum(part => { part.Content?.DecodeTo(Stream.Null); return 1; }));
        var own = Step("own text", () => QuotedTextStripper.OwnText(text));
        Step("language", () => LanguageDetector.Detect(text, own));
        Step("incident date", () => IncidentDateReader.ReadOwnText(own, new DateOnly(2026, 11, 3)));
        return 0;
    }

    // Everything the intake reads from a message; false when the parser refuses it.
    private static bool ReadAll(byte[] input, MachineMailDetector detector)
    {
        MimeKit.MimeMessage message;
        try
        {
            message = MessageParser.Parse(input);
        }
        catch (FormatException)
        {
            return false;
        }
        var text = MessageText.Of(message) ?? "";
        _ = MessageAddresses.SenderOf(message);
        if (detector.Detect(message, text) is { } verdict)
        {
            _ = detector.ReadBounce(message, verdict);
        }
        foreach (var attachment in MessageParts.Attachments(message))
        {
            _ = MessageParts.FileName(attachment);
            attachment.Content?.DecodeTo(Stream.Null);
        }
        var own = QuotedTextStripper.OwnText(text);
        _ = LanguageDetector.Detect(text, own);
        _ = IncidentDateReader.ReadOwnText(own, new DateOnly(2026, 11, 3));
        return true;
    }

    private static byte[] Mutate(byte[][] corpus, Random random)
    {
        var bytes = new List<byte>(corpus[random.Next(corpus.Length)]);
        var rounds = random.Next(1, 6);
        var limit = (int)MailComplaints.Intake.IntakeSettings.Default.MaxMessageBytes;
        for (var round = 0; round < rounds && bytes.Count <= limit; round++)
        {
            switch (random.Next(10))
            {
                case 0 when bytes.Count > 0: // flip bytes
                    for (var i = random.Next(1, 16); i > 0; i--)
                    {
                        bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    }
                    break;
                case 1 when bytes.Count > 0: // delete a run
                    var at = random.Next(bytes.Count);
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 512)));
                    break;
                case 2: // insert structure-looking text
                    bytes.InsertRange(random.Next(bytes.Count + 1), Encoding.ASCII.GetBytes(Pick(random,
                        "\r\n--boundary\r\n", "\r\n\r\n", "Content-Type: multipart/mixed; boundary=\"boundary\"\r\n", "=?utf-8?q?", "=?utf-8?b?", "=\r\n", "<", "<p>",
                        "Content-Transfer-Encoding: base64\r\n", "Content-Type: text/html\r\n", "Content-Type: message/rfc822\r\n", "\0", "\r", "\n.\r\n")));
                    break;
                case 3 when bytes.Count > 0: // duplicate a line many times
                    var line = Line(bytes, random.Next(bytes.Count));
                    for (var i = random.Next(2, 200); i > 0 && bytes.Count + line.Length <= limit; i--)
                    {
                        bytes.InsertRange(random.Next(bytes.Count + 1), line);
                    }
                    break;
                case 4: // splice in part of another message
                    var other = corpus[random.Next(corpus.Length)];
                    var start = random.Next(other.Length);
                    bytes.InsertRange(random.Next(bytes.Count + 1), other.Skip(start).Take(random.Next(1, 4096)));
                    break;
                case 5: // nest multipart wrappers deeply
                    var depth = random.Next(10, 300);
                    var head = new StringBuilder("Content-Type: multipart/mixed; boundary=b0\r\n\r\n");
                    for (var i = 1; i < depth; i++)
                    {
                        head.Append(CultureInfo.InvariantCulture, $"--b{i - 1}\r\nContent-Type: multipart/alternative; boundary=b{i}\r\n\r\n");
                    }
                    bytes.InsertRange(0, Encoding.ASCII.GetBytes(head.ToString()));
                    break;
                case 6: // a huge header line or floods
                    bytes.InsertRange(random.Next(bytes.Count + 1), Encoding.ASCII.GetBytes(new string(Pick(random, "a", "<", "=?", "&#", "<b>", "> ")[0], random.Next(1_000, 200_000))));
                    break;
                case 7: // a charset label
                    bytes.InsertRange(random.Next(bytes.Count + 1), Encoding.ASCII.GetBytes($"Content-Type: text/plain; charset={Pick(random, Charsets)}\r\n"));
                    break;
                case 8: // nested HTML
                    var html = new StringBuilder("Content-Type: text/html\r\n\r\n");
                    for (var i = random.Next(100, 20_000); i > 0; i--)
                    {
                        html.Append(Pick(random, "<div>", "<a href=\"x\">", "<table><tr><td>", "<li>", "<pre>", "</div>", "<script>", "<!--"));
                    }
                    bytes.InsertRange(random.Next(bytes.Count + 1), Encoding.ASCII.GetBytes(html.ToString()));
                    break;
                default: // truncate
                    if (bytes.Count > 1)
                    {
                        var keep = random.Next(bytes.Count / 2, bytes.Count);
                        bytes.RemoveRange(keep, bytes.Count - keep);
                    }
                    break;
            }
        }
        // Larger messages never reach the reader: the intake leaves them in the Failed folder unread (Intake:MaxMessageBytes).
        return [.. bytes.Take((int)MailComplaints.Intake.IntakeSettings.Default.MaxMessageBytes)];
    }


    private static string Pick(Random random, params string[] options) => options[random.Next(options.Length)];

    private static byte[] Line(List<byte> bytes, int at)
    {
        var start = at;
        while (start > 0 && bytes[start - 1] != '\n')
        {
            start--;
        }
        var end = at;
        while (end < bytes.Count && bytes[end] != '\n')
        {
            end++;
        }
        return [.. bytes.Skip(start).Take(Math.Min(end + 1, bytes.Count) - start)];
    }
}
