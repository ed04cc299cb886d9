namespace MailComplaints.Outbox;

/// <summary>Takes mail out of the outbox: an SMTP server, or the pickup directory when none is configured.</summary>
public interface IMailTransport
{
    /// <summary>Where mail goes, for logs and status (no credentials).</summary>
    string Describe();

    /// <summary>Opens a session that sends one batch (one SMTP connection); throws <see cref="MailTransportException"/>.</summary>
    Task<IMailSession> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>One batch of sending.</summary>
public interface IMailSession : IAsyncDisposable
{
    /// <summary>
    /// Sends one mail; throws <see cref="MailTransportException"/> telling a transient from a permanent failure. Returns the
    /// status codes of the recipients the server refused while it accepted others (the mail went out; they are not retried).
    /// </summary>
    Task<IReadOnlyList<int>> SendAsync(OutboxEntry mail, CancellationToken cancellationToken);
}

/// <summary>A mail could not be sent. Transient failures are retried with backoff; permanent ones are given up.</summary>
public sealed class MailTransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MailTransportException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    /// <summary>Creates a transient failure.</summary>
    public MailTransportException() : this("Sending failed.", isTransient: true) { }

    /// <summary>Creates a transient failure.</summary>
    public MailTransportException(string message) : this(message, isTransient: true) { }

    /// <summary>Creates a transient failure.</summary>
    public MailTransportException(string message, Exception innerException) : this(message, isTransient: true, innerException) { }

    /// <summary>True when trying again later may succeed (a 4xx reply, a dropped connection, a server that is down).</summary>
    public bool IsTransient { get; }
}
