using System.Diagnostics;

namespace MailComplaints.Testing;

/// <summary>Runs the command-line tools that set up real servers for tests, failing loudly with their output.</summary>
public static class Processes
{
    /// <summary>
    /// Asks a process to stop as a service manager does (SIGTERM), with the shell's own <c>kill</c>: the <c>kill</c>
    /// program comes with procps, which a minimal Debian lacks.
    /// </summary>
    public static void Terminate(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        using var shell = Process.Start("sh", ["-c", "kill -TERM \"$1\"", "sh", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            ?? throw new InvalidOperationException("Could not start sh.");
        shell.WaitForExit();
    }

    /// <summary>True when the tests run as root (then servers that refuse root run as their own user).</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a program to completion; throws with its output when it exits non-zero.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, string? asUser = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo
        {
            FileName = asUser is null ? fileName : "runuser",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asUser is not null)
        {
            foreach (var prefix in new[] { "-u", asUser, "--", fileName })
            {
                start.ArgumentList.Add(prefix);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{await output.ConfigureAwait(false)}\n{await error.ConfigureAwait(false)}");
        }
        return await output.ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a program to its end and gives its exit code and output; killed after <paramref name="limit"/>, which fails the test.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToEndAsync(ProcessStartInfo start, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            NUnit.Framework.Assert.Fail($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {limit}.\n{await output}\n{await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary>A TCP port on loopback that nothing listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
