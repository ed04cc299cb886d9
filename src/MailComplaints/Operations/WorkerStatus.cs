using System.Data.Common;
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
    /// <summary>True when everything could be reached.</summary>
    public bool Healthy => DatabaseReachable && MailboxReachable && Problem is null;
}

/// <summary>Collects the status report; each part that cannot be reached is reported, not thrown.</summary>
public sealed class WorkerStatus(Database database, SchemaMigrator migrator, IMailbox mailbox, WorkerStateRepository state,
    OutboxRepository outbox, InboundMessageRepository ledger)
{
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
            return new StatusReport(true, database.Describe(), version, probe.Reachable, probe.Detail, probe.Waiting,
                lastPoll?.UpdatedAt, lastPoll?.Value,
                await outbox.CountPendingAsync(cancellationToken).ConfigureAwait(false),
                await ledger.CountAsync(MessageOutcome.Failed, cancellationToken).ConfigureAwait(false),
                null);
        }
        catch (DbException exception)
        {
            return new StatusReport(false, database.Describe(), null, probe.Reachable, probe.Detail, probe.Waiting, null, null, 0, 0,
                $"The database cannot be reached: {exception.Message}");
        }
    }
}
