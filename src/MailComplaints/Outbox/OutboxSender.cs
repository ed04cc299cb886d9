using MailComplaints.Operations;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Outbox;

/// <summary>Told when the outbox gives up on a mail, so that the case and its handler hear of it.</summary>
public interface IDeliveryFailures
{
    /// <summary>Records that <paramref name="mail"/> could not be delivered, and why.</summary>
    Task GaveUpAsync(OutboxEntry mail, string reason, CancellationToken cancellationToken);
}

/// <summary>
/// Sends the mails that are due over one session, composing a draft as it goes. What becomes of each attempt is
/// <see cref="DeliveryAttempts"/>' to record (sent; retried with backoff; given up and told to the case); an automatic
/// mail over the day's maximum for its address is withheld (<see cref="AutomaticMailLimit"/>); what left is copied to
/// the Sent folder (<see cref="SentCopies"/>).
/// </summary>
public sealed class OutboxSender(OutboxRepository outbox, MailComposer composer, IMailTransport transport, DeliveryAttempts attempts, AutomaticMailLimit limit,
    SentCopies copies, TimeProvider time, ILogger<OutboxSender> logger)
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
                await attempts.FailedAsync(mail, failure, cancellationToken).ConfigureAwait(false);
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
                    if (await limit.WithheldAsync(queued, cancellationToken).ConfigureAwait(false) || await ComposeAsync(queued, cancellationToken).ConfigureAwait(false) is not { } mail)
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
                        await attempts.FailedAsync(mail, failure, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    await attempts.SentAsync(mail, composed: queued.Raw is null, transport.Describe(), refused, cancellationToken).ConfigureAwait(false);
                    sent.Add(mail);
                }
                due = (await outbox.DueAsync(time.GetUtcNow(), Batch, cancellationToken).ConfigureAwait(false)).Where(mail => !tried.Contains(mail.Id)).ToList();
            }
        }
        await copies.KeepAsync(sent, cancellationToken).ConfigureAwait(false);
        return sent.Count;
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
            await attempts.GiveUpAsync(mail, $"could not be composed from its draft: {exception.Message}", cancellationToken).ConfigureAwait(false);
            return null;
        }
    }
}
