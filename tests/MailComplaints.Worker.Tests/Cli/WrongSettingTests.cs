namespace MailComplaints.Worker.Tests.Cli;

/// <summary>Every verb that builds the host stops on a wrong setting before it starts anything: exit code 78 and one line on stderr.</summary>
public sealed class WrongSettingTests
{
    private InProcessWorker worker = null!;

    [SetUp]
    public void CreateWorker() => worker = new InProcessWorker();

    [TearDown]
    public void RemoveWorker() => worker.Dispose();

    [TestCase("run", "--once")]
    [TestCase("status")]
    [TestCase("cases", "list")]
    [TestCase("db", "migrate")]
    [TestCase("failed", "list")]
    public async Task A_wrong_setting_stops_the_verb_with_one_line_before_anything_starts(params string[] verb)
    {
        worker.Settings["Procedure:HandlingTermWeeks"] = "six";

        var result = await worker.RunAsync(verb);

        Assert.That(result.ExitCode, Is.EqualTo(78));
        Assert.That(result.Error, Is.EqualTo($"Setting Procedure:HandlingTermWeeks is 'six': a whole number from 1 to 104.{Environment.NewLine}"));
        Assert.That(result.Output, Is.Empty);
        Assert.That(Directory.GetFileSystemEntries(worker.Root), Is.Empty, "no database, mailbox, log or key file");
    }
}
