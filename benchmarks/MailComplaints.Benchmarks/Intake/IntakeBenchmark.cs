using System.Diagnostics;
using System.Globalization;
using Dapper;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Mail.Imap;
using MailComplaints.Mail.Mime;
using MailComplaints.Mail.Net;
using MailComplaints.Mailboxes;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Storage;
using MailComplaints.Templates;
using MailComplaints.Threads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailComplaints.Benchmarks.Intake;

/// <summary>
/// The intake end to end against the private mail stack (scripts/bench-intake.sh): every message of a Dovecot
/// mailbox fetched, parsed, classified, registered with its acknowledgement queued in the outbox, and moved, in one
/// poll; next to the fetch + parse rate of our IMAP client alone, measured on the same mailbox in the same run.
/// </summary>
internal static class IntakeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: intake populate|fetch|run MAILSTACK_DIR USER [count [first] | sqlite FILE [WARMUP_USER] | postgresql CONNECTION [WARMUP_USER]]");
            return 2;
        }
        var settings = File.ReadAllLines(Path.Combine(args[1], "mailstack.env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var imapPort = int.Parse(settings["IMAP_PORT"], CultureInfo.InvariantCulture);
        var user = args[2];
        switch (args[0])
        {
            case "populate":
                // An optional first number gives other messages (the warm-up mailbox must not hold copies of the measured ones).
                await Net.NetBenchmark.PopulateAsync(int.Parse(settings["LMTP_PORT"], CultureInfo.InvariantCulture), user, int.Parse(args[3], CultureInfo.InvariantCulture),
                    args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0);
                return 0;
            case "fetch":
                var options = new ImapClientOptions { Host = "127.0.0.1", Port = imapPort, Security = TransportSecurity.None, Username = user, Password = settings["PASSWORD"] };
                await Net.NetBenchmark.MeasureAsync("intake_fetch_parse", () => FetchAndParseAsync(options));
                return 0;
            case "run":
                var storage = args[3] == "postgresql"
                    ? new StorageSettings(StorageProvider.PostgreSql, args[4])
                    : new StorageSettings(StorageProvider.Sqlite, $"Data Source={args[4]}");
                ImapSettings Imap(string account) => new("127.0.0.1", imapPort, TransportSecurity.None, account, settings["PASSWORD"], "INBOX");
                if (args.Length > 5)
                {
                    await IntakeAsync(storage, Imap(args[5]), report: false);
                }
                return await IntakeAsync(storage, Imap(user), report: true);
            default:
                Console.Error.WriteLine($"unknown benchmark {args[0]}");
                return 2;
        }
    }

    /// <summary>What the intake needs of every message before the database: fetch, parse, subject, sender, text.</summary>
    private static async Task<int> FetchAndParseAsync(ImapClientOptions options)
    {
        await using var client = new ImapClient(options);
        await client.ConnectAsync(CancellationToken.None);
        await client.ExamineAsync("INBOX", CancellationToken.None);
        var count = 0;
        await client.UidFetchAsync(UidSet.All, FetchItems.Body, async (_, body, token) =>
        {
            var message = await MimeMessage.LoadAsync(body!, cancellationToken: token);
            if (message.Subject is not null && message.From.Count > 0 && message.GetTextBody() is not null)
            {
                count++;
            }
        }, CancellationToken.None);
        return count;
    }

    /// <summary>
    /// One poll of the whole mailbox, timed. The script first polls a smaller warm-up mailbox into the same database
    /// (<paramref name="report"/> false), as the fetch + parse reference is measured after a warm-up run: the worker is a
    /// long-running process, and a cold run would mostly measure the JIT compiling its code paths for the first time.
    /// </summary>
    private static async Task<int> IntakeAsync(StorageSettings storage, ImapSettings imap, bool report)
    {
        var phases = new PhaseTimes();
        var database = new Database(storage);
        await new SchemaMigrator(database).MigrateAsync(CancellationToken.None);
        var mail = new MailSettings("Klachtenloket", "klachten@example.org", Path.GetFullPath("templates"));
        var procedure = ProcedureSettings.Default;
        Handler[] handlers = [new("Behandelaar", "behandelaar@example.org", HandlerRole.Handler)];
        var cases = new CaseRepository(database);
        var outbox = new OutboxRepository(database);
        var ledger = new InboundMessageRepository(database);
        var tokens = new ThreadTokens(ThreadTokens.ParseSecret(ThreadTokens.NewSecret()));
        var composer = new MailComposer(mail, tokens, TimeProvider.System);
        var mails = new CaseMails(new MailTemplates(mail.TemplatesDirectory), composer, mail, procedure, handlers);
        await using var mailbox = new ImapServerMailbox(imap, ProcessingFolders.Default, TimeProvider.System, NullLogger<ImapServerMailbox>.Instance);
        var caseProcedure = new CaseProcedure(cases, new DeadlineRepository(database), outbox, mails, procedure, WorkingDayCalendar.Statutory, database,
            TimeProvider.System, NullLogger<CaseProcedure>.Instance);
        var replies = new ThreadReplies(caseProcedure, mails, outbox, cases, handlers, WorkingDayCalendar.Statutory, NullLogger<ThreadReplies>.Instance);
        var classifier = new IntakeClassifier(cases, outbox, IntakeSettings.Default, procedure, mail, handlers, tokens, new SenderAuthentication([]));
        var intake = new IntakeService(mailbox, database, classifier, ledger, cases, outbox, mails, caseProcedure, replies, handlers, IntakeSettings.Default, procedure, new WorkerStateRepository(database), TimeProvider.System,
            phases);

        await using var connection = await database.OpenAsync(CancellationToken.None);
        const string CountCases = "SELECT COUNT(*) FROM cases";
        const string CountAcknowledgements = "SELECT COUNT(*) FROM outbox WHERE status = 'Pending' AND kind = 'Acknowledgement'";
        var casesBefore = await connection.ExecuteScalarAsync<int>(CountCases);
        var queuedBefore = await connection.ExecuteScalarAsync<int>(CountAcknowledgements);

        var stopwatch = Stopwatch.StartNew();
        var summary = await intake.PollAsync(CancellationToken.None);
        var seconds = stopwatch.Elapsed.TotalSeconds;

        var registered = await connection.ExecuteScalarAsync<int>(CountCases) - casesBefore;
        var queued = await connection.ExecuteScalarAsync<int>(CountAcknowledgements) - queuedBefore;

        if (!report)
        {
            return 0;
        }
        var name = storage.Provider.ToString().ToLowerInvariant();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"intake_{name}_summary={summary}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"intake_{name}_cases={registered} acknowledgements_queued={queued} seconds={seconds:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"intake_{name}_per_second={registered / seconds:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"intake_{name}_phases_ms_per_batch_of_250={phases}"));
        return registered == queued && registered > 0 ? 0 : 1;
    }

    /// <summary>Sums the per-batch phase timings the intake logs at Debug level ("Batch of …: fetch … ms, classify … ms, …").</summary>
    private sealed class PhaseTimes : ILogger<IntakeService>
    {
        private static readonly string[] Phases = ["FetchMs", "ClassifyMs", "StoreMs", "MoveMs"];
        private readonly double[] totals = new double[Phases.Length];
        private int messages;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel != LogLevel.Debug || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }
            foreach (var (key, value) in values)
            {
                var phase = Array.IndexOf(Phases, key);
                if (phase >= 0)
                {
                    totals[phase] += Convert.ToDouble(value, CultureInfo.InvariantCulture);
                }
                else if (key == "Count")
                {
                    messages += Convert.ToInt32(value, CultureInfo.InvariantCulture);
                }
            }
        }

        public override string ToString() => messages == 0 ? "none" : string.Join(" ", Phases.Select((phase, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{phase[..^2].ToLowerInvariant()}={totals[i] * 250 / messages:F1}")));
    }
}
