namespace MailComplaints.Mail.Smtp;

/// <summary>What the server said to one RCPT TO (RFC 5321 §3.3).</summary>
/// <param name="Address">The recipient address as given.</param>
/// <param name="Response">The server's reply to its RCPT TO.</param>
public sealed record SmtpRecipientResult(string Address, SmtpResponse Response)
{
    /// <summary>The server took responsibility for this recipient (once the message data was accepted).</summary>
    public bool Accepted => Response.IsPositive;

    /// <summary>Rejected with 4xx: retry this recipient later.</summary>
    public bool IsTransient => Response.IsTransient;
}

/// <summary>
/// The outcome of one <see cref="SmtpClient.SendAsync"/>: per recipient, and for the message data. A rejected
/// recipient does not fail the others; when none is accepted the message is not sent and <see cref="Sent"/> is false.
/// </summary>
/// <param name="Recipients">One result per recipient, in the order given.</param>
/// <param name="DataResponse">The reply to the end of the message data, or null when no data was sent.</param>
/// <param name="Failure">
/// From <see cref="SmtpClient.SendManyAsync"/> only: the refusal of MAIL FROM or of the message data that
/// <see cref="SmtpClient.SendAsync"/> would have thrown (see its IsTransient); null otherwise.
/// </param>
public sealed record SmtpSendResult(IReadOnlyList<SmtpRecipientResult> Recipients, SmtpResponse? DataResponse, SmtpCommandException? Failure = null)
{
    /// <summary>True when the server accepted the message for at least one recipient.</summary>
    public bool Sent => DataResponse is { IsPositive: true };

    /// <summary>The recipients the message was delivered to (empty when not <see cref="Sent"/>).</summary>
    public IEnumerable<SmtpRecipientResult> AcceptedRecipients => Sent ? Recipients.Where(r => r.Accepted) : [];

    /// <summary>The recipients the server refused.</summary>
    public IEnumerable<SmtpRecipientResult> RejectedRecipients => Recipients.Where(r => !r.Accepted);
}

/// <summary>One message for <see cref="SmtpClient.SendManyAsync"/>: envelope and content (RFC 5321 §2.3.1).</summary>
/// <param name="EnvelopeFrom">The reverse path; empty for the null sender.</param>
/// <param name="Recipients">The forward paths.</param>
/// <param name="Content">The complete message, headers and body.</param>
public sealed record SmtpMessage(string EnvelopeFrom, IReadOnlyList<string> Recipients, ReadOnlyMemory<byte> Content);
