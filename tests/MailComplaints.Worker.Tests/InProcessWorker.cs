using System.CommandLine;
using MailComplaints.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace MailComplaints.Worker.Tests;

/// <summary>
/// The worker's verbs run in this process on a private folder (SQLite database, Maildir, pickup directory, logs),
/// with extra settings and, optionally, a clock the test controls.
/// </summary>
internal sealed class InProcessWorker : IDisposable
{
    public InProcessWorker() => Root = Directory.CreateTempSubdirectory("mailcomplaints-worker-").FullName;

    public string Root { get; }

    public string Inbox => Path.Combine(Root, "data", "mail", "inbox");

    public string Outbox => Path.Combine(Root, "data", "mail", "outbox");

    public Dictionary<string, string?> Settings { get; } = [];

    public TimeProvider? Clock { get; set; }

    public sealed record Result(int ExitCode, string Output, string Error);

    public async Task<Result> RunAsync(params string[] arguments)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Complaints"] = $"Data Source={Path.Combine(Root, "data", "complaints.db")}",
            ["Mailbox:Maildir:Path"] = Inbox,
            ["Outbox:PickupDirectory"] = Outbox,
            ["Logging:Directory"] = Path.Combine(Root, "logs"),
        };
        foreach (var (key, value) in Settings)
        {
            overrides[key] = value;
        }
        Action<IServiceCollection>? replace = Clock is null ? null : services => services.AddSingleton(Clock);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Verbs.Create(overrides, replace).Parse(arguments).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new Result(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
