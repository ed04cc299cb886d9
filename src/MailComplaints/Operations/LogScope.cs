using MailComplaints.Cases;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Operations;

/// <summary>
/// What the log lines of one unit of work are about (one inbound message, one outgoing mail, one deadline), pushed once
/// as a logging scope rather than repeated in every message template. The logging provider makes the scope's named
/// values properties of every line written inside it, from any logger: <c>MessageId</c> and <c>CaseNumber</c>.
/// </summary>
public static class LogScope
{
    /// <summary>Begins the work on message <paramref name="messageId"/> and, where known, case <paramref name="caseNumber"/>; ends when disposed.</summary>
    public static IDisposable? BeginWork(this ILogger logger, string? messageId, CaseNumber? caseNumber = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var values = new Dictionary<string, object?>(2, StringComparer.Ordinal);
        if (messageId is not null)
        {
            values["MessageId"] = messageId;
        }
        if (caseNumber is not null)
        {
            values["CaseNumber"] = caseNumber.ToString();
        }
        return logger.BeginScope(values);
    }
}
