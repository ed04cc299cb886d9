using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MailComplaints.Reading;

namespace MailComplaints.Benchmarks.Reading;

/// <summary>
/// The memory one large complaint costs the intake: a message of the given size (a short text and one base64
/// attachment filling the rest) is held as received, parsed, its text read and its attachment decoded with its
/// SHA-256 with the same calls IntakeService makes before it stores the case. Reports the bytes allocated and the growth of the
/// process's peak working set, each as a multiple of the message's size. Target: below 3×.
/// Usage: dotnet run -c Release --project benchmarks/MailComplaints.Benchmarks -- large-message [megabytes, default 50]
/// </summary>
internal static class LargeMessageMemory
{
    public static int Run(string[] args)
    {
        var megabytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        var file = Path.Combine(Path.GetTempPath(), $"large-complaint-{megabytes}mb.eml");
        Write(file, megabytes * 1_000_000L);
        var size = new FileInfo(file).Length;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var raw = File.ReadAllBytes(file);
        var message = MessageParser.Parse(raw);
        var text = MessageText.Of(message) ?? "";
        long attachmentBytes = 0;
        foreach (var part in MessageParts.Attachments(message))
        {
            var bytes = MessageParts.ContentAsync(part, CancellationToken.None).GetAwaiter().GetResult();
            _ = SHA256.HashData(bytes);
            attachmentBytes += bytes.Length;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        var peakGrowth = process.PeakWorkingSet64 - workingSetBefore;
        GC.KeepAlive(raw);
        File.Delete(file);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"message {size / 1e6:F1} MB (text {text.Length} characters, attachment {attachmentBytes / 1e6:F1} MB decoded): " +
            $"allocated {allocated / 1e6:F1} MB = {(double)allocated / size:F2}x, peak working set +{peakGrowth / 1e6:F1} MB = {(double)peakGrowth / size:F2}x"));
        return 0;
    }

    // A complaint with one attachment, written in pieces so that making it costs the measured process nothing.
    private static void Write(string file, long size)
    {
        using var output = new StreamWriter(file, false, new UTF8Encoding(false)) { NewLine = "\r\n" };
        output.WriteLine("From: Jan de Vries <jan@example.nl>");
        output.WriteLine("To: klachten@gemeente.example");
        output.WriteLine("Subject: Video van de wateroverlast");
        output.WriteLine("Message-ID: <large.1@example.nl>");
        output.WriteLine("MIME-Version: 1.0");
        output.WriteLine("Content-Type: multipart/mixed; boundary=\"b\"");
        output.WriteLine();
        output.WriteLine("--b");
        output.WriteLine("Content-Type: text/plain; charset=utf-8");
        output.WriteLine();
        output.WriteLine("Hierbij de video van de wateroverlast in onze straat.");
        output.WriteLine("--b");
        output.WriteLine("Content-Type: video/mp4; name=\"overlast.mp4\"");
        output.WriteLine("Content-Disposition: attachment; filename=\"overlast.mp4\"");
        output.WriteLine("Content-Transfer-Encoding: base64");
        output.WriteLine();
        var chunk = new byte[57];
        var random = new Random(17);
        long written = 0;
        while (written < size - 200)
        {
            random.NextBytes(chunk);
            output.WriteLine(Convert.ToBase64String(chunk));
            written += 78;
        }
        output.WriteLine("--b--");
    }
}
