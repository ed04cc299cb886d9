using System.Security.Cryptography;
using System.Text;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Mailboxes;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Retention;
using MailComplaints.Storage;
using MailComplaints.Testing;
using MailComplaints.Tests.Procedure;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailComplaints.Tests.Retention;

/// <summary>
/// Cases as the worker leaves them, on every database: the complaint in the ledger and moved to the Processed folder of a
/// Maildir, an attachment, the mails sent to the pickup directory with read copies in the Sent folder; then purge and
/// erasure as the worker wires them, on the fixture's clock.
/// </summary>
public abstract class RetentionFixture(StorageProvider provider) : ProcedureFixture(provider)
{
    private string folder = "";
    private int delivered;

    protected string Maildir => Path.Combine(folder, "inbox");

    protected string Pickup => Path.Combine(folder, "outbox");

    protected MaildirMailbox Mailbox => new(Maildir, ProcessingFolders.Default);

    protected RetentionRepository Retention => new(Database);

    [SetUp]
    public async Task Start()
    {
        folder = Directory.CreateTempSubdirectory("mailcomplaints-retention-").FullName;
        await StartAsync(Amsterdam(2027, 3, 16));
    }

    [TearDown]
    public void RemoveFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private OutboxSettings OutboxSettings => new(Pickup, TimeSpan.FromSeconds(10), 5, 20, TimeSpan.FromMinutes(30), SentFolder: "Sent");

    protected ContentErasure Erasure => new(Database, Retention, Cases, Deadlines, new StoredCopies(OutboxSettings, NullLogger<StoredCopies>.Instance), Clock);

    protected CasePurge Purge(Func<IMailbox>? mailbox = null) =>
        new(Retention, Erasure, RetentionSettings.Default, mailbox ?? (() => Mailbox), Clock, NullLogger<CasePurge>.Instance);

    protected PersonErasure PersonErasure => new(Cases, Retention, Erasure, () => Mailbox, NullLogger<PersonErasure>.Instance);

    /// <summary>
    /// A complaint from <paramref name="name"/> &lt;<paramref name="address"/>&gt; taken in as the worker does: registered with an
    /// attachment, its message in the ledger and moved to Processed, its mails sent to the pickup directory and copied to Sent.
    /// </summary>
    protected async Task<Case> ComplaintAsync(string address, string name)
    {
        var @case = await LodgeAsync(complainant: address, name: name);
        var raw = Encoding.UTF8.GetBytes($"From: {name} <{address}>\r\nTo: klachten@example.org\r\nSubject: Lekkage\r\nMessage-ID: <{Guid.NewGuid():N}@example.nl>\r\n\r\n" +
            $"De lekkage is niet verholpen.\r\n{name}\r\n");
        var key = await DeliverAsync(raw);
        await using (var unit = await Database.BeginAsync(CancellationToken.None))
        {
            await new InboundMessageRepository(Database).RecordAsync(unit, Mailbox.Name, Record(key, raw, MessageOutcome.Registered, @case.Id), Clock.GetUtcNow(), CancellationToken.None);
            await Cases.AddAttachmentAsync(unit, @case.Id, null, new CaseAttachment($"brief van {name}.txt", "text/plain", 10, "00"), Encoding.UTF8.GetBytes($"Aan {name}"),
                Clock.GetUtcNow(), CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
        }
        await new InboundMessageRepository(Database).SetLocationsAsync(Mailbox.Name, await MovedAsync(key, MessageOutcome.Registered), CancellationToken.None);
        await SendAndCopyAsync();
        return @case;
    }

    /// <summary>A message of no case (an auto-reply, say) in the ledger and the Ignored folder.</summary>
    protected async Task<long> MessageOfNoCaseAsync(string text)
    {
        var raw = Encoding.UTF8.GetBytes($"From: {text}\r\nTo: klachten@example.org\r\nSubject: Automatisch antwoord\r\nAuto-Submitted: auto-replied\r\n\r\n{text}\r\n");
        var key = await DeliverAsync(raw);
        await using var unit = await Database.BeginAsync(CancellationToken.None);
        var ledger = new InboundMessageRepository(Database);
        var id = await ledger.RecordAsync(unit, Mailbox.Name, Record(key, raw, MessageOutcome.Ignored, null), Clock.GetUtcNow(), CancellationToken.None);
        await ledger.SetLocationsAsync(unit, Mailbox.Name, await MovedAsync(key, MessageOutcome.Ignored), CancellationToken.None);
        await unit.CommitAsync(CancellationToken.None);
        return id;
    }

    /// <summary>Closes the case with a solution the complainant agrees with, as a handler does.</summary>
    protected async Task CloseAsync(Case @case)
    {
        await StepAsync((procedure, unit, c) => procedure.RecordSolutionAsync(unit, c, "De kraan is vervangen.", Handler.Email, Clock.GetUtcNow(), default), @case);
        await StepAsync((procedure, unit, c) => procedure.RecordAgreementAsync(unit, c, true, Handler.Email, Clock.GetUtcNow(), default), @case);
        await StepAsync((procedure, unit, c) => procedure.CloseAsync(unit, c, Handler.Email, CaseThread.None, Clock.GetUtcNow(), default), @case);
        await SendAndCopyAsync();
    }

    /// <summary>Every stored value: every row of every table, every file of the Maildir and the pickup directory.</summary>
    protected async Task<IReadOnlyList<StoredValue>> EverythingStoredAsync()
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return [.. await StoredBytes.RowsAsync(connection), .. StoredBytes.Files(Maildir), .. StoredBytes.Files(Pickup)];
    }

    private async Task SendAndCopyAsync()
    {
        var before = Directory.Exists(Pickup) ? Directory.GetFiles(Pickup).ToHashSet() : [];
        await SendOutboxAsync(transport: new PickupDirectoryTransport(Pickup));
        foreach (var file in Directory.GetFiles(Pickup).Where(file => !before.Contains(file)))
        {
            await Mailbox.KeepSentCopyAsync("Sent", await File.ReadAllBytesAsync(file), CancellationToken.None);
        }
    }

    private async Task<string> DeliverAsync(byte[] raw)
    {
        var key = $"1773651600.M{++delivered}P1.retention";
        Directory.CreateDirectory(Path.Combine(Maildir, "new"));
        await File.WriteAllBytesAsync(Path.Combine(Maildir, "new", key), raw);
        return key;
    }

    private async Task<IReadOnlyDictionary<string, string>> MovedAsync(string key, MessageOutcome outcome) =>
        await Mailbox.MoveAsync([new MailboxMove(new MailboxMessage(key, 0, Clock.GetUtcNow()), outcome)], CancellationToken.None);

    private InboundRecord Record(string key, byte[] raw, MessageOutcome outcome, long? caseId) =>
        new(key, MailComplaints.Reading.MessageParser.Parse(raw).MessageId, Convert.ToHexStringLower(SHA256.HashData(raw)), raw, outcome, "test", caseId, Clock.GetUtcNow());
}
