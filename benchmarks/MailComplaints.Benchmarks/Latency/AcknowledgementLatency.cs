using System.Diagnostics;
using System.Globalization;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailComplaints.Benchmarks.Latency;

/// <summary>
/// What a complainant feels: the seconds from sending a complaint to having its acknowledgement in their mailbox, with
/// the worker running as a service against the mail stack (Dovecot with its default settings, Postfix). Complaints are
/// sent one at a time through Postfix to the complaints mailbox; the next goes when the previous acknowledgement has
/// been delivered. The worker keeps its default poll (one minute) and send interval (15 s): what is measured is IDLE
/// waking it and the outbox being sent after the commit. Target: p95 ≤ 2 s.
/// Usage (scripts/bench-latency.sh starts the stack): latency STACK_DIR WORKER_DLL [COUNT=100]
/// </summary>
internal static class AcknowledgementLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        var stack = args[0];
        var worker = args[1];
        var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        var settings = File.ReadAllLines(Path.Combine(stack, "mailstack.env")).Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
        var run = Guid.NewGuid().ToString("N")[..6];
        var workingDirectory = Directory.CreateTempSubdirectory("latency-worker-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Mailbox__Kind"] = "Imap",
            ["Mailbox__Imap__Host"] = "127.0.0.1",
            ["Mailbox__Imap__Port"] = settings["IMAP_PORT"],
            ["Mailbox__Imap__Security"] = "None",
            ["Mailbox__Imap__Username"] = $"klachten{run}@localhost",
            ["Mailbox__Imap__Password"] = settings["PASSWORD"],
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = settings["SMTP_PORT"],
            ["Smtp__Security"] = "None",
            ["Handlers__0__Email"] = $"petra{run}@localhost",
            ["Handlers__1__Email"] = $"bakker{run}@localhost",
        };
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(worker);
        start.ArgumentList.Add("run");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var service = Process.Start(start)!;
        var output = service.StandardOutput.ReadToEndAsync();
        var error = service.StandardError.ReadToEndAsync();
        try
        {
            using var smtp = new SmtpClient();
            await smtp.ConnectAsync("127.0.0.1", int.Parse(settings["SMTP_PORT"], CultureInfo.InvariantCulture), SecureSocketOptions.None);
            // The first complaint creates the mailbox and warms the worker up; it is not counted.
            await MeasureAsync(smtp, stack, run, "warmup");
            var seconds = new List<double>(count);
            for (var i = 0; i < count; i++)
            {
                seconds.Add(await MeasureAsync(smtp, stack, run, i.ToString(CultureInfo.InvariantCulture)));
            }
            await smtp.DisconnectAsync(quit: true);
            seconds.Sort();
            double Percentile(double p) => seconds[Math.Min(seconds.Count - 1, (int)Math.Ceiling(p * seconds.Count) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"acknowledgement latency over {count} complaints: p50 {Percentile(0.50):F2} s, p95 {Percentile(0.95):F2} s, max {seconds[^1]:F2} s, min {seconds[0]:F2} s"));
            return Percentile(0.95) <= 2 ? 0 : 1;
        }
        catch (TimeoutException)
        {
            service.Kill(entireProcessTree: true);
            Console.Error.WriteLine($"The worker's output:\n{await output}\n{await error}");
            throw;
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill(entireProcessTree: true);
            }
            await service.WaitForExitAsync();
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    // Sends one complaint through Postfix and waits until its acknowledgement is a file in the complainant's Maildir.
    private static async Task<double> MeasureAsync(SmtpClient smtp, string stack, string run, string id)
    {
        var complainant = $"klager{run}x{id}";
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress($"Klager {id}", $"{complainant}@localhost"));
        message.To.Add(new MailboxAddress("Klachten", $"klachten{run}@localhost"));
        message.Subject = $"Lekkage in woning {id}";
        message.MessageId = $"latency-{run}-{id}@example.nl";
        message.Body = new TextPart("plain") { Text = $"Beste klachtenafdeling,\n\nGisteren is de monteur voor woning {id} opnieuw niet gekomen. De lekkage wordt erger.\n\nMet vriendelijke groet,\nKlager {id}" };
        var delivered = Path.Combine(stack, "mail", "localhost", complainant, "new");
        var clock = Stopwatch.StartNew();
        await smtp.SendAsync(message);
        while (!Directory.Exists(delivered) || Directory.GetFiles(delivered).Length == 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"No acknowledgement for complaint {id} after two minutes.");
            }
            await Task.Delay(10);
        }
        return clock.Elapsed.TotalSeconds;
    }
}
