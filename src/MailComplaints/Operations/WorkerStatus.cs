using System.Data.Common;
using System.Globalization;
using MailComplaints.Intake;
using MailComplaints.Mailboxes;
using MailComplaints.Outbox;
using MailComplaints.Storage;

namespace MailComplaints.Operations;

/// <summary>What an administrator sees with <c>mailcomplaints status</c>.</summary>
public sealed record StatusReport(
    bool DatabaseReachable,
    string Database,
    int? SchemaVersion,
    bool MailboxReachable,
    string Mailbox,
    int MailboxWaiting,
    DateTimeOffset? LastPollAt,
    string? LastPollResult,
    int OutboxBacklog,
    int FailedMessages,
    string? Problem)
{
    /// <summary>Mails that have kept failing for longer than <c>Outbox:FailingAlarm</c>.</summary>
    public int OutboxFailing { get; init; }

    /// <summary>Mails given up after their retries in the last 24 hours.</summary>
    public int OutboxGivenUp { get; init; }

    /// <summary>True when everything could be reached and mail leaves.</summary>
    public bool Healthy => DatabaseReachable && MailboxReachable && Problem is null;
}

/// <summary>Collects the status report; each part that cannot be reached is reported, not thrown.</summary>
public sealed class WorkerStatus(Database database, SchemaMigrator migrator, IMailbox mailbox, WorkerStateRepository state,
    OutboxRepository outbox, OutboxSettings outboxSettings, InboundMessageRepository ledger, TimeProvider time)
{
    private static readonly TimeSpan GivenUpShown = TimeSpan.FromHours(24);

    /// <summary>The name under which the intake records its last poll.</summary>
    public const string LastPoll = "last-poll";

    /// <summary>Gathers the report.</summary>
    public async Task<StatusReport> ReportAsync(CancellationToken cancellationToken)
    {
        MailboxProbe probe;
        try
        {
            probe = await mailbox.ProbeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            probe = new MailboxProbe(false, 0, $"{mailbox.Name}: {exception.Message}");
        }

        try
        {
            var version = await migrator.CurrentVersionAsync(cancellationToken).ConfigureAwait(false);
            if (version is null)
            {
                return new StatusReport(true, database.Describe(), null, probe.Reachable, probe.Detail, probe.Waiting, null, null, 0, 0,
                    "The database has no schema yet: run 'mailcomplaints db migrate' or start the worker.");
            }
            var lastPoll = await state.GetAsync(LastPoll, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var trouble = await outbox.TroubleAsync(now - outboxSettings.FailingAlarm, now - GivenUpShown, cancellationToken).ConfigureAwait(false);
            return new StatusReport(true, database.Describe(), version, probe.Reachable, probe.Detail, probe.Waiting,
                lastPoll?.UpdatedAt, lastPoll?.Value,
                await outbox.CountPendingAsync(cancellationToken).ConfigureAwait(false),
                await ledger.CountAsync(MessageOutcome.Failed, cancellationToken).ConfigureAwait(false),
                ProblemOf(trouble))
            {
                OutboxFailing = trouble.Failing,
                OutboxGivenUp = trouble.GivenUp,
            };
        }
        catch (DbException exception)
        {
            return new StatusReport(false, database.Describe(), null, probe.Reachable, probe.Detail, probe.Waiting, null, null, 0, 0,
                $"The database cannot be reached: {exception.Message}");
        }
    }

    private string? ProblemOf(OutboxTrouble trouble)
    {
        var problems = new List<string>();
        if (trouble.Failing > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"Mail is not leaving: {trouble.Failing} mail(s) have kept failing for longer than Outbox:FailingAlarm ({outboxSettings.FailingAlarm:c}), the oldest queued at {trouble.OldestFailing:yyyy-MM-dd HH:mm:ss} UTC; last error: {trouble.LastError}"));
        }
        if (trouble.GivenUp > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{trouble.GivenUp} mail(s) were given up after their retries in the last 24 hours; each case's audit trail (cases show) says which and why."));
        }
        return problems.Count == 0 ? null : string.Join(" ", problems);
    }
}
