using System.Text;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Reading;
using MimeKit;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Storage;
using MailComplaints.Templates;
using MailComplaints.Threads;
using MailComplaints.Testing;
using MailComplaints.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MailComplaints.Tests.Procedure;

/// <summary>
/// A migrated database per test with the procedure wired as the worker wires it: the real templates, a
/// <see cref="FakeTimeProvider"/>, one handler and a director. Times are Amsterdam times (CET until 28 March 2027).
/// </summary>
public abstract class ProcedureFixture(StorageProvider provider) : DatabaseFixture(provider)
{
    protected static readonly Handler Handler = new("Henk Behandelaar", "henk@example.org", HandlerRole.Handler);
    protected static readonly Handler Other = new("Ans Accountmanager", "ans@example.org", HandlerRole.Handler);
    protected static readonly Handler Director = new("Dirk Directeur", "directeur@example.org", HandlerRole.Director);
    protected static readonly IReadOnlyList<Handler> Handlers = [Handler, Other, Director];
    protected static readonly string Complainant = "jan@example.nl";

    protected FakeTimeProvider Clock { get; private set; } = null!;

    protected CaseRepository Cases { get; private set; } = null!;

    protected DeadlineRepository Deadlines { get; private set; } = null!;

    protected OutboxRepository Outbox { get; private set; } = null!;

    protected WorkingDayCalendar Calendar { get; } = WorkingDayCalendar.Statutory;

    /// <summary>An instant on an Amsterdam wall clock.</summary>
    protected static DateTimeOffset Amsterdam(int year, int month, int day, int hour = 10, int minute = 0) =>
        new(new DateTime(year, month, day, hour, minute, 0), WorkingDayCalendar.Amsterdam.GetUtcOffset(new DateTime(year, month, day, hour, minute, 0)));

    protected async Task StartAsync(DateTimeOffset now)
    {
        await MigratedDatabaseAsync();
        Clock = new FakeTimeProvider(now);
        Cases = new CaseRepository(Database);
        Deadlines = new DeadlineRepository(Database);
        Outbox = new OutboxRepository(Database);
    }

    protected void MoveClockTo(DateTimeOffset instant)
    {
        Assert.That(instant, Is.GreaterThanOrEqualTo(Clock.GetUtcNow()), "the clock only moves forward");
        Clock.Advance(instant - Clock.GetUtcNow());
    }

    protected static MailSettings MailSettings { get; } = new("Klachten", "klachten@example.org", Path.Combine(Corpus.RepositoryRoot.FullName, "templates"), 10_000_000);

    /// <summary>Composes the mails: queues them as drafts, and composes them when they are sent.</summary>
    protected MailComposer Composer => new(MailSettings, Templates, Tokens, Clock);

    private MailTemplates Templates { get; } = new(MailSettings.TemplatesDirectory);

    private ThreadTokens Tokens { get; } = new(ThreadTokens.ParseSecret(ThreadTokens.NewSecret()));

    protected CaseMails Mails(ProcedureSettings settings) => new(
        Composer,
        MailSettings,
        settings, Handlers);

    protected CaseProcedure Procedure(ProcedureSettings? settings = null)
    {
        settings ??= ProcedureSettings.Default;
        return new CaseProcedure(Cases, Deadlines, Outbox, Mails(settings), new CaseHistory(Cases, Outbox, new InboundMessageRepository(Database), Composer, Handlers),
            Terms(settings), NullLogger<CaseProcedure>.Instance);
    }

    protected ProcedureTerms Terms(ProcedureSettings settings) => new(settings, Calendar);

    protected DeadlineSweep Sweep(ProcedureSettings? settings = null)
    {
        settings ??= ProcedureSettings.Default;
        return new DeadlineSweep(Deadlines, Cases, new DeadlineActions(Outbox, Mails(settings), Procedure(settings), Terms(settings), NullLogger<DeadlineActions>.Instance),
            Database, Clock, NullLogger<DeadlineSweep>.Instance);
    }

    /// <summary>Registers and opens a complaint received now, as the intake does.</summary>
    protected async Task<Case> LodgeAsync(ProcedureSettings? settings = null, string complainant = "jan@example.nl", string language = "nl", string? relay = null,
        string name = "Jan de Vries")
    {
        settings ??= ProcedureSettings.Default;
        var procedure = Procedure(settings);
        var now = Clock.GetUtcNow();
        var (termEnds, acknowledgeBy) = Terms(settings).For(now);
        var complaint = MessageParser.Parse(Encoding.UTF8.GetBytes(
            $"From: {name} <{complainant}>\r\nTo: klachten@example.org\r\nSubject: Lekkage\r\nMessage-ID: <{Guid.NewGuid():N}@example.nl>\r\n" +
            "Date: Tue, 16 Mar 2027 10:00:00 +0100\r\n\r\nDe lekkage is niet verholpen.\r\n"));
        await using var unit = await Database.BeginAsync(CancellationToken.None);
        var registered = (await Cases.RegisterManyAsync(unit, [new NewCase(CaseStatus.Registered, null, new Complainant(name, complainant), "Lekkage",
            "De lekkage is niet verholpen.", language, Handler.Email, WorkingDayCalendar.DateIn(now), now)
        { TermEnds = termEnds, AcknowledgeBy = acknowledgeBy, Channel = relay is null ? CaseChannel.Email : CaseChannel.Relay, RelayAddress = relay }], settings.CaseNumberPrefix, now, CancellationToken.None))[0];
        await procedure.OpenManyAsync(unit, [new CaseOpening(registered, complaint, [])], now, CancellationToken.None);
        await unit.CommitAsync(CancellationToken.None);
        return registered;
    }

