using System.Diagnostics;
using System.Globalization;
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
/// A national organisation's register (scripts/bench-register.sh), in two processes. <c>register fill</c> runs the
/// <see cref="RegisterGenerator"/>; <c>register run</c>, in a fresh process that holds only what the worker would, runs the
/// daily deadline sweep on the morning of <see cref="Today"/>, then the annual report of 2026, then the retention purge of
/// the cases closed more than two years before, each timed, with the process's peak working set after each.
/// </summary>
internal static class RegisterAtScale
{
    /// <summary>The morning the sweep runs: a working day.</summary>
    public static readonly DateTimeOffset Today = new(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);

    /// <summary>The handlers the generated cases are assigned to and the sweep's mails go to.</summary>
    public static readonly IReadOnlyList<Handler> Handlers =
    [
        new("Petra Jansen", "petra@example.org", HandlerRole.Handler), new("Henk de Boer", "henk@example.org", HandlerRole.Handler),
        new("A. Bakker", "directeur@example.org", HandlerRole.Director),
    ];

    private const string Usage = """
        usage: register fill sqlite FILE|postgresql CONNECTION [OPEN_CASES=100000] [CLOSED_CASES=100000]
               register run sqlite FILE|postgresql CONNECTION
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3 || args[0] is not ("fill" or "run"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var storage = args[1] == "postgresql" ? new StorageSettings(StorageProvider.PostgreSql, args[2]) : new StorageSettings(StorageProvider.Sqlite, $"Data Source={args[2]}");
        var name = storage.Provider.ToString().ToLowerInvariant();
        var database = new Database(storage);
        var terms = new ProcedureTerms(ProcedureSettings.Default, WorkingDayCalendar.Statutory);
        if (args[0] == "fill")
        {
            var open = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100_000;
            var closed = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 100_000;
            await new SchemaMigrator(database).MigrateAsync(CancellationToken.None);
            var filling = Stopwatch.StartNew();
            await new RegisterGenerator(database, terms).FillAsync(open, closed, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"register_{name}_filled=open={open} closed={closed} seconds={filling.Elapsed.TotalSeconds:F0}"));
            return 0;
        }

        var worker = new Worker(database, terms);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"register_{name}_peak_at_start_mb={PeakWorkingSetMegabytes():F0}"));

        var roundTrip = await RoundTripMicrosecondsAsync(database);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"register_{name}_round_trip_us={roundTrip:F0}"));
        var (mailsBefore, auditLinesBefore) = await RowsAsync(database);
        var sweep = worker.Sweep();
        var stopwatch = Stopwatch.StartNew();
        var fired = await sweep.FireDueAsync(CancellationToken.None);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var (mails, auditLines) = await RowsAsync(database);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"register_{name}_sweep=fired={fired} mails={mails - mailsBefore} audit_lines={auditLines - auditLinesBefore} seconds={seconds:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"register_{name}_peak_after_sweep_mb={PeakWorkingSetMegabytes():F0}"));

        stopwatch.Restart();
        var html = await worker.AnnualReportAsync(2026);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"register_{name}_annual_report=year=2026 html_kb={html.Length / 1024} seconds={stopwatch.Elapsed.TotalSeconds:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"register_{name}_peak_after_report_mb={PeakWorkingSetMegabytes():F0}"));

        var purge = worker.Purge();
        stopwatch.Restart();
        var purged = await purge.PurgeAsync(CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"register_{name}_purge=cases={purged.Cases.Count} messages_of_no_case={purged.LooseMessages} seconds={stopwatch.Elapsed.TotalSeconds:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"register_{name}_peak_working_set_mb={PeakWorkingSetMegabytes():F0}"));
        return 0;
    }

    // The reference beside the sweep: the median time of one statement that does nothing (SELECT 1) inside a
    // transaction, on the connection and provider the sweep uses; every row the sweep writes costs at least one.
    private static async Task<double> RoundTripMicrosecondsAsync(Database database)
    {
        await using var unit = await database.BeginAsync(CancellationToken.None);
        var times = new List<double>();
        for (var i = 0; i < 2_100; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", transaction: unit.Transaction));
            times.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }
        return times.Skip(100).Order().ElementAt(1_000);
    }

    // The mails in the outbox and the lines in the audit trails, counted before and after the sweep: what it wrote.
    private static async Task<(long Mails, long AuditLines)> RowsAsync(Database database)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        return (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox"), await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM case_events"));
    }

    private static double PeakWorkingSetMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1024.0 / 1024.0;
    }

    /// <summary>The repositories and the procedure as the worker builds them, on a clock that stands at <see cref="Today"/>.</summary>
    private sealed class Worker(Database database, ProcedureTerms terms)
    {
        private readonly FixedClock clock = new(Today);
        private readonly CaseRepository cases = new(database);
        private readonly OutboxRepository outbox = new(database);
        private readonly InboundMessageRepository ledger = new(database);
        private readonly DeadlineRepository deadlines = new(database);
        private readonly MailSettings mail = new("Klachtenloket", "klachten@example.org", Path.GetFullPath("templates"), 10_000_000);

        /// <summary>The analysis of <paramref name="year"/> (with the year before beside it), rendered as the director reads it.</summary>
        public async Task<string> AnnualReportAsync(int year)
        {
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
            var composer = new MailComposer(mail, new MailTemplates(mail.TemplatesDirectory), new ThreadTokens(ThreadTokens.ParseSecret(ThreadTokens.NewSecret())), clock);
            var mails = new CaseMails(composer, mail, ProcedureSettings.Default, Handlers);
            var procedure = new CaseProcedure(cases, deadlines, outbox, mails, new CaseHistory(cases, outbox, ledger, composer, Handlers), terms, NullLogger<CaseProcedure>.Instance);
            return new DeadlineSweep(deadlines, cases, new DeadlineActions(outbox, mails, procedure, terms, NullLogger<DeadlineActions>.Instance), database, clock,
                NullLogger<DeadlineSweep>.Instance);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
