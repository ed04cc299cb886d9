using System.Diagnostics;
using MailComplaints.Mail.Mime;

namespace MailComplaints.Mail.Tests.Mime;

/// <summary>
/// Mutation fuzzing of corpus messages: bytes flipped, inserted, deleted, lines duplicated, input truncated.
/// Shared by the bounded test in the suite and the long run of scripts/fuzz-mime.sh.
/// </summary>
public static class Fuzzing
{
    /// <summary>A generous budget for a loaded 2-core machine: a fixed allowance plus a few ms per KB.</summary>
    public static double BudgetMilliseconds(int length) => 250 + 5.0 * length / 1024;

    public static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        var mutations = random.Next(1, 12);
        ReadOnlySpan<byte> interesting = "-\r\n:;=?\"<>()\\ \t\0\xff"u8;
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, interesting[random.Next(interesting.Length)]);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 64), bytes.Count - at));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at); // truncate
                    break;
                case 4:
                    // Repeat a slice many times: deep nesting, long lines, many headers.
                    var length = Math.Min(random.Next(1, 80), bytes.Count - at);
                    var slice = bytes.GetRange(at, length);
                    for (var k = random.Next(2, 200); k > 0; k--)
                    {
                        bytes.InsertRange(at, slice);
                    }
                    break;
                case 5:
                    bytes.InsertRange(at, "\r\n--"u8.ToArray());
                    break;
                default:
                    bytes[at] = interesting[random.Next(interesting.Length)];
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Reads everything the worker reads; returns the elapsed milliseconds. Any exception escapes to the caller.</summary>
    public static double Exercise(byte[] bytes)
    {
        var watch = Stopwatch.StartNew();
        var message = MimeMessage.Load(new Mail.NonSeekableStream(bytes, 4096));
        _ = message.Subject;
        _ = message.From.Count + message.To.Count + message.Cc.Count + message.ReplyTo.Count;
        _ = message.Date;
        _ = message.MessageId;
        _ = message.References.Count;
        _ = message.GetTextBody();
        _ = message.GetHtmlBody();
        foreach (var attachment in message.Attachments)
        {
            _ = attachment.FileName;
            _ = attachment.GetDecodedSize();
        }
        _ = MessageReport.Create("fuzz", message).ToJson();
        return watch.Elapsed.TotalMilliseconds;
    }
}

public sealed class FuzzTests
{
    [Test]
    public void Mutated_corpus_messages_always_parse_in_linear_time()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MIME_FUZZ_SEED"), out var s) ? s : 20251121;
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("MIME_FUZZ_ITERATIONS"), out var n) ? n : 400;
        var random = new Random(seed);
        var files = CorpusTests.MessageFiles().Select(File.ReadAllBytes).Where(bytes => bytes.Length < 400_000).ToList();
        foreach (var file in files)
        {
            Fuzzing.Exercise(file); // every code path the corpus reaches is compiled before anything is timed
        }
        var slowest = 0.0;
        byte[]? slowestInput = null;
        for (var i = 0; i < iterations; i++)
        {
            var input = Fuzzing.Mutate(files[random.Next(files.Count)], random);
            if (Environment.GetEnvironmentVariable("MIME_FUZZ_CURRENT") is { Length: > 0 } current)
            {
                File.WriteAllBytes(current, input); // a hang leaves its input behind
            }
            double elapsed;
            try
            {
                elapsed = Fuzzing.Exercise(input);
            }
            catch (Exception exception)
            {
                var path = Path.Combine(Path.GetTempPath(), $"mime-fuzz-{seed}-{i}.eml");
                File.WriteAllBytes(path, input);
                Assert.Fail($"iteration {i} (seed {seed}) threw {exception}; input saved to {path}");
                return;
            }
            // A shared CI box can stall any single run; a slow input is slow every time, so measure twice more.
            for (var retry = 0; retry < 2 && elapsed >= Fuzzing.BudgetMilliseconds(input.Length); retry++)
            {
                elapsed = Math.Min(elapsed, Fuzzing.Exercise(input));
            }
            if (input.Length >= 4096 && elapsed / (input.Length / 1024.0) > slowest)
            {
                slowest = elapsed / (input.Length / 1024.0);
                slowestInput = input;
            }
            if (elapsed >= Fuzzing.BudgetMilliseconds(input.Length))
            {
                var path = Path.Combine(Path.GetTempPath(), $"mime-fuzz-{seed}-{i}.eml");
                File.WriteAllBytes(path, input);
                Assert.Fail($"iteration {i} (seed {seed}): {input.Length} bytes took {elapsed:F0} ms; input saved to {path}");
            }
        }
        if (slowestInput is not null && Environment.GetEnvironmentVariable("MIME_FUZZ_KEEP_SLOWEST") is { Length: > 0 } keep)
        {
            File.WriteAllBytes(keep, slowestInput);
        }
        TestContext.Out.WriteLine($"fuzz: {iterations} mutated messages (seed {seed}), slowest {slowest:F3} ms per KB among inputs of 4 KB or more");
    }

    [Test]
    public void Deep_nesting_many_headers_and_long_lines_are_capped_with_defects()
    {
        var deep = string.Concat(Enumerable.Range(0, 5000).Select(i => $"Content-Type: multipart/mixed; boundary=\"x{i}y\"\r\n\r\n--x{i}y\r\n"));
        var headers = string.Concat(Enumerable.Range(0, 20000).Select(i => "X-H: v\r\n")) + "\r\nbody";
        var longLine = "Subject: " + new string('a', 3_000_000) + "\r\n\r\nbody";
        foreach (var (text, defect) in new[] { (deep, MimeDefectKind.NestingTooDeep), (headers, MimeDefectKind.TooManyHeaders), (longLine, MimeDefectKind.LineTooLong) })
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(text);
            var elapsed = Fuzzing.Exercise(bytes);
            var message = MimeMessage.Load(bytes);
            Assert.That(message.Defects.Select(d => d.Kind), Does.Contain(defect));
            Assert.That(elapsed, Is.LessThan(Fuzzing.BudgetMilliseconds(bytes.Length)));
        }
    }
}
