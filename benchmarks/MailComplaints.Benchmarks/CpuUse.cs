using System.Diagnostics;
using System.Globalization;

namespace MailComplaints.Benchmarks;

/// <summary>
/// Where the processor time of a measured run went: this process, and everything else on the machine (the mail server
/// and the database server the run talks to, on an otherwise idle machine). Read from /proc/stat, in the kernel's clock
/// ticks (normally 10 ms); meaningful over runs of a second or more.
/// </summary>
internal sealed class CpuUse
{
    private readonly TimeSpan machineAtStart = MachineBusy();
    private readonly TimeSpan oursAtStart = Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>"ours=… others=… cores_busy=…": processor microseconds per message since this was created, and how many cores were busy on average.</summary>
    public string PerMessage(int messages, TimeSpan elapsed)
    {
        var machine = MachineBusy() - machineAtStart;
        var ours = Process.GetCurrentProcess().TotalProcessorTime - oursAtStart;
        var count = Math.Max(1, messages);
        return string.Create(CultureInfo.InvariantCulture,
            $"ours={ours.TotalMicroseconds / count:F0} others={(machine - ours).TotalMicroseconds / count:F0} cores_busy={machine / elapsed:F2}");
    }

    // The first line of /proc/stat: cpu user nice system idle iowait irq softirq steal …, in clock ticks; busy is all but idle and iowait.
    private static TimeSpan MachineBusy()
    {
        if (!File.Exists("/proc/stat"))
        {
            return TimeSpan.Zero;
        }
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var busy = fields.Sum() - fields[3] - fields[4];
        return TimeSpan.FromSeconds(busy / 100.0);
    }
}
