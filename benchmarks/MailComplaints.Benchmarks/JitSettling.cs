using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace MailComplaints.Benchmarks;

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
