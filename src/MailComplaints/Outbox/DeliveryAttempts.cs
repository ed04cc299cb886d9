using Microsoft.Extensions.Logging;

namespace MailComplaints.Outbox;

/// <summary>
/// What becomes of one attempt to send a mail: sent (and marked so, with the bytes of a composed draft); a transient
/// failure retried with exponential backoff (1, 2, 4 … minutes, at most an hour); a permanent one, or too many
/// attempts, given up, and the case told (<see cref="IDeliveryFailures"/>).
/// </summary>
public sealed class DeliveryAttempts(OutboxRepository outbox, OutboxSettings settings, IDeliveryFailures failures, TimeProvider time, ILogger<DeliveryAttempts> logger)
{
    /// <summary>Marks <paramref name="mail"/> sent; <paramref name="composed"/>: it was queued as a draft and its bytes are kept now.</summary>
    public async Task SentAsync(OutboxEntry mail, bool composed, string transport, IReadOnlyList<int> refused, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(refused);
        await outbox.MarkSentAsync(mail.Id, time.GetUtcNow(), composed ? mail.Raw : null, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Sent {Kind} via {Transport}", mail.Kind, transport);
        if (refused.Count > 0)
        {
            logger.LogWarning("{Refused} of {Recipients} recipients refused by the server (status {Codes}); the others received the mail", refused.Count,
                mail.Recipients.Count, string.Join(", ", refused));
        }
    }

    /// <summary>Retries a transient failure later, while attempts are left; gives up otherwise.</summary>
    public async Task FailedAsync(OutboxEntry mail, MailTransportException failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.IsTransient && mail.Attempts + 1 < settings.MaxAttempts)
        {
            var retryAt = time.GetUtcNow() + Backoff(mail.Attempts + 1);
            await outbox.MarkRetryAsync(mail.Id, failure.Message, retryAt, cancellationToken).ConfigureAwait(false);
            logger.LogWarning("Sending failed (attempt {Attempt}), retrying at {RetryAt}: {Reason}", mail.Attempts + 1, retryAt, failure.Message);
            return;
        }
        await GiveUpAsync(mail, failure.Message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The one way a mail is given up: marked Failed with the reason, logged, and its case told.</summary>
    public async Task GiveUpAsync(OutboxEntry mail, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        await outbox.MarkFailedAsync(mail.Id, reason, cancellationToken).ConfigureAwait(false);
        logger.LogError("Gave up sending after {Attempts} attempts: {Reason}", mail.Attempts + 1, reason);
        await failures.GaveUpAsync(mail, reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Max(0, attempt - 1))));
}
