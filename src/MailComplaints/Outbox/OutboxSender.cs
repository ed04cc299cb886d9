using Microsoft.Extensions.Logging;

namespace MailComplaints.Outbox;

/// <summary>
/// Sends the mails that are due, marking each as it leaves. A transient failure is retried with exponential
/// backoff (1, 2, 4 … minutes, at most an hour); a permanent one, or too many attempts, gives up.
/// </summary>
public sealed class OutboxSender(OutboxRepository outbox, IMailTransport transport, OutboxSettings settings, TimeProvider time, ILogger<OutboxSender> logger)
{
    private const int Batch = 100;

    /// <summary>Sends everything due now; returns how many mails left.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        var retried = new HashSet<long>();
        while (true)
        {
            var due = (await outbox.DueAsync(time.GetUtcNow(), Batch, cancellationToken).ConfigureAwait(false))
                .Where(mail => !retried.Contains(mail.Id)).ToList();
            if (due.Count == 0)
            {
                return sent;
            }
            foreach (var mail in due)
            {
                if (await SendAsync(mail, cancellationToken).ConfigureAwait(false))
                {
                    sent++;
                }
                else
                {
                    retried.Add(mail.Id);
                }
            }
        }
    }

    private async Task<bool> SendAsync(OutboxEntry mail, CancellationToken cancellationToken)
    {
        try
        {
            await transport.SendAsync(mail, cancellationToken).ConfigureAwait(false);
            await outbox.MarkSentAsync(mail.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Sent {Kind} {MessageId} via {Transport}", mail.Kind, mail.MessageId, transport.Describe());
            return true;
        }
        catch (MailTransportException failure) when (failure.IsTransient && mail.Attempts + 1 < settings.MaxAttempts)
        {
            var retryAt = time.GetUtcNow() + Backoff(mail.Attempts + 1);
            await outbox.MarkRetryAsync(mail.Id, failure.Message, retryAt, cancellationToken).ConfigureAwait(false);
            logger.LogWarning("Sending {MessageId} failed (attempt {Attempt}), retrying at {RetryAt}: {Reason}", mail.MessageId, mail.Attempts + 1, retryAt, failure.Message);
            return false;
        }
        catch (MailTransportException failure)
        {
            await outbox.MarkFailedAsync(mail.Id, failure.Message, cancellationToken).ConfigureAwait(false);
            logger.LogError("Gave up sending {MessageId} after {Attempts} attempts: {Reason}", mail.MessageId, mail.Attempts + 1, failure.Message);
            return false;
        }
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Max(0, attempt - 1))));
}
