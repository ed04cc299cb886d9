using System.Diagnostics;

namespace MailComplaints.Worker.Tests;

/// <summary>The built <c>mailcomplaints</c> executable run as its own process, as an operator would run it.</summary>
internal static class WorkerProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mailcomplaints.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The morning overview and the periodic report only where a test asks for them: on the real clock they would add mails at some times.
        start.Environment["Procedure__MorningOverviewTime"] = "off";
        start.Environment["Procedure__ReportTime"] = "off";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        return start;
    }

    /// <summary>Runs to completion (killed after two minutes, which fails the test).</summary>
    public static async Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var (exitCode, output, error) = await Testing.Processes.RunToEndAsync(StartInfo(workingDirectory, environment, arguments), TimeSpan.FromMinutes(2));
        return new Result(exitCode, output, error);
    }
}
