using MimeKit;

namespace MailComplaints.Reading;

/// <summary>The mailboxes of a message's address fields, groups flattened, as the intake reads them.</summary>
public static class MessageAddresses
{
    /// <summary>The From mailboxes.</summary>
    public static IReadOnlyList<MailboxAddress> From(MimeMessage message) => Mailboxes(message?.From);

    /// <summary>The Reply-To mailboxes.</summary>
    public static IReadOnlyList<MailboxAddress> ReplyTo(MimeMessage message) => Mailboxes(message?.ReplyTo);

    /// <summary>The Sender mailbox, when there is one.</summary>
    public static IReadOnlyList<MailboxAddress> Sender(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Sender is { } sender ? [sender] : [];
    }

    /// <summary>Whom the message is from: the first usable address of From, Sender, Reply-To (an address with a domain).</summary>
    public static MailboxAddress? SenderOf(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new[] { From(message), Sender(message), ReplyTo(message) }.Where(list => list.Count > 0).Select(list => list[0])
            .FirstOrDefault(address => !string.IsNullOrWhiteSpace(address.Address) && address.Address.Contains('@', StringComparison.Ordinal));
    }

    /// <summary>Every address in From, Sender and Reply-To.</summary>
    public static IEnumerable<string> All(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return From(message).Concat(Sender(message)).Concat(ReplyTo(message)).Select(mailbox => mailbox.Address);
    }

    private static List<MailboxAddress> Mailboxes(InternetAddressList? list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return list.Mailboxes.ToList();
    }
}
