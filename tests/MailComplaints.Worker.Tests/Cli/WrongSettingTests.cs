namespace MailComplaints.Worker.Tests.Cli;

/// <summary>Every verb that builds the host stops on a wrong setting before it starts anything: exit code 78 and one line on stderr.</summary>
public sealed class WrongSettingTests
{
    private InProcessWorker worker = null!;

    [SetUp]
    public void CreateWorker() => worker = new InProcessWorker();

    [TearDown]
    public void RemoveWorker() => worker.Dispose();

    public static IEnumerable<TestCaseData> VerbsThatBuildTheHost()
    {
        string[][] verbs =
        [
            ["run"],
            ["run", "--once"],
            ["status"],
            ["cases", "list"],
            ["case", "show", "KL-2026-00001"],
            ["db", "migrate"],
            ["failed", "list"],
            ["failed", "retry", "1"],
            // A message that exists, outside the worker's folder, so that only the setting can stop the verb.
            ["inspect", Path.Combine(AppContext.BaseDirectory, "appsettings.json")],
        ];
        return verbs.Select(verb => new TestCaseData((object)verb).SetArgDisplayNames(string.Join(' ', verb.Take(2))));
    }

    [TestCaseSource(nameof(VerbsThatBuildTheHost))]
    public async Task A_wrong_setting_stops_the_verb_with_one_line_before_anything_starts(string[] verb)
    {
        worker.Settings["Procedure:HandlingTermWeeks"] = "six";

        var result = await worker.RunAsync(verb);

        Assert.That(result.ExitCode, Is.EqualTo(78));
        Assert.That(result.Error, Is.EqualTo($"Setting Procedure:HandlingTermWeeks is 'six': a whole number from 1 to 104.{Environment.NewLine}"));
        Assert.That(result.Output, Is.Empty);
        Assert.That(Directory.GetFileSystemEntries(worker.Root), Is.Empty, "no database, mailbox, log or key file");
    }

    [TestCaseSource(nameof(VerbsThatBuildTheHost))]
    public async Task A_key_file_that_cannot_be_made_stops_the_verb_with_one_line_before_anything_starts(string[] verb)
    {
        // The key file is made once every other setting is right; its failure is reported in the same words.
        var blocked = Path.Combine(worker.Root, "blocked");
        await File.WriteAllTextAsync(blocked, "a file where a folder should be");
        worker.Settings["Threads:SecretFile"] = Path.Combine(blocked, "thread-secret");

        var result = await worker.RunAsync(verb);

        Assert.That(result.ExitCode, Is.EqualTo(78));
        Assert.That(result.Error, Does.StartWith($"Setting Threads:SecretFile is '{Path.Combine(blocked, "thread-secret")}': a key file the worker can read"));
        Assert.That(result.Error.TrimEnd(), Does.Not.Contain('\n'), "one line");
        Assert.That(Directory.GetFileSystemEntries(worker.Root), Is.EqualTo(new[] { blocked }), "no database, mailbox or log");
    }
}
