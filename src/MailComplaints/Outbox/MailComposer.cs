using MailComplaints.Cases;
using MimeKit;
using MimeKit.Text;
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
    /// <param name="throughRelay">The copy of a complainant's mail that goes back through the relay the complaint came by.</param>
    public OutgoingMail Queue(MailKind kind, Case @case, MailboxAddress recipient, string template, IReadOnlyDictionary<string, object?> model, string? inReplyTo,
        IEnumerable<string> references, bool automatic, IReadOnlyList<OutgoingAttachment>? attachments = null, bool throughRelay = false)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(recipient);
        var now = time.GetUtcNow();
        var messageId = tokens.MessageId(MailKindNames.Of(kind, throughRelay), @case.Number, recipient.Address, mail.Domain);
        var draft = new MailDraft(template, @case.Language, @case.Number.ToString(), recipient, inReplyTo, references.ToList(), now, model) { CaseDescription = @case.Description };
        return attachments is { Count: > 0 }
            ? new OutgoingMail(messageId, @case.Id, kind, mail.FromAddress, [recipient.Address], Compose(draft, messageId, automatic, attachments), null, now) { Automatic = automatic, ThroughRelay = throughRelay }
            : new OutgoingMail(messageId, @case.Id, kind, mail.FromAddress, [recipient.Address], null, draft, now) { Automatic = automatic, ThroughRelay = throughRelay };
    }

    /// <summary>
    /// A mail about no case (to a handler whose reply could not be matched to one, the morning overview, the report), in
    /// <paramref name="language"/>: no case tag, and a Message-ID that no reply can take for a case's thread. With
    /// attachments it is composed at once.
    /// </summary>
    public OutgoingMail QueueWithoutCase(MailKind kind, string? language, MailboxAddress recipient, string template, IReadOnlyDictionary<string, object?> model, string? inReplyTo,
        IReadOnlyList<OutgoingAttachment>? attachments = null)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var now = time.GetUtcNow();
        var messageId = tokens.MessageIdWithoutCase(MailKindNames.Of(kind, throughRelay: false), mail.Domain);
        var draft = new MailDraft(template, language, null, recipient, inReplyTo, inReplyTo is null ? [] : [inReplyTo], now, model);
        return attachments is { Count: > 0 }
            ? new OutgoingMail(messageId, null, kind, mail.FromAddress, [recipient.Address], Compose(draft, messageId, automatic: true, attachments), null, now) { Automatic = true }
            : new OutgoingMail(messageId, null, kind, mail.FromAddress, [recipient.Address], null, draft, now) { Automatic = true };
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
            return Reading.MessageParser.Parse(entry.Raw ?? []).Subject ?? "";
        }
        try
        {
            return Subject(draft, templates.Render(draft.Template, draft.Language, draft.Model));
        }
        catch (Exception exception) when (exception is IOException or TemplateException)
        {
            return draft.CaseNumber is null ? $"({draft.Template})" : $"[{draft.CaseNumber}] ({draft.Template})";
        }
    }

    private byte[] Compose(MailDraft draft, string messageId, bool automatic, IReadOnlyList<OutgoingAttachment> attachments)
    {
        var rendered = templates.Render(draft.Template, draft.Language, draft.Model);
        var message = new MimeMessage
        {
            Subject = HeaderText(Subject(draft, rendered)) ?? "",
            Date = draft.Date,
            MessageId = messageId,
        };
        message.From.Add(new MailboxAddress(HeaderText(mail.FromName), mail.FromAddress));
        message.To.Add(new MailboxAddress(HeaderText(draft.To.Name), draft.To.Address));
        if (draft.InReplyTo is { } inReplyTo)
        {
            message.InReplyTo = inReplyTo;
        }
        foreach (var reference in draft.References)
        {
            message.References.Add(reference);
        }
        var body = new BodyBuilder { TextBody = rendered.Text, HtmlBody = rendered.Html };
        foreach (var attachment in attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content.ToArray(), ContentType.Parse(attachment.ContentType));
        }
        message.Body = body.ToMessageBody();
        if (automatic)
        {
            message.Headers.Add("Auto-Submitted", "auto-replied");
        }
        message.Headers.Add(LoopHeader, mail.FromAddress);
        // Quoted-printable or base64 where a part is not plain ASCII, so that every relay passes the mail unchanged.
        message.Prepare(EncodingConstraint.SevenBit);
        using var output = new MemoryStream();
        message.WriteTo(format, output);
        return output.ToArray();
    }

    // CRLF line ends, as SMTP and the pickup directory's readers expect, whatever the platform.
    private readonly FormatOptions format = CreateFormat();

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    // A line break (or NUL) in a name or subject we write into a header could start a header of its own: never.
    private static string? HeaderText(string? value) =>
        value is null ? null : string.Create(value.Length, value, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = text[i] is '\r' or '\n' or '\0' ? ' ' : text[i];
            }
        });

    private static string Subject(MailDraft draft, RenderedMail rendered)
    {
        if (draft.CaseNumber is null)
        {
            return rendered.Subject;
        }
        var tag = $"[{draft.CaseNumber}]";
        return rendered.Subject.Contains(tag, StringComparison.Ordinal) ? rendered.Subject : $"{tag} {rendered.Subject}";
    }
}
