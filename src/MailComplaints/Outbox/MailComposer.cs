using MailComplaints.Cases;
using MailComplaints.Mail.Mime;
using MailComplaints.Templates;
using MailComplaints.Threads;

namespace MailComplaints.Outbox;

/// <summary>
/// Makes outgoing mail from the complaints address: the case tag in the subject, its own Message-ID (final from the
/// moment it enters the outbox), threading headers pointing at the complainant's message, and for automatic replies
/// <c>Auto-Submitted: auto-replied</c> (RFC 3834) and our loop header, so that mail robots do not answer each other.
/// A mail is queued as a <see cref="MailDraft"/> and composed when it is sent; one with attachments is composed at once
/// (its attachments are at hand then, and a draft would have to point at them).
/// </summary>
public sealed class MailComposer(MailSettings mail, MailTemplates templates, ThreadTokens tokens, TimeProvider time)
{
    /// <summary>The header that marks mail we sent; intake ignores mail that carries it.</summary>
    public const string LoopHeader = "X-MailComplaints-Loop";

    /// <summary>A mail about <paramref name="case"/> from <paramref name="template"/>, ready for the outbox, due at once.</summary>
    public OutgoingMail Queue(string kind, Case @case, MailboxAddress recipient, string template, IReadOnlyDictionary<string, object?> model, string? inReplyTo,
        IEnumerable<string> references, bool automatic, IReadOnlyList<OutgoingAttachment>? attachments = null)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(recipient);
        var now = time.GetUtcNow();
        var messageId = tokens.MessageId(kind, @case.Number, recipient.Address, mail.Domain);
        var draft = new MailDraft(template, @case.Language, @case.Number.ToString(), recipient, inReplyTo, references.ToList(), now, model) { CaseDescription = @case.Description };
        return attachments is { Count: > 0 }
            ? new OutgoingMail(messageId, @case.Id, kind, mail.FromAddress, [recipient.Address], Compose(draft, messageId, automatic, attachments), null, now) { Automatic = automatic }
            : new OutgoingMail(messageId, @case.Id, kind, mail.FromAddress, [recipient.Address], null, draft, now) { Automatic = automatic };
    }

    /// <summary>The bytes of a mail in the outbox: as stored, or composed from its draft now.</summary>
    public byte[] Compose(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Raw ?? Compose(entry.Draft ?? throw new InvalidOperationException($"Outbox mail {entry.MessageId} has neither its bytes nor a draft."),
            entry.MessageId, entry.Automatic, []);
    }

    /// <summary>
    /// The subject of a mail in the outbox, for a delivery failure notice; for a draft that cannot be rendered (the reason
    /// it failed), the case tag and the template's name.
    /// </summary>
    public string SubjectOf(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Draft is not { } draft)
        {
            return MimeMessage.Load(entry.Raw ?? []).Subject ?? "";
        }
        try
        {
            return Subject(draft, templates.Render(draft.Template, draft.Language, draft.Model));
        }
        catch (Exception exception) when (exception is IOException or TemplateException)
        {
            return $"[{draft.CaseNumber}] ({draft.Template})";
        }
    }

    private byte[] Compose(MailDraft draft, string messageId, bool automatic, IReadOnlyList<OutgoingAttachment> attachments)
    {
        var rendered = templates.Render(draft.Template, draft.Language, draft.Model);
        var builder = new MessageBuilder(time)
        {
            From = new MailboxAddress(mail.FromName, mail.FromAddress),
            Subject = Subject(draft, rendered),
            Date = draft.Date,
            MessageId = messageId,
            InReplyTo = draft.InReplyTo,
            TextBody = rendered.Text,
            HtmlBody = rendered.Html,
        };
        builder.To.Add(draft.To);
        foreach (var reference in draft.References)
        {
            builder.References.Add(reference);
        }
        foreach (var attachment in attachments)
        {
            builder.Attachments.Add(attachment);
        }
        if (automatic)
        {
            builder.AddHeader("Auto-Submitted", "auto-replied");
        }
        builder.AddHeader(LoopHeader, mail.FromAddress);
        return builder.ToBytes();
    }

    private static string Subject(MailDraft draft, RenderedMail rendered)
    {
        var tag = $"[{draft.CaseNumber}]";
        return rendered.Subject.Contains(tag, StringComparison.Ordinal) ? rendered.Subject : $"{tag} {rendered.Subject}";
    }
}
