using System.Diagnostics;
using System.Text.Json;
using MailComplaints.Testing;

namespace MailComplaints.Worker.Tests.Cli;

/// <summary>The executable as an operator runs it: its own process, its own working directory, settings from the environment.</summary>
public sealed class ExecutableTests
{
    private string workingDirectory = null!;

    [SetUp]
    public void CreateFolder() => workingDirectory = Directory.CreateTempSubdirectory("mailcomplaints-exe-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(workingDirectory, recursive: true);

    [Test]
    public async Task An_unknown_storage_provider_stops_start_up_naming_the_key()
    {
        var result = await WorkerProcess.RunAsync(workingDirectory, new Dictionary<string, string> { ["Storage__Provider"] = "Oracle" }, "run");

        Assert.That(result.ExitCode, Is.EqualTo(78));
        Assert.That(result.Error.Trim(), Is.EqualTo("Setting Storage:Provider is 'Oracle': one of Sqlite, PostgreSql, SqlServer."));
        Assert.That(Directory.Exists(Path.Combine(workingDirectory, "data")), Is.False, "nothing was started");
    }

    [Test]
    public async Task With_no_configuration_run_once_creates_data_and_turns_a_dropped_complaint_into_a_case()
    {
        var first = await WorkerProcess.RunAsync(workingDirectory, null, "run", "--once");
        Assert.That(first.ExitCode, Is.Zero, first.Error);
        Assert.That(Directory.Exists(Path.Combine(workingDirectory, "data", "mail", "inbox", "new")), Is.True, "the embedded mailbox is created");
        Assert.That(File.Exists(Path.Combine(workingDirectory, "data", "complaints.db")), Is.True);

        Complaints.Deliver(Path.Combine(workingDirectory, "data", "mail", "inbox"), Complaints.Dutch(), DateTime.UtcNow, "1762161600.M1P1.exe");
        var second = await WorkerProcess.RunAsync(workingDirectory, null, "run", "--once");
        Assert.That(second.ExitCode, Is.Zero, second.Error);

        var list = await WorkerProcess.RunAsync(workingDirectory, null, "cases", "list", "--json");
        Assert.That(list.ExitCode, Is.Zero, list.Error);
        using var json = JsonDocument.Parse(list.Output);
        Assert.That(json.RootElement.EnumerateArray().Select(c => c.GetProperty("complainantAddress").GetString()), Is.EqualTo(new[] { "jan@example.nl" }));
        Assert.That(Directory.GetFiles(Path.Combine(workingDirectory, "data", "mail", "outbox"), "*.eml"), Has.Length.EqualTo(2), "the acknowledgement and the assignment notice");
        Assert.That(Directory.GetFiles(Path.Combine(workingDirectory, "logs"), "mailcomplaints-*.clef"), Is.Not.Empty, "structured logs");
    }

    [Test]
    public Task The_service_keeps_running_takes_in_complaints_as_they_arrive_and_stops_cleanly() =>
        ServiceTakesInAComplaintAsync(new Dictionary<string, string>());

    [Test]
    public async Task On_PostgreSql_the_clustered_service_takes_in_complaints_the_same_way()
    {
        await using var server = await PostgreSqlServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync();

        await ServiceTakesInAComplaintAsync(new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSql",
            ["ConnectionStrings__Complaints"] = connectionString,
        });

        var status = await WorkerProcess.RunAsync(workingDirectory, new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSql",
            ["ConnectionStrings__Complaints"] = connectionString,
        }, "status", "--json");
        using var json = JsonDocument.Parse(status.Output);
        Assert.That(json.RootElement.GetProperty("database").GetString(), Does.StartWith("PostgreSql 127.0.0.1:"));
        Assert.That(json.RootElement.GetProperty("lastPollResult").GetString(), Does.StartWith("ok"));
    }

    [Test]
    public async Task New_mail_wakes_the_service_at_once_long_before_the_poll_interval()
    {
        var inbox = Path.Combine(workingDirectory, "data", "mail", "inbox");
        var outbox = Path.Combine(workingDirectory, "data", "mail", "outbox");
        Directory.CreateDirectory(outbox);
        using var acknowledged = new FileSystemWatcher(outbox, "*.eml") { EnableRaisingEvents = true };
        var count = 0;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Each complaint sends two mails (acknowledgement and assignment): the third and fourth can only come from the second complaint.
        acknowledged.Renamed += (_, _) =>
        {
            var sent = Interlocked.Increment(ref count);
            (sent <= 2 ? first : sent == 4 ? second : null)?.TrySetResult();
        };

        using var service = Process.Start(WorkerProcess.StartInfo(workingDirectory, new Dictionary<string, string>
        {
            ["Mailbox__PollInterval"] = "01:00:00",
            // Hourly too: the mails can only leave because the poll that queued them sends the outbox at once.
            ["Outbox__SendInterval"] = "01:00:00",
        }, "run"))!;
        var output = service.StandardOutput.ReadToEndAsync();
        var error = service.StandardError.ReadToEndAsync();
        try
        {
            // The first complaint is taken in by the poll at start-up; the second can only be found by the watcher.
            Complaints.Deliver(inbox, Complaints.Dutch("wake-1@example.nl"), DateTime.UtcNow, "1762161600.M1P1.wake");
            Assert.That(await Task.WhenAny(first.Task, Task.Delay(TimeSpan.FromSeconds(60))), Is.SameAs(first.Task), "the first acknowledgement");
            Complaints.Deliver(inbox, Complaints.Dutch("wake-2@example.nl", "piet@example.nl"), DateTime.UtcNow, "1762161601.M2P1.wake");
            Assert.That(await Task.WhenAny(second.Task, Task.Delay(TimeSpan.FromSeconds(60))), Is.SameAs(second.Task), "woken by the new file and sent at once, not by the hourly poll and send");
        }
        finally
        {
            KillAndDrain(service);
        }
        Assert.That(Directory.GetFiles(outbox, "*.eml"), Has.Length.EqualTo(4), $"{await output}\n{await error}");
    }

    private static void KillAndDrain(Process service)
    {
        if (!service.HasExited)
        {
            service.Kill(entireProcessTree: true);
            service.WaitForExit();
        }
    }

    private async Task ServiceTakesInAComplaintAsync(Dictionary<string, string> environment)
    {
        var inbox = Path.Combine(workingDirectory, "data", "mail", "inbox");
        var outbox = Path.Combine(workingDirectory, "data", "mail", "outbox");
        Directory.CreateDirectory(outbox);
        using var acknowledged = new FileSystemWatcher(outbox, "*.eml") { EnableRaisingEvents = true };
        var arrived = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        acknowledged.Renamed += (_, e) => arrived.TrySetResult(e.FullPath);
        acknowledged.Created += (_, e) => arrived.TrySetResult(e.FullPath);

        environment["Mailbox__PollInterval"] = "00:00:01";
        environment["Outbox__SendInterval"] = "00:00:01";
        using var service = Process.Start(WorkerProcess.StartInfo(workingDirectory, environment, "run"))!;
        var output = service.StandardOutput.ReadToEndAsync();
        var error = service.StandardError.ReadToEndAsync();
        try
        {
            Complaints.Deliver(inbox, Complaints.Dutch(), DateTime.UtcNow, "1762161600.M1P1.service");

            var finished = await Task.WhenAny(arrived.Task, Task.Delay(TimeSpan.FromSeconds(60)), service.WaitForExitAsync());
            if (finished != arrived.Task)
            {
                KillAndDrain(service);
                Assert.Fail($"No acknowledgement within a minute (exit {service.ExitCode}).\n{await output}\n{await error}");
            }
        }
        finally
        {
            if (!service.HasExited)
            {
                Processes.Terminate(service);
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await service.WaitForExitAsync(timeout.Token);
        }
        Assert.That(service.ExitCode, Is.Zero, $"{await output}\n{await error}");
        Assert.That(await output, Does.Contain("Registered a new case KL-"), "the console closes the line with the case number");
        Assert.That(await output, Does.Not.Contain("jan@example.nl"), "no addresses in the log at Information level");
    }
}