    /// <summary>Runs one step of the procedure in its own unit of work, as a handler's command does.</summary>
    protected async Task<ProcedureStep> StepAsync(Func<CaseProcedure, UnitOfWork, Case, Task<ProcedureStep>> step, Case @case, ProcedureSettings? settings = null)
    {
        var current = await Cases.FindAsync(@case.Id, CancellationToken.None) ?? throw new AssertionException($"case {@case.Number} is gone");
        await using var unit = await Database.BeginAsync(CancellationToken.None);
        var result = await step(Procedure(settings), unit, current);
        await unit.CommitAsync(CancellationToken.None);
        return result;
    }

    /// <summary>Sends what the outbox holds into a pickup directory, as the outbox job does; returns how many left.</summary>
    protected Task<int> SendOutboxAsync(int perAddressPerDay = 20, IMailTransport? transport = null, int maxAttempts = 5)
    {
        var settings = new OutboxSettings("", TimeSpan.FromSeconds(10), maxAttempts, perAddressPerDay, TimeSpan.FromMinutes(30));
        var attempts = new DeliveryAttempts(Outbox, settings, new DeliveryFailureNotices(Cases, Outbox, Mails(ProcedureSettings.Default), Database, Clock), Clock,
            NullLogger<DeliveryAttempts>.Instance);
        return new OutboxSender(Outbox, Composer, transport ?? new PickupDirectoryTransport(Directory.CreateTempSubdirectory("mailcomplaints-pickup-").FullName), attempts,
                new AutomaticMailLimit(Outbox, settings, Handlers, Clock, NullLogger<AutomaticMailLimit>.Instance),
                new SentCopies(() => throw new InvalidOperationException("no Sent folder is set in these tests"), settings, NullLogger<SentCopies>.Instance), Clock,
                NullLogger<OutboxSender>.Instance)
            .SendDueAsync(CancellationToken.None);
    }

    protected async Task<Case> ReloadAsync(Case @case) => await Cases.FindAsync(@case.Id, CancellationToken.None) ?? throw new AssertionException($"case {@case.Number} is gone");

    /// <summary>Kind and recipient of every mail queued for a case, oldest first.</summary>
    protected async Task<IReadOnlyList<(string Kind, string To)>> MailsOfAsync(Case @case) =>
        (await Outbox.ForCaseAsync(@case.Id, CancellationToken.None)).Select(mail => (MailKindNames.Of(mail.Kind, mail.ThroughRelay), string.Join(",", mail.Recipients))).ToList();

    protected async Task<string> TextOfLastAsync(Case @case, string kind)
    {
        var mail = (await Outbox.ForCaseAsync(@case.Id, CancellationToken.None)).Last(mail => MailKindNames.Of(mail.Kind, mail.ThroughRelay) == kind);
        var message = MessageParser.Parse(Composer.Compose(mail));
        return $"{message.Subject}\n{MessageText.Of(message)}";
    }

    protected async Task<IReadOnlyList<(DeadlineKind Kind, DateOnly DueOn)>> PendingDeadlinesAsync(Case @case) =>
        (await Deadlines.ForCaseAsync(@case.Id, CancellationToken.None)).Where(d => d.State == "Pending").Select(d => (d.Kind, d.DueOn)).ToList();

    protected async Task<IReadOnlyList<string>> AuditAsync(Case @case) =>
        (await Cases.EventsAsync(@case.Id, CancellationToken.None)).Select(e => e.Kind).ToList();

    // PostgreSQL and SQL Server show a session waiting for a row lock; SQLite's writer waits at BEGIN IMMEDIATE, which
    // no view shows, and there either order of the two transactions must give the same result.
    protected async Task UntilASessionWaitsForALockAsync(Task work, string who)
    {
        var waiting = Provider switch
        {
            StorageProvider.PostgreSql => LockWaits.PostgreSql,
            StorageProvider.SqlServer => LockWaits.SqlServer,
            _ => null,
        };
        if (waiting is not null)
        {
            await using var connection = await Database.OpenAsync(default);
            await LockWaits.UntilASessionWaitsAsync(connection, waiting, work, who);
        }
    }
}
