using MailComplaints.Testing;

namespace MailComplaints.Worker.Tests.Retention;

/// <summary>The retention verbs' arguments and their answers on a store with nothing to erase.</summary>
public sealed class RetentionVerbTests
{
    [TestCase("")]
    [TestCase("jan")]
    [TestCase("jan de vries@example.nl")]
    public async Task Erase_without_an_email_address_is_a_bad_argument_and_touches_nothing(string address)
    {
        using var worker = new InProcessWorker();

        var erase = await worker.RunAsync("erase", "--complainant", address);

        Assert.That(erase.ExitCode, Is.EqualTo(2));
        Assert.That(erase.Error, Does.Contain("is not an email address; expected --complainant name@example.org."));
        Assert.That(Directory.Exists(Path.Combine(worker.Root, "data")), Is.False, "no database was made");
    }

    [Test]
    public async Task Purge_and_erase_on_a_new_store_bring_the_schema_up_to_date_and_find_nothing()
    {
        using var worker = new InProcessWorker();

        var purge = await worker.RunAsync("purge");
        var erase = await worker.RunAsync("erase", "--complainant", "jan@example.nl", "--dry-run");

        Assert.That((purge.ExitCode, erase.ExitCode), Is.EqualTo((0, 0)), purge.Error + erase.Error);
        Assert.That(purge.Output, Does.StartWith("Retention:KeepYears = 2: ").And.EndWith("purged 0 case(s), 0 message(s) and 0 mail(s) of no case; 0 copies deleted from the mailbox and the pickup directory\n"));
        Assert.That(erase.Output, Is.EqualTo("would erase 0 case(s), 0 message(s) and 0 mail(s) of no case (dry run: nothing was changed)\n"));
        Assert.That(StoredBytes.Files(worker.Inbox), Is.Empty);
    }
}
