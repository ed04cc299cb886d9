using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MailComplaints.Mailboxes;
using MailComplaints.Storage;
using MailComplaints.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MailComplaints.Worker.Tests.Intake;

/// <summary>
/// Runs the same intake tests on the embedded Maildir with SQLite, and on a real Dovecot over IMAP with SQLite and
/// with PostgreSQL. Each test gets its own complaints mailbox and database.
/// </summary>
[TestFixture(MailboxKind.Maildir, StorageProvider.Sqlite)]
[TestFixture(MailboxKind.Imap, StorageProvider.Sqlite)]
[TestFixture(MailboxKind.Imap, StorageProvider.PostgreSql)]
public abstract class IntakeFixture(MailboxKind kind, StorageProvider provider)
{
    protected static readonly DateTime Arrived = new(2026, 11, 3, 9, 20, 0, DateTimeKind.Utc);
    private MailStack? stack;
    private PostgreSqlServer? postgreSql;
    private string complaintsUser = "";
    private int delivered;

    protected MailboxKind Kind { get; } = kind;

    protected InProcessWorker Worker { get; private set; } = null!;

    protected Database Database => new(Worker.Storage);

    [OneTimeSetUp]
    public async Task StartServers()
    {
        if (Kind == MailboxKind.Imap)
        {
            stack = await MailStack.StartAsync(CancellationToken.None);
        }
        if (provider == StorageProvider.PostgreSql)
        {
            postgreSql = await PostgreSqlServer.StartAsync();
        }
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
        if (postgreSql is not null)
        {
            await postgreSql.DisposeAsync();
        }
    }

    [SetUp]
    public async Task CreateWorker()
    {
        Worker = new InProcessWorker { Clock = new FakeTimeProvider(new DateTimeOffset(Arrived).AddMinutes(5)) };
        if (postgreSql is not null)
        {
            Worker.Settings["Storage:Provider"] = "PostgreSql";
            Worker.Settings["ConnectionStrings:Complaints"] = await postgreSql.CreateDatabaseAsync();
        }
        if (stack is not null)
        {
            complaintsUser = $"klachten{Guid.NewGuid():N}"[..16] + "@localhost";
            Worker.Settings["Mailbox:Kind"] = "Imap";
            Worker.Settings["Mailbox:Imap:Host"] = stack.Host;
            Worker.Settings["Mailbox:Imap:Port"] = stack.ImapPort.ToString(CultureInfo.InvariantCulture);
            Worker.Settings["Mailbox:Imap:Security"] = "None";
            Worker.Settings["Mailbox:Imap:Username"] = complaintsUser;
            Worker.Settings["Mailbox:Imap:Password"] = stack.Password;
        }
    }

    [TearDown]
    public void RemoveWorker() => Worker.Dispose();

    /// <summary>Puts messages in the complaints mailbox: a Maildir delivery dated <paramref name="arrived"/>, or LMTP into Dovecot (dated now).</summary>
    protected async Task DeliverAsync(IEnumerable<byte[]> messages, DateTime? arrived = null)
    {
        if (stack is not null)
        {
            await stack.DeliverManyAsync(complaintsUser, messages, CancellationToken.None);
            return;
        }
        foreach (var message in messages)
        {
            Complaints.Deliver(Worker.Inbox, message, arrived ?? Arrived, $"1762161600.M{++delivered}P1.intake");
        }
    }

    protected Task DeliverAsync(byte[] message, DateTime? arrived = null) => DeliverAsync([message], arrived);

    protected async Task RunOnceAsync()
    {
        var run = await Worker.RunAsync("run", "--once");
        Assert.That(run.ExitCode, Is.Zero, run.Error);
    }

    // The handler resolves the case by replying to the assignment notice, as the product has it done: on the day given.
    protected async Task ResolveAsync(string number, DateTimeOffset at)
    {
        var assignment = Worker.SentMails().Single(mail => mail.MessageId!.StartsWith($"assignment.{number}.", StringComparison.Ordinal));
        Worker.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(at);
        await DeliverAsync(Complaints.Message($"""
            From: Klachtbehandelaar <klachtbehandelaar@example.org>
            To: klachten@example.org
            Subject: Re: {assignment.Subject}
            Message-ID: <resolved-{Guid.NewGuid():N}@example.org>
            In-Reply-To: <{assignment.MessageId}>
            References: <{assignment.MessageId}>
            """, "#oplossing De lekkage is verholpen.\n#akkoord ja\n"), at.UtcDateTime);
        await RunOnceAsync();
        Assert.That((await Worker.CasesAsync()).Single(c => c.GetProperty("number").GetString() == number).GetProperty("status").GetString(), Is.EqualTo("Resolved"));
    }

    /// <summary>Every message in every folder of the complaints mailbox, as its bytes: the Maildir's files, or each message of each IMAP folder.</summary>
    protected async Task<IReadOnlyList<StoredValue>> MailboxContentsAsync()
    {
        if (stack is null)
        {
            return StoredBytes.Files(Worker.Inbox);
        }
        using var client = new ImapClient();
        await client.ConnectAsync(stack.Host, stack.ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(complaintsUser, stack.Password);
        var contents = new List<StoredValue>();
        foreach (var folder in (await client.GetFoldersAsync(client.PersonalNamespaces[0])).Append(client.Inbox).DistinctBy(folder => folder.FullName))
        {
            await folder.OpenAsync(FolderAccess.ReadOnly);
            for (var index = 0; index < folder.Count; index++)
            {
                using var stream = new MemoryStream();
                await (await folder.GetMessageAsync(index)).WriteToAsync(stream);
                contents.Add(new StoredValue($"imap {folder.FullName} #{index}", stream.ToArray()));
            }
            await folder.CloseAsync();
        }
        return contents;
    }

    /// <summary>How many messages a folder of the complaints mailbox holds ("INBOX" for the inbox).</summary>
    protected async Task<int> CountAsync(string folder)
    {
        if (stack is null)
        {
            var path = folder == "INBOX" ? Worker.Inbox : Path.Combine(Worker.Inbox, "." + folder);
            return new[] { "new", "cur" }.Select(sub => Path.Combine(path, sub)).Where(Directory.Exists).Sum(sub => Directory.GetFiles(sub).Length);
        }
        using var client = new ImapClient();
        await client.ConnectAsync(stack.Host, stack.ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(complaintsUser, stack.Password);
        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0]);
        if (folders.FirstOrDefault(f => f.FullName == folder) is not { } found)
        {
            return 0;
        }
        await found.OpenAsync(FolderAccess.ReadOnly);
        return found.Count;
    }
}
