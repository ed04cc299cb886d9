using System.Diagnostics;
using System.Globalization;
using System.Runtime;

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

/// <summary>
/// Waits, after a warm-up run, until the runtime has finished compiling: tiered compilation first runs each method as
/// quickly compiled code and recompiles the ones called often with full optimisation, in the background, once no new
/// method has been compiled for a while. The worker reaches that state between two polls; a run measured straight
/// after the warm-up would mostly measure the compiler (on this 2-core machine the intake then spent twice the
/// processor time per message).
/// </summary>
internal static class JitSettling
{
    public static async Task WaitAsync()
    {
        var stable = TimeSpan.FromSeconds(2);
        var limit = Stopwatch.StartNew();
        var count = JitInfo.GetCompiledMethodCount();
        var since = Stopwatch.StartNew();
        while (since.Elapsed < stable && limit.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            var now = JitInfo.GetCompiledMethodCount();
            if (now != count)
            {
                count = now;
                since.Restart();
            }
        }
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compiler settled after {limit.Elapsed.TotalSeconds:F1} s ({count} methods compiled)"));
    }
}
