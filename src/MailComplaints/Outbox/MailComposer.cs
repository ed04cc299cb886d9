using MailComplaints.Cases;
using MailComplaints.Mail.Mime;
using MailComplaints.Templates;
using MailComplaints.Threads;

namespace MailComplaints.Outbox;

/// <summary>
/// Turns a rendered template into an outgoing mail from the complaints address: the case tag in the subject,
/// its own Message-ID (final from the moment it enters the outbox), threading headers pointing at the
/// complainant's message, and for automatic replies <c>Auto-Submitted: auto-replied</c> (RFC 3834) and our
/// loop header, so that mail robots do not answer each other.
/// </summary>
public sealed class MailComposer(MailSettings mail, ThreadTokens tokens, TimeProvider time)
{
    /// <summary>The header that marks mail we sent; intake ignores mail that carries it.</summary>
    public const string LoopHeader = "X-MailComplaints-Loop";

    /// <summary>Composes one mail, due at once.</summary>
    public OutgoingMail Compose(string kind, Case @case, MailboxAddress recipient, RenderedMail rendered, string? inReplyTo, IEnumerable<string> references, bool automatic,
        IReadOnlyList<OutgoingAttachment>? attachments = null)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(rendered);
        var now = time.GetUtcNow();
        var messageId = tokens.MessageId(kind, @case.Number, recipient.Address, mail.Domain);
        var tag = $"[{@case.Number}]";
        var builder = new MessageBuilder(time)
        {
            From = new MailboxAddress(mail.FromName, mail.FromAddress),
            Subject = rendered.Subject.Contains(tag, StringComparison.Ordinal) ? rendered.Subject : $"{tag} {rendered.Subject}",
            Date = now,
            MessageId = messageId,
            InReplyTo = inReplyTo,
            TextBody = rendered.Text,
            HtmlBody = rendered.Html,
        };
        builder.To.Add(recipient);
        foreach (var reference in references)
        {
            builder.References.Add(reference);
        }
        foreach (var attachment in attachments ?? [])
        {
            builder.Attachments.Add(attachment);
        }
        if (automatic)
        {
            builder.AddHeader("Auto-Submitted", "auto-replied");
        }
        builder.AddHeader(LoopHeader, mail.FromAddress);
        return new OutgoingMail(messageId, @case.Id, kind, mail.FromAddress, [recipient.Address], builder.ToBytes(), now) { Automatic = automatic };
    }
}
