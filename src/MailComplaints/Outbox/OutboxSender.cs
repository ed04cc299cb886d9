using MailComplaints.Mailboxes;
using MailComplaints.Operations;
using MailComplaints.Procedure;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Outbox;

/// <summary>Told when the outbox gives up on a mail, so that the case and its handler hear of it.</summary>
public interface IDeliveryFailures
{
    /// <summary>Records that <paramref name="mail"/> could not be delivered, and why.</summary>
    Task GaveUpAsync(OutboxEntry mail, string reason, CancellationToken cancellationToken);
}

/// <summary>
/// Sends the mails that are due, marking each as it leaves. A transient failure is retried with exponential
/// backoff (1, 2, 4 … minutes, at most an hour); a permanent one, or too many attempts, gives up and tells the
/// case. An automatic mail to an address that already got the day's maximum is withheld, never sent: two robots
/// answering each other stop there.
/// </summary>
public sealed class OutboxSender(OutboxRepository outbox, MailComposer composer, IMailTransport transport, OutboxSettings settings, IReadOnlyList<Handler> handlers,
    IDeliveryFailures failures, Func<IMailbox> mailbox, TimeProvider time, ILogger<OutboxSender> logger)
{
    private const int Batch = 100;

    /// <summary>Sends everything due now over one session; returns how many mails left.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var due = await outbox.DueAsync(time.GetUtcNow(), Batch, cancellationToken).ConfigureAwait(false);
        if (due.Count == 0)
        {
            return 0;
        }
        IMailSession session;
        try
        {
            session = await transport.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MailTransportException failure)
        {
            foreach (var mail in due)
            {
                using var scope = logger.BeginWork(mail.MessageId);
                await FailedAsync(mail, failure, cancellationToken).ConfigureAwait(false);
            }
            return 0;
        }

        var sent = new List<OutboxEntry>();
        var tried = new HashSet<long>();
        await using (session.ConfigureAwait(false))
        {
            while (due.Count > 0)
            {
                foreach (var queued in due)
                {
                    // One mail's unit of work: every line about it carries its MessageId.
                    using var scope = logger.BeginWork(queued.MessageId);
                    tried.Add(queued.Id);
                    if (await OverDailyLimitAsync(queued, cancellationToken).ConfigureAwait(false) || await ComposeAsync(queued, cancellationToken).ConfigureAwait(false) is not { } mail)
                    {
                        continue;
                    }
                    IReadOnlyList<int> refused;
                    try
                    {
                        refused = await session.SendAsync(mail, cancellationToken).ConfigureAwait(false);
                    }
                    catch (MailTransportException failure)
                    {
                        await FailedAsync(mail, failure, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    await outbox.MarkSentAsync(mail.Id, time.GetUtcNow(), queued.Raw is null ? mail.Raw : null, cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("Sent {Kind} via {Transport}", mail.Kind, transport.Describe());
                    if (refused.Count > 0)
                    {
                        logger.LogWarning("{Refused} of {Recipients} recipients refused by the server (status {Codes}); the others received the mail", refused.Count,
                            mail.Recipients.Count, string.Join(", ", refused));
                    }
                    sent.Add(mail);
                }
                due = (await outbox.DueAsync(time.GetUtcNow(), Batch, cancellationToken).ConfigureAwait(false)).Where(mail => !tried.Contains(mail.Id)).ToList();
            }
        }
        await KeepSentCopiesAsync(sent, cancellationToken).ConfigureAwait(false);
        return sent.Count;
    }

    // Outbox:SentFolder: a copy of each mail sent in the mailbox's Sent folder. A copy, not the mail: when it cannot be
    // made, that is logged and the mail stays sent (never sent again for the sake of its copy).
    private async Task KeepSentCopiesAsync(List<OutboxEntry> sent, CancellationToken cancellationToken)
    {
        if (settings.SentFolder is not { } folder || sent.Count == 0)
        {
            return;
        }
        await using var copies = mailbox();
        foreach (var mail in sent)
        {
            using var scope = logger.BeginWork(mail.MessageId);
            try
            {
                await copies.KeepSentCopyAsync(folder, mail.Raw!, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("No copy in the {Folder} folder: {Reason}", folder, exception.Message);
            }
        }
    }

    // A mail queued as a draft is composed now. A draft that cannot be (its template is gone or broken) would fail again
    // at every attempt: it is given up at once, with the reason, and the case hears of it.
    private async Task<OutboxEntry?> ComposeAsync(OutboxEntry mail, CancellationToken cancellationToken)
    {
        if (mail.Raw is not null)
        {
            return mail;
        }
        try
        {
            return mail with { Raw = composer.Compose(mail) };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await GiveUpAsync(mail, $"could not be composed from its draft: {exception.Message}", cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private async Task FailedAsync(OutboxEntry mail, MailTransportException failure, CancellationToken cancellationToken)
    {
        if (failure.IsTransient && mail.Attempts + 1 < settings.MaxAttempts)
        {
            var retryAt = time.GetUtcNow() + Backoff(mail.Attempts + 1);
            await outbox.MarkRetryAsync(mail.Id, failure.Message, retryAt, cancellationToken).ConfigureAwait(false);
            logger.LogWarning("Sending failed (attempt {Attempt}), retrying at {RetryAt}: {Reason}", mail.Attempts + 1, retryAt, failure.Message);
            return;
        }
        await GiveUpAsync(mail, failure.Message, cancellationToken).ConfigureAwait(false);
    }

    // The one way a mail is given up: marked Failed with the reason, logged, and its case told.
    private async Task GiveUpAsync(OutboxEntry mail, string reason, CancellationToken cancellationToken)
    {
        await outbox.MarkFailedAsync(mail.Id, reason, cancellationToken).ConfigureAwait(false);
        logger.LogError("Gave up sending after {Attempts} attempts: {Reason}", mail.Attempts + 1, reason);
        await failures.GaveUpAsync(mail, reason, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> OverDailyLimitAsync(OutboxEntry mail, CancellationToken cancellationToken)
    {
        // Handlers and relays (the copy that goes back through the channel a complaint came in by) are ours: never limited.
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

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Max(0, attempt - 1))));
}
