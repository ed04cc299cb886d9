using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using MailComplaints.Storage;
using MailComplaints.Testing;

namespace MailComplaints.Worker.Tests.Intake;

/// <summary>
/// Exactly once, proven the hard way: 1,000 messages in a real Dovecot mailbox, the worker killed with SIGKILL at
/// ten random moments and restarted each time. Afterwards every message has exactly one outcome, no complaint has
/// two cases and no mail was queued or written twice.
/// </summary>
public sealed class CrashTests : MailStackFixture
{
    private const int Complaints = 900;
    private const int MachineMails = 100;

    [Test]
    public async Task Killing_the_worker_ten_times_loses_nothing_and_doubles_nothing()
    {
        var seed = Environment.TickCount;
        TestContext.Out.WriteLine($"random seed {seed}");
        var random = new Random(seed);
        var user = $"crash{Guid.NewGuid():N}"[..13] + "@localhost";
        var folder = Directory.CreateTempSubdirectory("mailcomplaints-crash-").FullName;
        try
        {
            await Stack.DeliverManyAsync(user, Enumerable.Range(1, Complaints).Select(Complaint).Concat(Enumerable.Range(1, MachineMails).Select(AutoReply)), CancellationToken.None);
            var environment = new Dictionary<string, string>
            {
                ["Mailbox__Kind"] = "Imap",
                ["Mailbox__Imap__Host"] = Stack.Host,
                ["Mailbox__Imap__Port"] = Stack.ImapPort.ToString(CultureInfo.InvariantCulture),
                ["Mailbox__Imap__Security"] = "None",
                ["Mailbox__Imap__Username"] = user,
                ["Mailbox__Imap__Password"] = Stack.Password,
                ["Mailbox__PollInterval"] = "00:00:01",
                ["Outbox__SendInterval"] = "00:00:01",
                ["Serilog__MinimumLevel__Default"] = "Warning",
            };

            for (var kill = 0; kill < 10; kill++)
            {
                using var worker = Start(folder, environment);
                var moment = TimeSpan.FromMilliseconds(random.Next(150, 1200));
                await Task.WhenAny(worker.WaitForExitAsync(), Task.Delay(moment));
                if (worker.HasExited)
                {
                    Assert.Fail($"The worker stopped by itself before kill {kill + 1}: {await worker.StandardError.ReadToEndAsync()}");
                }
                worker.Kill(); // SIGKILL: no shutdown, no flush, no finally blocks
                await worker.WaitForExitAsync();
                TestContext.Out.WriteLine($"kill {kill + 1} after {moment.TotalMilliseconds} ms: {await ProgressAsync(folder)}");
            }

            using (var last = Start(folder, environment))
            {
                var deadline = DateTime.UtcNow.AddMinutes(3);
                while (Stack.CountInboxMessages(user) > 0 || !await DoneAsync(folder))
                {
                    Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"not finished after the last restart: {await ProgressAsync(folder)}");
                    Assert.That(last.HasExited, Is.False, "the last worker stopped");
                    await Task.Delay(200);
                }
                last.Kill();
                await last.WaitForExitAsync();
            }

            await using var connection = await Database(folder).OpenAsync(CancellationToken.None);
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM inbound_messages"), Is.EqualTo(Complaints + MachineMails), "one outcome per message");
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(DISTINCT message_id) FROM inbound_messages"), Is.EqualTo(Complaints + MachineMails));
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM inbound_messages WHERE outcome = 'Ignored'"), Is.EqualTo(MachineMails));
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM cases"), Is.EqualTo(Complaints), "no duplicate case");
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(DISTINCT complainant_address) FROM cases"), Is.EqualTo(Complaints));
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox"), Is.EqualTo(2 * Complaints), "one acknowledgement and one assignment per case");
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(DISTINCT case_id) FROM outbox"), Is.EqualTo(Complaints));
            Assert.That(Directory.GetFiles(Path.Combine(folder, "data", "mail", "outbox"), "*.eml"), Has.Length.EqualTo(2 * Complaints), "no duplicate outgoing mail");
            Assert.That(Stack.CountInboxMessages(user), Is.Zero, "the inbox is empty");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Process Start(string folder, Dictionary<string, string> environment)
    {
        var start = WorkerProcess.StartInfo(folder, environment, "run");
        start.RedirectStandardOutput = false;
        return Process.Start(start)!;
    }

    private static Database Database(string folder) =>
        new(new StorageSettings(StorageProvider.Sqlite, $"Data Source={Path.Combine(folder, "data", "complaints.db")}"));

    private static async Task<bool> DoneAsync(string folder)
    {
        if (!File.Exists(Path.Combine(folder, "data", "complaints.db")))
        {
            return false;
        }
        try
        {
            await using var connection = await Database(folder).OpenAsync(CancellationToken.None);
            return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM inbound_messages") == Complaints + MachineMails
                && await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE status <> 'Sent'") == 0;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return false; // the schema is not there yet
        }
    }

    private static async Task<string> ProgressAsync(string folder)
    {
        try
        {
            await using var connection = await Database(folder).OpenAsync(CancellationToken.None);
            return $"{await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM inbound_messages")} messages recorded, "
                + $"{await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE status = 'Sent'")} mails sent";
        }
        catch (Microsoft.Data.Sqlite.SqliteException exception)
        {
            return $"no schema yet ({exception.SqliteErrorCode})";
        }
    }

    private static byte[] Complaint(int number) => Encoding.UTF8.GetBytes($"""
        From: Klager {number} <klager{number}@example.nl>
        To: klachten@example.org
        Subject: Klacht nummer {number} over de dienstverlening
        Message-ID: <crash-complaint-{number}@example.nl>
        Content-Type: text/plain; charset=utf-8

        Gisteren ging er iets mis bij afspraak {number}. Ik wil dat u dit oplost.

        """.ReplaceLineEndings("\r\n"));

    private static byte[] AutoReply(int number) => Encoding.UTF8.GetBytes($"""
        From: Afwezig {number} <afwezig{number}@example.nl>
        To: klachten@example.org
        Subject: Automatisch antwoord: Ontvangstbevestiging
        Auto-Submitted: auto-replied
        Message-ID: <crash-autoreply-{number}@example.nl>

        Ik ben afwezig tot maandag.

        """.ReplaceLineEndings("\r\n"));
}
