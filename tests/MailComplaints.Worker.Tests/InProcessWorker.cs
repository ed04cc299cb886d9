using System.CommandLine;
using MailComplaints.Storage;
using MailComplaints.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace MailComplaints.Worker.Tests;

/// <summary>
/// The worker's verbs run in this process on a private folder (SQLite database, Maildir, pickup directory, logs),
/// with extra settings and, optionally, a clock the test controls.
/// </summary>
public sealed class InProcessWorker : IDisposable
{
    public InProcessWorker() => Root = Directory.CreateTempSubdirectory("mailcomplaints-worker-").FullName;

    public string Root { get; }

    public string Inbox => Path.Combine(Root, "data", "mail", "inbox");

    public string Outbox => Path.Combine(Root, "data", "mail", "outbox");

    public string ConnectionString => Settings.TryGetValue("ConnectionStrings:Complaints", out var given) && given is not null
        ? given
        : $"Data Source={Path.Combine(Root, "data", "complaints.db")}";

    public StorageSettings Storage => new(
        Settings.TryGetValue("Storage:Provider", out var provider) && provider is not null ? Enum.Parse<StorageProvider>(provider) : StorageProvider.Sqlite,
        ConnectionString);

    public Dictionary<string, string?> Settings { get; } = [];

    public TimeProvider? Clock { get; set; }

    public Action<IServiceCollection>? ReplaceServices { get; set; }

    /// <summary>The mails written to the pickup directory, parsed.</summary>
    public IReadOnlyList<MimeKit.MimeMessage> SentMails() => Directory.Exists(Outbox)
        ? Directory.GetFiles(Outbox, "*.eml").Select(file => Reading.MessageParser.Parse(File.ReadAllBytes(file))).ToList()
        : [];

    /// <summary>The case register as <c>cases list --json</c> prints it.</summary>
    public async Task<IReadOnlyList<System.Text.Json.JsonElement>> CasesAsync()
    {
        var list = await RunAsync("cases", "list", "--json");
        using var json = System.Text.Json.JsonDocument.Parse(list.Output);
        return json.RootElement.EnumerateArray().Select(element => element.Clone()).Reverse().ToList();
    }

    public sealed record Result(int ExitCode, string Output, string Error);

    public async Task<Result> RunAsync(params string[] arguments)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Complaints"] = ConnectionString,
            ["Mailbox:Maildir:Path"] = Inbox,
            ["Outbox:PickupDirectory"] = Outbox,
            ["Logging:Directory"] = Path.Combine(Root, "logs"),
            ["Threads:SecretFile"] = Path.Combine(Root, "data", "thread-secret"),
            // The morning overview and the periodic report only where a test asks for them: on any other clock they would add mails to a run.
            ["Procedure:MorningOverviewTime"] = "off",
            ["Procedure:ReportTime"] = "off",
        };
        foreach (var (key, value) in Settings)
        {
            overrides[key] = value;
        }
        Action<IServiceCollection> replace = services =>
        {
            if (Clock is not null)
            {
                services.AddSingleton(Clock);
            }
            ReplaceServices?.Invoke(services);
        };
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
