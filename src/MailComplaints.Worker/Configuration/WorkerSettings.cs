using MailComplaints.Intake;
using MailComplaints.Mailboxes;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Retention;
using MailComplaints.Storage;
using MailComplaints.Threads;

namespace MailComplaints.Worker.Configuration;

/// <summary>Every setting of the worker, validated once at start (<see cref="WorkerOptions"/>).</summary>
public sealed record WorkerSettings(
    StorageSettings Storage,
    MailboxSettings Mailbox,
    SmtpSettings Smtp,
    OutboxSettings Outbox,
    MailSettings Mail,
    IReadOnlyList<Handler> Handlers,
    ProcedureSettings Procedure,
    IntakeSettings Intake,
    LogSettings Logging)
{
    /// <summary>Section <c>Threads</c>: the Message-ID token key and the trusted Authentication-Results servers.</summary>
    public required ThreadSettings Threads { get; init; }

    /// <summary><c>Procedure:DeadlineSweepTime</c>: the time of day (Amsterdam) deadlines fire on working days; also at every start.</summary>
    public required TimeSpan DeadlineSweepTime { get; init; }

    /// <summary>Section <c>Retention</c>: how long the content of a closed case is kept.</summary>
    public required RetentionSettings Retention { get; init; }
}

/// <summary>Section <c>Logging</c>: where the rolling log files go and how long they are kept.</summary>
public sealed record LogSettings(string Directory, int RetainedDays, long FileSizeLimitBytes);
