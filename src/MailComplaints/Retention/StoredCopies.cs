using MailComplaints.Mailboxes;
using MailComplaints.Outbox;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Retention;

/// <summary>
/// The copies of messages and mails outside the database, everywhere the worker put them: the messages it moved into the
/// processing folders (or that still wait in the inbox), the read copies of mails sent in <c>Outbox:SentFolder</c>, and
/// the <c>.eml</c> files of the pickup directory (named after the Message-ID, whatever the transport is now).
/// </summary>
public sealed class StoredCopies(OutboxSettings outbox, ILogger<StoredCopies> logger)
{
    /// <summary>Deletes the copies of these messages and mails; returns how many there were. A copy already gone is not an error.</summary>
    public async Task<int> DeleteAsync(IMailbox mailbox, IReadOnlyList<StoredMessage> messages, IReadOnlyList<StoredMail> mails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(mails);
        var copies = new List<MailboxCopy>();
        foreach (var message in messages)
        {
            if (message.Mailbox == mailbox.Name)
            {
                copies.Add(new MailboxCopy.Received(message.SourceKey, message.Location, message.MessageId));
            }
            else if (message.Location is not null)
            {
                logger.LogWarning("Message {MessageId} was moved to {Location} in {Mailbox}, which is not the mailbox configured now: delete it there by hand",
                    message.MessageId ?? message.SourceKey, message.Location, message.Mailbox);
            }
        }
        if (outbox.SentFolder is { } folder)
        {
            copies.AddRange(mails.Where(mail => mail.Sent).Select(mail => new MailboxCopy.Sent(folder, mail.MessageId)));
        }
        var deleted = copies.Count == 0 ? 0 : await mailbox.EraseAsync(copies, cancellationToken).ConfigureAwait(false);
        if (mails.Count > 0 && Directory.Exists(outbox.PickupDirectory))
        {
            var pickup = new PickupDirectoryTransport(outbox.PickupDirectory);
            deleted += mails.Count(mail => pickup.Delete(mail.MessageId));
        }
        return deleted;
    }
}
