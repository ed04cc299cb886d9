using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Mailboxes;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Reporting;
using MailComplaints.Retention;
using MailComplaints.Storage;
using MailComplaints.Templates;
using MailComplaints.Threads;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailComplaints.Benchmarks.Register;

/// <summary>
/// A national organisation's register (scripts/bench-register.sh): the generator fills a database with open cases
/// (received in the last thirteen weeks, each with its deadlines) and closed ones over three years (with ledger lines,
/// audit lines, mails and attachments), deterministically from a seed; then the daily deadline sweep runs on the
/// morning of <see cref="Today"/>, then the annual report of 2026, then the retention purge of the cases closed more
/// than two years before, each timed,
/// with the process's peak memory.
/// </summary>
internal static class RegisterAtScale
{
    /// <summary>The morning the sweep runs: a working day.</summary>
    private static readonly DateTimeOffset Today = new(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);

    private const int CasesPerTransaction = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: register sqlite FILE|postgresql CONNECTION [OPEN_CASES=100000] [CLOSED_CASES=100000]");
            return 2;
        }
        var storage = args[0] == "postgresql" ? new StorageSettings(StorageProvider.PostgreSql, args[1]) : new StorageSettings(StorageProvider.Sqlite, $"Data Source={args[1]}");
        var open = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
        var closed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100_000;
        var name = storage.Provider.ToString().ToLowerInvariant();
        var database = new Database(storage);
        await new SchemaMigrator(database).MigrateAsync(CancellationToken.None);
        var register = new Register(database);

        var filling = Stopwatch.StartNew();
        await register.FillAsync(open, closed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"register_{name}_filled=open={open} closed={closed} seconds={filling.Elapsed.TotalSeconds:F0}"));

        var sweep = register.Sweep();
        var stopwatch = Stopwatch.StartNew();
        var fired = await sweep.FireDueAsync(CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"register_{name}_sweep=fired={fired} seconds={stopwatch.Elapsed.TotalSeconds:F2}"));

        stopwatch.Restart();
        var html = await register.AnnualReportAsync(2026);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"register_{name}_annual_report=year=2026 html_kb={html.Length / 1024} seconds={stopwatch.Elapsed.TotalSeconds:F2}"));

        var purge = register.Purge();
        stopwatch.Restart();
        var purged = await purge.PurgeAsync(CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"register_{name}_purge=cases={purged.Cases.Count} messages_of_no_case={purged.LooseMessages} seconds={stopwatch.Elapsed.TotalSeconds:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"register_{name}_peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:F0}"));
        return 0;
    }

    /// <summary>The repositories and the procedure as the worker builds them, on a clock that stands at <see cref="Today"/>.</summary>
    private sealed class Register(Database database)
    {
        private static readonly Handler[] Handlers =
        [
            new("Petra Jansen", "petra@example.org", HandlerRole.Handler), new("Henk de Boer", "henk@example.org", HandlerRole.Handler),
            new("A. Bakker", "directeur@example.org", HandlerRole.Director),
        ];

        private readonly Random random = new(2026);
        private readonly FixedClock clock = new(Today);
        private readonly ProcedureTerms terms = new(ProcedureSettings.Default, WorkingDayCalendar.Statutory);
        private readonly CaseRepository cases = new(database);
        private readonly OutboxRepository outbox = new(database);
        private readonly InboundMessageRepository ledger = new(database);
        private readonly DeadlineRepository deadlines = new(database);

        /// <summary>The analysis of <paramref name="year"/> (with the year before beside it), rendered as the director reads it.</summary>
        public async Task<string> AnnualReportAsync(int year)
        {
            var mail = new MailSettings("Klachtenloket", "klachten@example.org", Path.GetFullPath("templates"), 10_000_000);
            var analysis = await new ComplaintsReport(new AnalysisRepository(database), terms, clock).AnalyseAsync(ReportPeriod.OfYear(year), CancellationToken.None);
            return new ReportRenderer(new MailTemplates(mail.TemplatesDirectory), ProcedureSettings.Default, mail).Html(analysis, "nl");
        }

        /// <summary>The retention purge with the default two years; the copies it looks for are in an empty Maildir and pickup directory.</summary>
        public CasePurge Purge()
        {
            var folder = Directory.CreateTempSubdirectory("bench-register-mail-").FullName;
            var outboxSettings = new OutboxSettings(Path.Combine(folder, "pickup"), TimeSpan.FromSeconds(10), 5, 20, TimeSpan.FromMinutes(30));
            var repository = new RetentionRepository(database);
            var erasure = new ContentErasure(database, repository, cases, deadlines, new StoredCopies(outboxSettings, NullLogger<StoredCopies>.Instance), clock);
            return new CasePurge(repository, erasure, new RetentionSettings(RetentionSettings.MinimumKeepYears), () => new MaildirMailbox(Path.Combine(folder, "maildir"),
                ProcessingFolders.Default), clock, NullLogger<CasePurge>.Instance);
        }

        public DeadlineSweep Sweep()
        {
            var mail = new MailSettings("Klachtenloket", "klachten@example.org", Path.GetFullPath("templates"), 10_000_000);
            var composer = new MailComposer(mail, new MailTemplates(mail.TemplatesDirectory), new ThreadTokens(ThreadTokens.ParseSecret(ThreadTokens.NewSecret())), clock);
            var mails = new CaseMails(composer, mail, ProcedureSettings.Default, Handlers);
            var procedure = new CaseProcedure(cases, deadlines, outbox, mails, new CaseHistory(cases, outbox, ledger, composer, Handlers), terms, NullLogger<CaseProcedure>.Instance);
            return new DeadlineSweep(deadlines, cases, new DeadlineActions(outbox, mails, procedure, terms, NullLogger<DeadlineActions>.Instance), database, clock,
                NullLogger<DeadlineSweep>.Instance);
        }

        /// <summary>
        /// Open cases received over the last thirteen weeks and closed ones over the three years before; the deadlines
        /// due before today count as fired by the sweeps of earlier days, so that today's sweep has a day's work.
        /// </summary>
        public async Task FillAsync(int open, int closed)
        {
            for (var done = 0; done < closed; done += CasesPerTransaction)
            {
                await AddAsync(Math.Min(CasesPerTransaction, closed - done), isOpen: false);
            }
            for (var done = 0; done < open; done += CasesPerTransaction)
            {
                await AddAsync(Math.Min(CasesPerTransaction, open - done), isOpen: true);
            }
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await connection.ExecuteAsync("UPDATE case_deadlines SET state = 'Fired' WHERE state = 'Pending' AND due_on < @today",
                new { today = WorkingDayCalendar.DateIn(Today).ToDateTime(TimeOnly.MinValue) });
        }

        private async Task AddAsync(int count, bool isOpen)
        {
            var received = Enumerable.Range(0, count)
                .Select(_ => Today.AddMinutes(-random.Next(isOpen ? 10 : 100, (isOpen ? 91 : 3 * 365) * 24 * 60) - (isOpen ? 0 : 91 * 24 * 60))).ToList();
            var newCases = received.Select(at => NewCase(at, isOpen)).ToList();
            await using var unit = await database.BeginAsync(CancellationToken.None);
            var registered = await cases.RegisterManyAsync(unit, newCases.Select(pair => pair.Case).ToList(), "KL", Today, CancellationToken.None);
            for (var i = 0; i < registered.Count; i++)
            {
                if (newCases[i].Status is not (CaseStatus.Registered or CaseStatus.Rejected))
                {
                    // Closed a month after receipt, the way the procedure closes a case.
                    var closedAt = registered[i].ReceivedAt.AddDays(30);
                    await cases.UpdateAsync(unit, registered[i] with { Status = newCases[i].Status, Solution = "De monteur is langs geweest.", ComplainantAgrees = true, ClosedAt = closedAt },
                        closedAt, CancellationToken.None);
                }
            }
            var lines = await ledger.RecordManyAsync(unit, "maildir:inbox", registered.Select(@case => new InboundRecord($"{@case.Number}.eml", $"{@case.Number}@example.nl",
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(@case.Number.ToString()))), Raw(@case),
                @case.Status == CaseStatus.Rejected ? MessageOutcome.Rejected : MessageOutcome.Registered, "generated", @case.Id, @case.ReceivedAt)).ToList(),
                Today, CancellationToken.None);
            await cases.RecordManyAsync(unit, registered.SelectMany(@case => new[]
            {
                new CaseEventEntry(@case.Id, CaseEventKind.Registered, "intake", "generated"),
                new CaseEventEntry(@case.Id, CaseEventKind.AcknowledgementQueued, "intake", null),
                new CaseEventEntry(@case.Id, CaseEventKind.Assigned, "intake", null),
            }).ToList(), Today, CancellationToken.None);
            await outbox.EnqueueManyAsync(unit, registered.SelectMany(@case => new[]
            {
                Mail(@case, MailKind.Acknowledgement, @case.Complainant.Address), Mail(@case, MailKind.Assignment, @case.HandlerEmail ?? Handlers[0].Email),
            }).ToList(), Today, CancellationToken.None);
            await cases.AddAttachmentsAsync(unit, registered.Select((@case, i) => (@case, line: lines[i])).Where(pair => pair.@case.Id % 10 == 0)
                .Select(pair => (pair.@case.Id, (long?)pair.line, new CaseAttachment("foto.jpg", "image/jpeg", 20_000, new string('a', 64)), (ReadOnlyMemory<byte>)new byte[20_000]))
                .ToList(), Today, CancellationToken.None);
            if (isOpen)
            {
                await deadlines.ScheduleManyAsync(unit, registered.SelectMany(@case => terms.OpeningDeadlines(@case).Select(deadline => (@case.Id, deadline))).ToList(),
                    Today, CancellationToken.None);
            }
            await unit.CommitAsync(CancellationToken.None);
        }

        private (NewCase Case, CaseStatus Status) NewCase(DateTimeOffset received, bool isOpen)
        {
            var person = random.Next(1, 80_000);
            var (termEnds, acknowledgeBy) = terms.For(received);
            var status = isOpen ? CaseStatus.Registered : random.Next(10) switch
            {
                0 => CaseStatus.Rejected,
                1 => CaseStatus.Withdrawn,
                2 => CaseStatus.Referred,
                _ => CaseStatus.Resolved,
            };
            return (new NewCase(status == CaseStatus.Rejected ? CaseStatus.Rejected : CaseStatus.Registered, status == CaseStatus.Rejected ? nameof(RejectionReason.Late) : null,
                new Complainant($"Klager {person}", $"klager{person}@example.nl"), $"Klacht over de dienstverlening {person % 97}",
                "De monteur is opnieuw niet gekomen, terwijl de afspraak twee keer is bevestigd. " + new string('x', random.Next(200, 2000)), "nl",
                Handlers[person % 2].Email, DateOnly.FromDateTime(received.UtcDateTime.AddDays(-2)), received)
            {
                TermEnds = status == CaseStatus.Rejected ? null : termEnds,
                AcknowledgeBy = status == CaseStatus.Rejected ? null : acknowledgeBy,
            }, status);
        }

        private static byte[] Raw(Case @case) => Encoding.UTF8.GetBytes(
            $"From: {@case.Complainant.Name} <{@case.Complainant.Address}>\r\nTo: klachten@example.org\r\nSubject: {@case.Subject}\r\nMessage-ID: <{@case.Number}@example.nl>\r\n\r\n{@case.Description}\r\n");

        private static OutgoingMail Mail(Case @case, MailKind kind, string to) => new($"{kind}.{@case.Number}@example.org", @case.Id, kind, "klachten@example.org", [to],
            Encoding.UTF8.GetBytes($"Subject: [{@case.Number}] {kind}\r\n\r\n{@case.Subject}\r\n"), null, Today);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
