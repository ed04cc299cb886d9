using MailComplaints.Mail.Net;

namespace MailComplaints.Mail.Smtp;

/// <summary>
/// The server refused a command (RFC 5321 §4.2). <see cref="IsTransient"/> tells an outbox whether to retry later
/// (4xx) or give up (5xx).
/// </summary>
public class SmtpCommandException : Exception
{
    /// <summary>Creates the exception for <paramref name="command"/> refused with <paramref name="response"/>.</summary>
    public SmtpCommandException(string command, SmtpResponse response)
        : base($"The SMTP server refused {command}: {response}. {(response.IsTransient ? "This is temporary; retry later." : "This is permanent; do not retry unchanged.")}")
    {
        ArgumentNullException.ThrowIfNull(response);
        Command = command;
        Response = response;
    }

    /// <summary>The command verb that was refused, e.g. "MAIL FROM", "DATA".</summary>
    public string Command { get; }

    /// <summary>The server's reply.</summary>
    public SmtpResponse Response { get; }

    /// <summary>The reply code, e.g. 451 or 554.</summary>
    public int StatusCode => Response.Code;

    /// <summary>The RFC 3463 enhanced status code, e.g. "5.7.1", or null.</summary>
    public string? EnhancedStatusCode => Response.EnhancedCode;

    /// <summary>True for 4xx replies: the same send may succeed later.</summary>
    public bool IsTransient => Response.IsTransient;
}

/// <summary>The server rejected the credentials (RFC 4954 §6, typically 535 5.7.8). Retrying with the same credentials will not help.</summary>
public sealed class SmtpAuthenticationException : SmtpCommandException
{
    /// <summary>Creates the exception.</summary>
    public SmtpAuthenticationException(string mechanism, SmtpResponse response)
        : base($"AUTH {mechanism}", response)
    {
    }
}

/// <summary>The SMTP connection was dropped, timed out, or the server closed it with 421 (RFC 5321 §3.8).</summary>
public sealed class SmtpConnectionLostException : MailConnectionLostException
{
    /// <summary>Creates the exception.</summary>
    public SmtpConnectionLostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
