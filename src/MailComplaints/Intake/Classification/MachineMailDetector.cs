using System.Text.RegularExpressions;
using MailComplaints.Reading;
using MimeKit;

namespace MailComplaints.Intake.Classification;

/// <summary>
/// Recognises machine mail, which is never answered: bounces, delay notices, read receipts, feedback reports,
/// automatic replies, list mail and our own mail coming back. The rules run from the strongest evidence (a
/// report's MIME structure, RFC 3834 headers) to the weakest (a subject, a null reverse-path); the first that
/// matches gives the verdict and its reason. docs/machine-mail.md lists every rule with its RFC or quirk.
/// Only the top-level header and the report structure count: an enclosed message/rfc822 is someone else's mail.
/// </summary>
public sealed partial class MachineMailDetector
{
    /// <summary>How much of each part <see cref="ReadBounce"/> reads: a bounce's report fields fit many times over.</summary>
    public const int BounceTextBytes = 1 << 20;

    private readonly MachineMailOptions options;
    private readonly HashSet<string> ownAddresses;
    private readonly HashSet<string> deliveringListIds;

    /// <summary>A detector for the complaints mailbox described by <paramref name="options"/>.</summary>
    public MachineMailDetector(MachineMailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.LoopHeader) || string.IsNullOrWhiteSpace(options.MessageIdDomain))
        {
            throw new ArgumentException($"The machine mail options need the loop header and the Message-ID domain; found \"{options.LoopHeader}\" and \"{options.MessageIdDomain}\".", nameof(options));
        }
        this.options = options;
        ownAddresses = new HashSet<string>(options.OwnAddresses.Select(address => address.Trim()), StringComparer.OrdinalIgnoreCase);
        deliveringListIds = new HashSet<string>(options.DeliveringListIds.Select(ListIdOf), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The verdict on <paramref name="message"/>: null for a person's mail, else the kind of machine mail and the evidence.</summary>
    public MachineMailVerdict? Detect(MimeMessage message) => Detect(message, text: null);

    /// <summary>
    /// The verdict on <paramref name="message"/>, given its <paramref name="text"/> as <see cref="MessageText.Of"/>
    /// reads it when the caller has it already (null: read it when a rule needs it).
    /// </summary>
    public MachineMailVerdict? Detect(MimeMessage message, string? text)
    {
        ArgumentNullException.ThrowIfNull(message);
        return OwnMail(message)
            ?? Report(message.Body)
            ?? BounceHeaders(message)
            ?? AutoReplyHeaders(message)
            ?? ListHeaders(message)
            ?? MachineMailSubjects.Classify(message.Subject, message.InReplyTo is not null || message.References.Count > 0, message.Headers["X-Auto-Response-Suppress"])
            ?? ForwardedBounce(message, text)
            ?? NoReplySender(message)
            ?? NullReversePath(message);
    }

    /// <summary>
    /// What a bounce says about the mail it returns (RFC 3464): the recipients with their Action and Status and
    /// the Message-ID of the returned original, to link the bounce to the case that sent it. Null when the
    /// <paramref name="verdict"/> of <see cref="Detect(MimeMessage)"/> is not a bounce or delay notice. The fields
    /// are read from the first <see cref="BounceTextBytes"/> of each part: a report is never longer.
    /// </summary>
    public BounceReport? ReadBounce(MimeMessage message, MachineMailVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.Kind is not (MachineMailKind.DeliveryStatus or MachineMailKind.DelayNotice or MachineMailKind.ForwardedDeliveryStatus))
        {
            return null;
        }
        var recipients = MessageParts.Structure(message.Body).OfType<MimePart>().Where(IsDeliveryStatusPart)
            .SelectMany(part => DeliveryStatusFields.Recipients(MessageParts.TextStart(part, BounceTextBytes))).ToList();
        var plainTexts = PlainTextStarts(message.Body);
        if (recipients.Count == 0 && message.Headers["X-Failed-Recipients"] is { } failed)
        {
            recipients.AddRange(Mailboxes(failed).Select(mailbox => new BouncedRecipient(mailbox.Address, null, "failed", null, null)));
        }
        if (recipients.Count == 0)
        {
            // A bounce pasted into text, or quoted by a person who forwarded it: the same fields, maybe after "> ".
            recipients.AddRange(plainTexts.SelectMany(text => DeliveryStatusFields.Recipients(QuoteMarks().Replace(text, ""))));
        }
        var (id, source) = OriginalMessageId(message, plainTexts, forwarded: verdict.Kind == MachineMailKind.ForwardedDeliveryStatus);
        return new BounceReport(recipients, id, source);
    }

    // Our own mail: the loop header MailComposer adds, a Message-ID MailComposer made, or our own address as sender.
    private MachineMailVerdict? OwnMail(MimeMessage message)
    {
        if (MessageParts.Find(message.Headers, options.LoopHeader) is { } loop)
        {
            var named = Mailboxes(loop.Value).FirstOrDefault()?.Address;
            return named is null || ownAddresses.Contains(named)
                ? new(MachineMailKind.OwnMail, $"{loop.Field}: {Shown(loop.Value)} (our loop header)")
                : new(MachineMailKind.AutoReply, $"{loop.Field}: {Shown(loop.Value)} (sent by another MailComplaints installation)");
        }
        if (message.MessageId is { } id && IsOurMessageId(id))
        {
            return new(MachineMailKind.OwnMail, $"Message-ID <{id}> is one we made");
        }
        foreach (var mailbox in message.From.Mailboxes)
        {
            if (ownAddresses.Contains(mailbox.Address))
            {
                return new(MachineMailKind.OwnMail, $"From: {mailbox.Address} is our own complaints address");
            }
        }
        return null;
    }

    private bool IsOurMessageId(string id)
    {
        var at = id.LastIndexOf('@');
        return at > 0
            && id.AsSpan(at + 1).Equals(options.MessageIdDomain, StringComparison.OrdinalIgnoreCase)
            && OurMessageIdLocalPart().IsMatch(id.AsSpan(0, at));
    }

    // RFC 6522 multipart/report and its machine-readable parts: RFC 3464 (DSN), RFC 6533 (international DSN
    // and MDN), RFC 8098 (MDN), RFC 5965 (ARF). Any other report type (TLS-RPT, RFC 8460) is a notification.
    private static MachineMailVerdict? Report(MimeEntity? body)
    {
        // A report type we do not know (or left empty, as some servers do) still says a machine wrote this;
        // a typed part further down may say what kind of machine mail it is.
        MachineMailVerdict? otherReport = null;
        return body is null ? null : ReportIn(body, ref otherReport) ?? otherReport;
    }

    // The entity and its multipart descendants in the order of Structure, recursively: most mail is one part, and
    // walking it this way costs no enumerator.
    private static MachineMailVerdict? ReportIn(MimeEntity entity, ref MachineMailVerdict? otherReport)
    {
        var type = entity.ContentType;
        if (type.IsMimeType("multipart", "report"))
        {
            var reportType = type.Parameters["report-type"]?.Trim().ToLowerInvariant() ?? "";
            var evidence = $"multipart/report; report-type={reportType}";
            switch (reportType)
            {
                case "delivery-status" or "global-delivery-status":
                    return DeliveryStatus(entity, evidence);
                case "disposition-notification" or "global-disposition-notification":
                    return new(MachineMailKind.ReadReceipt, evidence);
                case "feedback-report":
                    return new(MachineMailKind.FeedbackReport, evidence);
                default:
                    otherReport ??= new(MachineMailKind.Notification, evidence);
                    break;
            }
        }
        else if (IsDeliveryStatusPart(entity))
        {
            return DeliveryStatus(entity, $"a {type.MimeType} part");
        }
        else if (type.IsMimeType("message", "disposition-notification") || type.IsMimeType("message", "global-disposition-notification"))
        {
            return new(MachineMailKind.ReadReceipt, $"a {type.MimeType} part");
        }
        else if (type.IsMimeType("message", "feedback-report"))
        {
            return new(MachineMailKind.FeedbackReport, $"a {type.MimeType} part");
        }
        if (entity is Multipart multipart)
        {
            foreach (var part in multipart)
            {
                if (ReportIn(part, ref otherReport) is { } verdict)
                {
                    return verdict;
                }
            }
        }
        return null;
    }

    // A report in which every recipient is only delayed (RFC 3464 section 2.3.3) is a warning, not a bounce.
    private static MachineMailVerdict DeliveryStatus(MimeEntity report, string evidence)
    {
        var actions = MessageParts.Structure(report).OfType<MimePart>().Where(IsDeliveryStatusPart)
            .SelectMany(part => DeliveryStatusFields.Recipients(MessageParts.Text(part))).Select(recipient => recipient.Action).ToList();
        return actions.Count > 0 && actions.TrueForAll(action => action == "delayed")
            ? new(MachineMailKind.DelayNotice, evidence + ", every recipient Action: delayed")
            : new(MachineMailKind.DeliveryStatus, evidence);
    }

    private static bool IsDeliveryStatusPart(MimeEntity entity) =>
        entity.ContentType.IsMimeType("message", "delivery-status") || entity.ContentType.IsMimeType("message", "global-delivery-status");

    // Bounces in a server's own format: Exim's and Exchange's headers, the sender role names of RFC 5321
    // section 4.5.1 (postmaster) and of sendmail and its heirs (MAILER-DAEMON).
    private static MachineMailVerdict? BounceHeaders(MimeMessage message)
    {
        if (MessageParts.Find(message.Headers, "X-Failed-Recipients") is { } failed)
        {
            return new(MachineMailKind.DeliveryStatus, $"X-Failed-Recipients: {Shown(failed.Value)} (Exim's and Gmail's bounces)");
        }
        if (MessageParts.Find(message.Headers, "X-MS-Exchange-Message-Is-Ndr") is { } ndr)
        {
            return new(MachineMailKind.DeliveryStatus, $"{ndr.Field}: {Shown(ndr.Value)} (Exchange's non-delivery report)");
        }
        foreach (var field in (string[])["From", "Sender"])
        {
            if (MessageParts.Find(message.Headers, field) is not { } header)
            {
                continue;
            }
            if (header.Value.Replace(" ", "", StringComparison.Ordinal) == "<>")
            {
                return new(MachineMailKind.DeliveryStatus, $"{header.Field}: <> (no sender at all)");
            }
            var addresses = Mailboxes(header.Value);
            var daemon = addresses.Any(mailbox => DaemonLocalPart().IsMatch(LocalPart(mailbox.Address)) || mailbox.Name is { } name && DaemonName().IsMatch(name))
                || DaemonName().IsMatch(header.Value);
            if (daemon)
            {
                var kind = MachineMailSubjects.Classify(message.Subject, false, null)?.Kind == MachineMailKind.DelayNotice
                    ? MachineMailKind.DelayNotice
                    : MachineMailKind.DeliveryStatus;
                return new(kind, $"{header.Field}: {Shown(header.Value)} (a mail server's role address)");
            }
        }
        return null;
    }

    // RFC 3834 section 5 (Auto-Submitted) and the headers responders that predate it, or ignore it, still send.
    private static MachineMailVerdict? AutoReplyHeaders(MimeMessage message)
    {
        var headers = message.Headers;
        if (MessageParts.Find(headers, "Auto-Submitted") is { } submitted && FirstWord(submitted.Value) is { Length: > 0 } keyword
            && !string.Equals(keyword, "no", StringComparison.OrdinalIgnoreCase))
        {
            // Not every responder says auto-replied (sendmail marks its bounces auto-generated): the subject tells the kind.
            var kind = string.Equals(keyword, "auto-replied", StringComparison.OrdinalIgnoreCase)
                ? MachineMailKind.AutoReply
                : MachineMailSubjects.Classify(message.Subject, true, null)?.Kind ?? MachineMailKind.Notification;
            return new(kind, $"{submitted.Field}: {Shown(submitted.Value)}");
        }
        foreach (var name in (string[])["X-Autoreply", "X-Autorespond", "X-Autogenerated"])
        {
            if (MessageParts.Find(headers, name) is { } header && !IsNegative(header.Value))
            {
                return new(MachineMailKind.AutoReply, $"{header.Field}: {Shown(header.Value)}");
            }
        }
        if (MessageParts.Find(headers, "X-Apple-Action") is { } apple && apple.Value.Contains("vacation", StringComparison.OrdinalIgnoreCase))
        {
            return new(MachineMailKind.AutoReply, $"{apple.Field}: {Shown(apple.Value)} (iCloud vacation reply)");
        }
        if (PrecedenceOf(message) is { } precedence && string.Equals(FirstWord(precedence.Value), "auto_reply", StringComparison.OrdinalIgnoreCase))
        {
            return new(MachineMailKind.AutoReply, $"{precedence.Field}: {precedence.Value}");
        }
        // Exchange marks what an Inbox rule of the named mailbox sent. That mailbox as the sender means its rule
        // answered or forwarded; another sender means a rule redirected someone's mail to us unchanged, and that
        // someone may be a complainant.
        if (MessageParts.Find(headers, "X-MS-Exchange-Inbox-Rules-Loop") is { } rules)
        {
            var loopAddress = Mailboxes(rules.Value).FirstOrDefault()?.Address;
            if (loopAddress is not null && message.From.Mailboxes.Any(mailbox => string.Equals(mailbox.Address, loopAddress, StringComparison.OrdinalIgnoreCase)))
            {
                return new(MachineMailKind.AutoReply, $"{rules.Field}: {Shown(rules.Value)}, the sender's own Inbox rule");
            }
        }
        return null;
    }

    // RFC 2919 List-Id, and Precedence bulk/list/junk (RFC 3834 section 2 tells responders to leave these alone); the
    // headers list managers write (fml's X-MLServer and X-ML-Name, ezmlm's Mailing-List, Mailman's X-Mailman-Version) and the
    // RFC 2369 fields only a list has. List-Unsubscribe alone does not count: one-to-one sales and CRM tools add it to mail a
    // person writes.
    private static readonly string[] ListManagerHeaders =
        ["X-MLServer", "X-ML-Name", "Mailing-List", "X-Mailman-Version", "List-Post", "List-Help", "List-Subscribe", "List-Owner", "List-Archive"];

    private MachineMailVerdict? ListHeaders(MimeMessage message)
    {
        var listId = MessageParts.Find(message.Headers, "List-Id");
        var delivering = listId is not null && deliveringListIds.Contains(ListIdOf(listId.Value));
        if (listId is not null && !delivering)
        {
            return new(MachineMailKind.List, $"{listId.Field}: {Shown(listId.Value)}");
        }
        if (PrecedenceOf(message) is { } precedence && FirstWord(precedence.Value)?.ToLowerInvariant() is "bulk" or "list" or "junk" && !delivering)
        {
            var unsubscribe = message.Headers.Contains("List-Unsubscribe") ? " with List-Unsubscribe" : "";
            return new(MachineMailKind.List, $"{precedence.Field}: {precedence.Value}{unsubscribe}");
        }
        if (!delivering && ListManagerHeaders.Select(name => MessageParts.Find(message.Headers, name)).FirstOrDefault(header => header is not null) is { } manager)
        {
            return new(MachineMailKind.List, $"{manager.Field}: {Shown(manager.Value)} (a list manager's header)");
        }
        return null;
    }

    // A person forwarding a bounce ("Fwd: Returned mail: ...") who adds nothing but "forwarding this" or "FYI":
    // the content is the machine's. Anyone who writes a word more may be complaining that our mail bounces.
    private static MachineMailVerdict? ForwardedBounce(MimeMessage message, string? messageText)
    {
        if (!MachineMailSubjects.IsForwardedBounce(message.Subject) || (messageText ?? MessageText.Of(message)) is not { } text
            || ForwardedPart().Match(text) is not { Success: true } forwarded)
        {
            return null;
        }
        var note = text[..forwarded.Index].Trim();
        if (!ForwardingNote().IsMatch(note) || !QuotedBounceEvidence().IsMatch(text[forwarded.Index..]))
        {
            return null;
        }
        var added = note.Length == 0 ? "nothing" : $"\"{Shown(note)}\"";
        return new(MachineMailKind.ForwardedDeliveryStatus,
            $"Subject \"{Shown(message.Subject!)}\" forwards a bounce with its report fields quoted; the forwarder added {added}");
    }

    // Senders that take no replies. A web form or other relay sends from no-reply@ with the person in Reply-To:
    // that is not machine mail but a submission from another channel, which intake rejects with a reply.
    private static MachineMailVerdict? NoReplySender(MimeMessage message)
    {
        var sender = message.From.Mailboxes.FirstOrDefault(mailbox => NoReplyLocalPart().IsMatch(LocalPart(mailbox.Address)));
        if (sender is null || message.ReplyTo.Mailboxes.Any(mailbox => !NoReplyLocalPart().IsMatch(LocalPart(mailbox.Address))))
        {
            return null;
        }
        return new(MachineMailKind.Notification, $"From: {sender.Address}, an address that takes no replies");
    }

    // RFC 5321 section 4.5.5: notifications go out with a null reverse-path so that nothing answers them;
    // the receiving server records it as Return-Path: <>. Sendmail writes <MAILER-DAEMON> instead.
    private static MachineMailVerdict? NullReversePath(MimeMessage message)
    {
        if (MessageParts.Find(message.Headers, "Return-Path") is not { } returnPath)
        {
            return null;
        }
        var path = returnPath.Value.Replace(" ", "", StringComparison.Ordinal);
        if (path is "<>" or "" || DaemonLocalPart().IsMatch(LocalPart(path.Trim('<', '>'))))
        {
            return new(MachineMailKind.DeliveryStatus, $"{returnPath.Field}: {returnPath.Value} (the null reverse-path of a notification, RFC 5321 section 4.5.5)");
        }
        return null;
    }

    private static (string? Id, OriginalMessageIdSource? Source) OriginalMessageId(MimeMessage message, List<string> plainTexts, bool forwarded)
    {
        foreach (var entity in MessageParts.Structure(message.Body))
        {
            if (entity is TextRfc822Headers { Message.MessageId: { } headersOnly })
            {
                return (headersOnly, OriginalMessageIdSource.EnclosedHeaders);
            }
            if (entity is MessagePart { Message.MessageId: { } enclosed } && entity is not TextRfc822Headers)
            {
                return (enclosed, OriginalMessageIdSource.EnclosedMessage);
            }
            if (entity is MimePart part && (part.ContentType.IsMimeType("text", "rfc822-headers") || part.ContentType.IsMimeType("message", "global-headers")))
            {
                var id = DeliveryStatusFields.Groups(MessageParts.TextStart(part, BounceTextBytes)).FirstOrDefault()?
                    .Where(field => string.Equals(field.Name, "Message-ID", StringComparison.OrdinalIgnoreCase))
                    .Select(field => MessageParts.MessageId(field.Value)).FirstOrDefault(value => value is not null);
                if (id is not null)
                {
                    return (id, OriginalMessageIdSource.EnclosedHeaders);
                }
            }
        }
        // In a forwarded bounce the ids the forward refers to are the bounce's own; the original is the other one.
        var notTheOriginal = new HashSet<string>(StringComparer.Ordinal) { message.MessageId ?? "" };
        if (forwarded)
        {
            notTheOriginal.UnionWith(message.References);
            notTheOriginal.Add(message.InReplyTo ?? "");
        }
        var lines = plainTexts.SelectMany(text => MessageIdLines().Matches(text))
            .Select(match => (Field: match.Groups["field"].Value, Id: MessageParts.MessageId(match.Groups["id"].Value)))
            .Where(line => line.Id is not null && !notTheOriginal.Contains(line.Id))
            .ToList();
        var fromText = lines.FirstOrDefault(line => line.Field.Contains("Original", StringComparison.OrdinalIgnoreCase)).Id ?? lines.FirstOrDefault().Id;
        if (fromText is not null)
        {
            return (fromText, OriginalMessageIdSource.TextLine);
        }
        return !forwarded && message.InReplyTo is { } inReplyTo ? (inReplyTo, OriginalMessageIdSource.InReplyTo) : (null, null);
    }

    private static List<string> PlainTextStarts(MimeEntity? body) =>
        MessageParts.Structure(body).OfType<TextPart>().Where(part => part.IsPlain).Select(part => MessageParts.TextStart(part, BounceTextBytes)).ToList();

    private static Header? PrecedenceOf(MimeMessage message) => MessageParts.Find(message.Headers, "Precedence") ?? MessageParts.Find(message.Headers, "X-Precedence");

    // The mailboxes of an address header's value; none when it does not parse.
    private static List<MailboxAddress> Mailboxes(string value) =>
        InternetAddressList.TryParse(value, out var list) ? list.Mailboxes.ToList() : [];

    // RFC 2919: the list's id is between angle brackets, after an optional description.
    private static string ListIdOf(string value)
    {
        var open = value.LastIndexOf('<');
        var close = value.LastIndexOf('>');
        return (open >= 0 && close > open ? value[(open + 1)..close] : value).Trim();
    }

    private static ReadOnlySpan<char> LocalPart(string address) => address.LastIndexOf('@') is var at and >= 0 ? address.AsSpan(0, at) : address;

    private static string? FirstWord(string value) =>
        value.Split([' ', '\t', ';', '(', ','], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();

    private static bool IsNegative(string value) => FirstWord(value)?.ToLowerInvariant() is null or "no" or "false" or "0";

    private static string Shown(string value) => MachineMailSubjects.Shown(value);

    // MailComposer's "{kind}.{case number}.{guid:N}".
    [GeneratedRegex(@"^[a-z][a-z0-9_-]*\.[A-Za-z][A-Za-z0-9]{0,15}-\d{4}-\d{1,9}\.[0-9a-f]{32}$")]
    private static partial Regex OurMessageIdLocalPart();

    // "post_master" is Verizon's, "poostmaster" the anonymised postmaster of the sisimai set.
    [GeneratedRegex(@"^(?:mailer[-_.]?daemon|mail[-_.]?daemon|po{1,2}st[-_.]?master)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DaemonLocalPart();

    [GeneratedRegex(@"^\s*""?(?:mail delivery (?:sub)?system|mailer[- ]daemon|mail administrator|mail delivery service)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DaemonName();

    [GeneratedRegex(@"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|noreplies)(?:[-_.+].*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoReplyLocalPart();

    [GeneratedRegex(@"^[ \t]*(?:Begin forwarded message|-{2,}\s*(?:Forwarded message|Original Message|Doorgestuurd bericht|Oorspronkelijk bericht|Weitergeleitete Nachricht|Urspr.ngliche Nachricht)|>)",
        RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardedPart();

    [GeneratedRegex(@"^(?:(?:please\s+)?(?:forward(?:ed|ing)?(?: the| this)?(?: message| mail| e-?mail)?|fyi|see below|ter info(?:rmatie)?|zie (?:onder|hieronder)|doorgestuurd|zur info)[\s.!:,]*)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardingNote();

    [GeneratedRegex(@"^[> \t]*(?:Final-Recipient:|Status:\s*[245]\.\d|From:.*(?:mailer-daemon|postmaster))", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuotedBounceEvidence();

    [GeneratedRegex(@"^[> \t]*(?<field>X-Original-Message-ID|Original-Message-ID|Message-ID)[ \t]*:[ \t]*(?<id><[^>\s]+>|[^\s<>]+@[^\s<>]+)", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MessageIdLines();

    [GeneratedRegex(@"^(?:[ \t]*>)+[ \t]?", RegexOptions.Multiline)]
    private static partial Regex QuoteMarks();
}
