using MailComplaints.Mailboxes;
using MailComplaints.Operations;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Outbox;

/// <summary>
/// <c>Outbox:SentFolder</c>: a copy of each mail sent in the mailbox's Sent folder. A copy, not the mail: when it cannot
/// be made, that is logged and the mail stays sent (never sent again for the sake of its copy).
/// </summary>
public sealed class SentCopies(Func<IMailbox> mailbox, OutboxSettings settings, ILogger<SentCopies> logger)
{
    /// <summary>Keeps a copy of each of <paramref name="sent"/>, when a Sent folder is set.</summary>
    public async Task KeepAsync(IReadOnlyList<OutboxEntry> sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sent);
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
}
