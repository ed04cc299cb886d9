using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Dapper;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Reading;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
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
            Console.Error.WriteLine("usage: intake populate|fetch|run MAILSTACK_DIR USER[,USER…] [count [first] | sqlite FILE [WARMUP_USER,…] | postgresql CONNECTION [WARMUP_USER,…]]");
            return 2;
        }
        var settings = File.ReadAllLines(Path.Combine(args[1], "mailstack.env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var imapPort = int.Parse(settings["IMAP_PORT"], CultureInfo.InvariantCulture);
        var user = args[2];
        switch (args[0])
        {
            case "populate":
                // An optional first number gives other messages (the warm-up mailbox must not hold copies of the measured ones).
                await BenchMailbox.PopulateAsync(int.Parse(settings["LMTP_PORT"], CultureInfo.InvariantCulture), user, int.Parse(args[3], CultureInfo.InvariantCulture),
                    args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0);
                return 0;
            case "fetch":
                await BenchMailbox.MeasureAsync("intake_fetch_parse", () => FetchAndParseAsync(imapPort, user, settings["PASSWORD"]));
                return 0;
            case "run":
                var storage = args[3] == "postgresql"
                    ? new StorageSettings(StorageProvider.PostgreSql, args[4])
                    : new StorageSettings(StorageProvider.Sqlite, $"Data Source={args[4]}");
                ImapSettings Imap(string account) => new("127.0.0.1", imapPort, MailServers.TransportSecurity.None, account, settings["PASSWORD"], "INBOX");
                var worker = await Worker.StartAsync(storage);
                foreach (var warmUp in args.Length > 5 ? args[5].Split(',') : [])
                {
                    await PollAsync(worker, Imap(warmUp));
                    await JitSettling.WaitAsync();
                }
                var measured = user.Split(',');
                await TrickleAsync(worker, int.Parse(settings["LMTP_PORT"], CultureInfo.InvariantCulture), Imap($"trickle-{measured[0]}"));
                // Each measured mailbox is polled once, one after the other; the best poll is reported, as for the fetch + parse reference.
                var runs = new List<MeasuredPoll>();
                foreach (var mailbox in measured)
                {
                    if (runs.Count > 0)
                    {
                        await JitSettling.WaitAsync();
                    }
                    runs.Add(await MeasureAsync(worker, Imap(mailbox)));
                }
                var best = runs.MaxBy(run => run.PerSecond)!;
                best.Lines.ForEach(Console.WriteLine);
                var provider = worker.Database.Provider.ToString().ToLowerInvariant();
                Console.WriteLine($"intake_{provider}_runs_per_second={string.Join(',', runs.Select(run => run.PerSecond.ToString("F0", CultureInfo.InvariantCulture)))}");
                return runs.TrueForAll(run => run.Complete) ? 0 : 1;
            default:
                Console.Error.WriteLine($"unknown benchmark {args[0]}");
                return 2;
        }
    }

    /// <summary>
    /// The warm-up a running worker gets from its ordinary day: many small polls (each its own connection, a batch of a few
    /// messages). .NET compiles a method optimised only after 30 calls and again after 30 more with profile data, so code
    /// that runs once per poll or per batch stays unoptimised through the two large warm-up polls, and was compiled during
    /// the measured poll instead (about 1,000 methods, a second of compiling). Messages numbered from 3,000,000 on: other
    /// messages than the measured and the warm-up ones.
    /// </summary>
    private static async Task TrickleAsync(Worker worker, int lmtpPort, ImapSettings imap)
    {
        const int Polls = 80, MessagesPerPoll = 5;
        for (var poll = 0; poll < Polls; poll++)
        {
            await BenchMailbox.PopulateAsync(lmtpPort, imap.Username, MessagesPerPoll, 3_000_000 + poll * MessagesPerPoll);
            await PollAsync(worker, imap);
        }
        await JitSettling.WaitAsync();
    }

    /// <summary>
    /// The reference: bare MailKit and MimeKit doing what the intake needs of every message before the database — one
    /// streaming fetch of every body, parsed, with subject, sender and MimeKit's own TextBody.
    /// </summary>
    private static async Task<int> FetchAndParseAsync(int port, string user, string password)
    {
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, password);
        var inbox = (ImapFolder)client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly);
        var count = 0;
        var uids = await inbox.SearchAsync(MailKit.Search.SearchQuery.All);
        await inbox.GetStreamsAsync(uids, async (_, _, _, body, token) =>
        {
            var message = await MimeKit.MimeMessage.LoadAsync(body, token);
            if (message.Subject is not null && message.From.Count > 0 && message.TextBody is not null)
            {
                count++;
            }
        });
        await client.DisconnectAsync(quit: true);
        return count;
    }

    /// <summary>One poll of the whole mailbox, untimed: a warm-up.</summary>
    private static async Task PollAsync(Worker worker, ImapSettings imap)
    {
        await using var mailbox = new ImapServerMailbox(imap, ProcessingFolders.Default, TimeProvider.System, NullLogger<ImapServerMailbox>.Instance);
        await worker.IntakeOf(mailbox, new PhaseTimes()).PollAsync(CancellationToken.None);
    }

    /// <summary>A measured poll: complaints per second, whether every case had its acknowledgement queued, and the lines to print.</summary>
    private sealed record MeasuredPoll(double PerSecond, bool Complete, List<string> Lines);

    /// <summary>
    /// One poll of the whole mailbox, timed. The script first polls two warm-up mailboxes of other messages into the same
    /// database with the same services (<see cref="PollAsync"/>), and lets the compiler settle after each: the worker is a
    /// long-running process, and its JIT needs that long to reach optimised code (the fetch + parse reference is likewise
    /// measured after a warm-up). What the JIT still compiled during the measured poll is printed with it.
    /// </summary>
    private static async Task<MeasuredPoll> MeasureAsync(Worker worker, ImapSettings imap)
    {
        var phases = new PhaseTimes();
        var database = worker.Database;
        await using var mailbox = new ImapServerMailbox(imap, ProcessingFolders.Default, TimeProvider.System, NullLogger<ImapServerMailbox>.Instance);
        var intake = worker.IntakeOf(mailbox, phases);

        await using var connection = await database.OpenAsync(CancellationToken.None);
        const string CountCases = "SELECT COUNT(*) FROM cases";
        const string CountAcknowledgements = "SELECT COUNT(*) FROM outbox WHERE status = 'Pending' AND kind = 'Acknowledgement'";
        var casesBefore = await connection.ExecuteScalarAsync<int>(CountCases);
        var queuedBefore = await connection.ExecuteScalarAsync<int>(CountAcknowledgements);

        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var pauseBefore = GC.GetTotalPauseDuration();
        var collectionsBefore = GC.CollectionCount(0);
        var compiledBefore = JitInfo.GetCompiledMethodCount();
        var compilingBefore = JitInfo.GetCompilationTime();
        var cpu = new CpuUse();
        var stopwatch = Stopwatch.StartNew();
        var summary = await intake.PollAsync(CancellationToken.None);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var cpuUse = cpu.PerMessage(summary.Outcomes.Values.Sum(), stopwatch.Elapsed);
        var compiled = JitInfo.GetCompiledMethodCount() - compiledBefore;
        var compiling = JitInfo.GetCompilationTime() - compilingBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        var collections = GC.CollectionCount(0) - collectionsBefore;

        var registered = await connection.ExecuteScalarAsync<int>(CountCases) - casesBefore;
        var queued = await connection.ExecuteScalarAsync<int>(CountAcknowledgements) - queuedBefore;

        var name = database.Provider.ToString().ToLowerInvariant();
        List<string> lines =
        [
            string.Create(CultureInfo.InvariantCulture, $"intake_{name}_summary={summary}"),
            string.Create(CultureInfo.InvariantCulture, $"intake_{name}_cases={registered} acknowledgements_queued={queued} seconds={seconds:F2}"),
            string.Create(CultureInfo.InvariantCulture, $"intake_{name}_per_second={registered / seconds:F0}"),
            string.Create(CultureInfo.InvariantCulture, $"intake_{name}_phases_ms_per_batch_of_250={phases}"),
            $"intake_{name}_cpu_us_per_message={cpuUse}",
            string.Create(CultureInfo.InvariantCulture, $"intake_{name}_jit=methods_compiled={compiled} compiling_ms={compiling.TotalMilliseconds:F0}"),
            string.Create(CultureInfo.InvariantCulture,
                $"intake_{name}_gc=allocated_kb_per_message={allocated / 1024.0 / Math.Max(1, registered):F0} collections={collections} pause_ms={pause.TotalMilliseconds:F0}"),
        ];
        return new MeasuredPoll(registered / seconds, registered == queued && registered > 0, lines);
    }

    /// <summary>
    /// The worker's services, built once for all polls of a run as the worker builds its singletons: templates compiled,
    /// parameter readers made and statements cached once, not again for the measured poll.
    /// </summary>
    private sealed class Worker
    {
        private readonly CaseRepository cases;
        private readonly OutboxRepository outbox;
        private readonly InboundMessageRepository ledger;
        private readonly CaseMails mails;
        private readonly CaseProcedure caseProcedure;
        private readonly ThreadReplies replies;
        private readonly IntakeClassifier classifier;
        private readonly Handler[] handlers = [new("Behandelaar", "behandelaar@example.org", HandlerRole.Handler)];
        private readonly ProcedureSettings procedure = ProcedureSettings.Default;
        private readonly ProcedureTerms terms = new(ProcedureSettings.Default, WorkingDayCalendar.Statutory);

        private Worker(Database database)
        {
            Database = database;
            var mail = new MailSettings("Klachtenloket", "klachten@example.org", Path.GetFullPath("templates"), 10_000_000);
            cases = new CaseRepository(database);
            outbox = new OutboxRepository(database);
            ledger = new InboundMessageRepository(database);
            var tokens = new ThreadTokens(ThreadTokens.ParseSecret(ThreadTokens.NewSecret()));
            var composer = new MailComposer(mail, new MailTemplates(mail.TemplatesDirectory), tokens, TimeProvider.System);
            mails = new CaseMails(composer, mail, procedure, handlers);
            caseProcedure = new CaseProcedure(cases, new DeadlineRepository(database), outbox, mails, new CaseHistory(cases, outbox, ledger, composer, handlers), terms,
                NullLogger<CaseProcedure>.Instance);
            replies = new ThreadReplies(caseProcedure, mails, outbox, cases, terms, NullLogger<ThreadReplies>.Instance);
            classifier = new IntakeClassifier(cases, outbox, IntakeSettings.Default, procedure, mail, handlers, tokens, new SenderAuthentication([]));
        }

        public Database Database { get; }

        public static async Task<Worker> StartAsync(StorageSettings storage)
        {
            var database = new Database(storage);
            await new SchemaMigrator(database).MigrateAsync(CancellationToken.None);
            return new Worker(database);
        }

        public IntakeService IntakeOf(ImapServerMailbox mailbox, PhaseTimes phases) =>
            new(mailbox, new IncomingReader(classifier, IntakeSettings.Default, phases), classifier, ledger,
                new IntakeCommit(Database, ledger, new ComplaintRegistration(new CaseRouting(handlers, cases), cases, ledger, caseProcedure, outbox, mails, terms), cases,
                    new DecisionActions(ledger, cases, outbox, mails, replies), TimeProvider.System, NullLogger<IntakeCommit>.Instance),
                new WorkerStateRepository(Database), TimeProvider.System, phases);
    }

    /// <summary>Sums the per-batch phase timings the intake logs at Debug level ("Read a batch of …: … ms", "Batch of …: classify … ms, store … ms, …").</summary>
    private sealed class PhaseTimes : ILogger<IntakeService>, ILogger<IncomingReader>
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
                else if (key == "Count" && values.Any(pair => pair.Key == "StoreMs"))
                {
                    messages += Convert.ToInt32(value, CultureInfo.InvariantCulture);
                }
            }
        }

        public override string ToString() => messages == 0 ? "none" : string.Join(" ", Phases.Select((phase, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{phase[..^2].ToLowerInvariant()}={totals[i] * 250 / messages:F1}")));
    }
}
