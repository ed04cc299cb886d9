using Microsoft.Extensions.Logging;

namespace MailComplaints.Outbox;

/// <summary>
/// Sends the mails that are due, marking each as it leaves. A transient failure is retried with exponential
/// backoff (1, 2, 4 … minutes, at most an hour); a permanent one, or too many attempts, gives up.
/// </summary>
public sealed class OutboxSender(OutboxRepository outbox, IMailTransport transport, OutboxSettings settings, TimeProvider time, ILogger<OutboxSender> logger)
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
                await FailedAsync(mail, failure, cancellationToken).ConfigureAwait(false);
            }
            return 0;
        }

        var sent = 0;
        var tried = new HashSet<long>();
        await using (session.ConfigureAwait(false))
        {
            while (due.Count > 0)
            {
                foreach (var mail in due)
                {
                    tried.Add(mail.Id);
                    try
                    {
                        await session.SendAsync(mail, cancellationToken).ConfigureAwait(false);
                    }
                    catch (MailTransportException failure)
                    {
                        await FailedAsync(mail, failure, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    await outbox.MarkSentAsync(mail.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("Sent {Kind} {MessageId} via {Transport}", mail.Kind, mail.MessageId, transport.Describe());
                    sent++;
                }
                due = (await outbox.DueAsync(time.GetUtcNow(), Batch, cancellationToken).ConfigureAwait(false)).Where(mail => !tried.Contains(mail.Id)).ToList();
            }
        }
        return sent;
    }

    private async Task FailedAsync(OutboxEntry mail, MailTransportException failure, CancellationToken cancellationToken)
    {
        if (failure.IsTransient && mail.Attempts + 1 < settings.MaxAttempts)
        {
            var retryAt = time.GetUtcNow() + Backoff(mail.Attempts + 1);
            await outbox.MarkRetryAsync(mail.Id, failure.Message, retryAt, cancellationToken).ConfigureAwait(false);
            logger.LogWarning("Sending {MessageId} failed (attempt {Attempt}), retrying at {RetryAt}: {Reason}", mail.MessageId, mail.Attempts + 1, retryAt, failure.Message);
            return;
        }
        await outbox.MarkFailedAsync(mail.Id, failure.Message, cancellationToken).ConfigureAwait(false);
        logger.LogError("Gave up sending {MessageId} after {Attempts} attempts: {Reason}", mail.MessageId, mail.Attempts + 1, failure.Message);
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Max(0, attempt - 1))));
}
