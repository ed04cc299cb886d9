using MailComplaints.Procedure;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Outbox;

/// <summary>
/// Withholds an automatic mail to an address that already got <c>Outbox:AutomaticMailsPerAddressPerDay</c> automatic
/// mails in 24 hours: two robots answering each other stop here. Handlers and relays (the copy that goes back through
/// the channel a complaint came in by) are ours and never limited.
/// </summary>
public sealed class AutomaticMailLimit(OutboxRepository outbox, OutboxSettings settings, IReadOnlyList<Handler> handlers, TimeProvider time, ILogger<AutomaticMailLimit> logger)
{
    /// <summary>True when <paramref name="mail"/> is over the limit; it is then marked withheld, with the reason, and never sent.</summary>
    public async Task<bool> WithheldAsync(OutboxEntry mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (!mail.Automatic || mail.Recipients.Count != 1 || mail.ThroughRelay || handlers.Any(handler => string.Equals(handler.Email, mail.Recipients[0], StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }
        var sent = await outbox.AutomaticSentToAsync(mail.Recipients[0], time.GetUtcNow().AddDays(-1), cancellationToken).ConfigureAwait(false);
        if (sent < settings.AutomaticMailsPerAddressPerDay)
        {
            return false;
        }
        var reason = $"withheld: the recipient already got {sent} automatic mails in 24 hours (Outbox:AutomaticMailsPerAddressPerDay = {settings.AutomaticMailsPerAddressPerDay})";
        await outbox.MarkWithheldAsync(mail.Id, reason, cancellationToken).ConfigureAwait(false);
        logger.LogWarning("Withheld {Kind}: {Reason}", mail.Kind, reason);
        return true;
    }
}
