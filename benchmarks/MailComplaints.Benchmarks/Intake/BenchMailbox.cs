using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MailComplaints.Benchmarks.Intake;

/// <summary>
/// The benchmark mailboxes: filled through Dovecot's LMTP with complaint-like messages of 2–10 KB, and measured as the
/// best of three runs after a warm-up. Plain Stopwatch timing: each run moves thousands of messages over a real server,
/// far above timer resolution, and BenchmarkDotNet's many iterations would take minutes. Prints KEY=VALUE lines.
/// </summary>
internal static class BenchMailbox
{
    private const string MailboxUser = "bench@localhost";

    /// <summary>Best of three runs (after one warm-up), as messages per second.</summary>
    internal static async Task MeasureAsync(string name, Func<Task<int>> run)
    {
        await run();
        await JitSettling.WaitAsync();
        var best = 0.0;
        var messages = 0;
        var cpu = new CpuUse();
        var all = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            messages = await run();
            best = Math.Max(best, messages / stopwatch.Elapsed.TotalSeconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_messages={messages}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_per_second={best:F0}"));
        Console.WriteLine($"{name}_cpu_us_per_message={cpu.PerMessage(3 * messages, all.Elapsed)}");
    }

    /// <summary>Fills the benchmark mailbox through LMTP with complaint-like messages of 2–10 KB.</summary>
    internal static async Task PopulateAsync(int lmtpPort, string user, int count, int first = 0)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", lmtpPort);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        async Task ExpectAsync(string code)
        {
            string? line;
            do
            {
                line = await reader.ReadLineAsync() ?? throw new IOException("LMTP closed.");
                if (!line.StartsWith(code, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"LMTP: expected {code}, got {line}");
                }
            }
            while (line.Length > 3 && line[3] == '-');
        }
        async Task SendAsync(string text) => await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await ExpectAsync("220");
        await SendAsync("LHLO bench\r\n");
        await ExpectAsync("250");
        for (var i = first; i < first + count; i++)
        {
            await SendAsync($"MAIL FROM:<customer{i}@example.com>\r\nRCPT TO:<{user}>\r\nDATA\r\n");
            await ExpectAsync("250");
            await ExpectAsync("250");
            await ExpectAsync("354");
            await SendAsync(Complaint(i) + ".\r\n");
            await ExpectAsync("250");
        }
        await SendAsync("QUIT\r\n");
    }

    private static readonly string[] Sentences =
    [
        "I am writing to complain about the late delivery of my order.",
        "The parcel arrived damaged and the contents were unusable.",
        "Nobody answered the phone although I called five times.",
        "Žádám o vrácení peněz za vadné zboží.",
        "Please confirm receipt of this complaint within the statutory period.",
    ];

    private static string Complaint(int i)
    {
        var random = new Random(i);
        var target = random.Next(2_000, 10_000);
        var text = new StringBuilder($"From: Customer {i} <customer{i}@example.com>\r\nTo: <{MailboxUser}>\r\nSubject: Complaint {i}\r\nMessage-ID: <c{i}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        while (text.Length < target)
        {
            text.Append(Sentences[random.Next(Sentences.Length)]).Append("\r\n");
        }
        return text.ToString();
    }
}
