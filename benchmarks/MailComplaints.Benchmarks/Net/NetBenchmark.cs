using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MailComplaints.Mail.Imap;
using MailComplaints.Mail.Net;
using MailComplaints.Mail.Smtp;

namespace MailComplaints.Benchmarks.Net;

/// <summary>
/// Throughput of our IMAP and SMTP clients against the private mail stack (scripts/mailstack.sh), run by
/// scripts/bench-net.sh next to the Python references. Plain Stopwatch timing: each run moves thousands of messages
/// over a real server, far above timer resolution, and BenchmarkDotNet's many iterations would take minutes.
/// Prints KEY=VALUE lines that the script turns into ratios.
/// </summary>
internal static class NetBenchmark
{
    public const string MailboxUser = "bench@localhost";
    public const string AckUser = "discard@localhost";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: net populate|imap|raw|smtp MAILSTACK_DIR [count] | net smtp-sink PORT count  (raw: the mailbox message count)");
            return 2;
        }
        var envFile = Path.Combine(args[1], "mailstack.env");
        var settings = File.Exists(envFile) ? File.ReadAllLines(envFile).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]) : [];
        int Port(string key) => int.Parse(settings[key], CultureInfo.InvariantCulture);
        var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        var imap = new ImapClientOptions { Host = "127.0.0.1", Port = settings.Count > 0 ? Port("IMAP_PORT") : 1, Security = TransportSecurity.None, Username = MailboxUser, Password = settings.GetValueOrDefault("PASSWORD", "") };
        switch (args[0])
        {
            case "populate":
                await PopulateAsync(Port("LMTP_PORT"), MailboxUser, count);
                return 0;
            case "imap":
                await MeasureAsync("imap_ours", () => FetchWithClientAsync(imap));
                return 0;
            case "raw":
                await MeasureAsync("imap_raw", () => FetchRawAsync(imap, count));
                return 0;
            case "smtp":
                var smtp = new SmtpClientOptions { Host = "127.0.0.1", Port = Port("SMTP_PORT"), Security = TransportSecurity.None, LocalDomain = "bench.localhost" };
                await MeasureAsync("smtp_ours", () => SendAcknowledgementsAsync(smtp, count));
                return 0;
            case "smtp-sink":
                // args[1] is the sink's port here, not a mail stack directory.
                var sink = new SmtpClientOptions { Host = "127.0.0.1", Port = int.Parse(args[1], CultureInfo.InvariantCulture), Security = TransportSecurity.None, LocalDomain = "bench.localhost" };
                await MeasureAsync("sink_ours", () => SendAcknowledgementsAsync(sink, count));
                return 0;
            default:
                Console.Error.WriteLine($"unknown benchmark {args[0]}");
                return 2;
        }
    }

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

    /// <summary>Fetch every message and read its text (the whole body; the MIME parser will take over here once merged).</summary>
    private static async Task<int> FetchWithClientAsync(ImapClientOptions options)
    {
        await using var client = new ImapClient(options);
        await client.ConnectAsync(CancellationToken.None);
        await client.ExamineAsync("INBOX", CancellationToken.None);
        var messages = 0;
        var buffer = new byte[64 * 1024];
        await client.UidFetchAsync(UidSet.All, FetchItems.Size | FetchItems.Body, async (message, body, ct) =>
        {
            long total = 0;
            int read;
            while ((read = await body!.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
            }
            if (total != message.Size)
            {
                throw new InvalidDataException($"UID {message.Uid}: read {total} bytes, RFC822.SIZE says {message.Size}.");
            }
            messages++;
        }, CancellationToken.None);
        await client.LogoutAsync(CancellationToken.None);
        return messages;
    }

    /// <summary>The raw rate: the bytes of UID FETCH 1:* (BODY.PEEK[]) read from a socket and discarded.</summary>
    private static async Task<int> FetchRawAsync(ImapClientOptions options, int messages)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(options.Host, options.Port);
        await using var stream = new NetworkStream(socket);
        var buffer = new byte[64 * 1024];
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"a LOGIN {options.Username} {options.Password}\r\nb EXAMINE INBOX\r\nc UID FETCH 1:* (BODY.PEEK[])\r\n"));
        var end = "\r\nc OK"u8.ToArray();
        var seam = new byte[2 * end.Length];
        while (true)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("The server closed the connection.");
            }
            // Only look for the tagged completion, also across the seam between two reads; everything else is discarded.
            buffer.AsSpan(0, Math.Min(read, end.Length)).CopyTo(seam.AsSpan(end.Length));
            if (buffer.AsSpan(0, read).IndexOf(end) >= 0 || seam.AsSpan().IndexOf(end) >= 0)
            {
                return messages;
            }
            buffer.AsSpan(Math.Max(0, read - end.Length), Math.Min(read, end.Length)).CopyTo(seam);
        }
    }

    /// <summary>2,000 acknowledgements (the outbox's typical message) over one connection, in batches.</summary>
    private static async Task<int> SendAcknowledgementsAsync(SmtpClientOptions options, int count)
    {
        await using var client = new SmtpClient(options);
        await client.ConnectAsync(CancellationToken.None);
        // The outbox sends what is due in batches; PIPELINING makes that one round trip per message.
        foreach (var batch in Enumerable.Range(0, count).Chunk(100))
        {
            var results = await client.SendManyAsync(batch.Select(i => new SmtpMessage("complaints@localhost", [AckUser], Acknowledgement(i))).ToList(), CancellationToken.None);
            if (results.FirstOrDefault(r => !r.Sent) is { } refused)
            {
                throw new InvalidOperationException($"An acknowledgement was not accepted: {refused.Failure?.Message ?? refused.Recipients[0].Response.ToString()}");
            }
        }
        await client.DisconnectAsync(CancellationToken.None);
        return count;
    }

    internal static byte[] Acknowledgement(int i) => Encoding.UTF8.GetBytes(
        $"From: Complaints <complaints@localhost>\r\nTo: <{AckUser}>\r\nSubject: Your complaint {i} has been registered\r\n" +
        $"Message-ID: <ack-{i}-{Guid.NewGuid():N}@bench.localhost>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
        $"Dear customer,\r\n\r\nwe have registered your complaint under number {i}. We will answer within 30 days.\r\n\r\nKind regards\r\n");

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
