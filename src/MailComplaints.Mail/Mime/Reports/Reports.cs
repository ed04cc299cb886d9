namespace MailComplaints.Mail.Mime.Reports;

/// <summary>One recipient's delivery status (RFC 3464 section 2.3).</summary>
/// <param name="FinalRecipient">The Final-Recipient address without its type ("rfc822;").</param>
/// <param name="OriginalRecipient">The Original-Recipient address without its type, or null.</param>
/// <param name="Action">failed, delayed, delivered, relayed or expanded (section 2.3.3), lower-cased.</param>
/// <param name="Status">The status code, e.g. "5.1.1" (RFC 3463).</param>
/// <param name="DiagnosticCode">The Diagnostic-Code text, or null.</param>
/// <param name="RemoteMta">The Remote-MTA name without its type, or null.</param>
public sealed record DeliveryStatusRecipient(string? FinalRecipient, string? OriginalRecipient, string? Action, string? Status, string? DiagnosticCode, string? RemoteMta)
{
    /// <summary>Whether delivery to this recipient failed for good (Action failed or a 5.x.x status).</summary>
    public bool IsPermanentFailure => Action == "failed" || (Status?.StartsWith('5') ?? false);
}

/// <summary>A delivery status notification (RFC 3464, in multipart/report of RFC 6522).</summary>
/// <param name="ReportingMta">The Reporting-MTA name without its type.</param>
/// <param name="ArrivalDate">The Arrival-Date, or null.</param>
/// <param name="Recipients">The per-recipient status groups, in order.</param>
/// <param name="OriginalMessageId">The Message-ID of the returned original (message/rfc822 or text/rfc822-headers), or null.</param>
/// <param name="PerMessageFields">All per-message fields as received.</param>
public sealed record DeliveryStatusReport(string? ReportingMta, DateTimeOffset? ArrivalDate, IReadOnlyList<DeliveryStatusRecipient> Recipients, string? OriginalMessageId, HeaderList PerMessageFields);

/// <summary>A message disposition notification, a read receipt (RFC 8098 section 3.2).</summary>
/// <param name="ReportingUserAgent">The Reporting-UA, or null.</param>
/// <param name="FinalRecipient">The Final-Recipient address without its type, or null.</param>
/// <param name="OriginalMessageId">The Original-Message-ID, else the returned original's Message-ID, without brackets.</param>
/// <param name="Disposition">The Disposition field as received, e.g. "manual-action/MDN-sent-manually; displayed".</param>
/// <param name="DispositionType">The disposition type after the ';': displayed, deleted, dispatched or processed (lower-cased).</param>
public sealed record DispositionNotification(string? ReportingUserAgent, string? FinalRecipient, string? OriginalMessageId, string? Disposition, string? DispositionType);

/// <summary>An abuse feedback report in the Abuse Reporting Format (RFC 5965 section 3.1).</summary>
/// <param name="FeedbackType">abuse, fraud, virus, not-spam, auth-failure or other (lower-cased).</param>
/// <param name="UserAgent">The User-Agent of the reporter, or null.</param>
/// <param name="Version">The format version, or null.</param>
/// <param name="OriginalMailFrom">The Original-Mail-From address without brackets, or null.</param>
/// <param name="OriginalRcptTo">The Original-Rcpt-To addresses without brackets.</param>
/// <param name="ArrivalDate">The Arrival-Date (or Received-Date), or null.</param>
/// <param name="SourceIp">The Source-IP, or null.</param>
/// <param name="ReportedDomain">The Reported-Domain, or null.</param>
/// <param name="OriginalMessageId">The Message-ID of the reported message, or null.</param>
/// <param name="Fields">All report fields as received.</param>
public sealed record FeedbackReport(string? FeedbackType, string? UserAgent, string? Version, string? OriginalMailFrom, IReadOnlyList<string> OriginalRcptTo, DateTimeOffset? ArrivalDate, string? SourceIp, string? ReportedDomain, string? OriginalMessageId, HeaderList Fields);

/// <summary>Finds and reads the machine-generated reports a message carries (RFC 6522 multipart/report).</summary>
public static class MessageReports
{
    /// <summary>The delivery status report (bounce) in the message, or null.</summary>
    public static DeliveryStatusReport? GetDeliveryStatus(this MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var part = FindReportPart(message, "delivery-status", "global-delivery-status");
        if (part is null)
        {
            return null;
        }
        var fields = new List<(Header Header, int Block)>();
        var blocks = HeaderBlocks(part);
        for (var i = 0; i < blocks.Count; i++)
        {
            fields.AddRange(blocks[i].Select(header => (header, i)));
        }
        var perMessage = new List<Header>();
        var recipients = new List<List<Header>>();
        List<Header>? current = null;
        var currentBlock = -1;
        foreach (var (header, block) in fields)
        {
            var startsRecipient = IsNamed(header, "Final-Recipient") || IsNamed(header, "Original-Recipient");
            // Per-recipient groups follow the per-message block; tolerate missing or extra empty lines.
            if (current is null && !startsRecipient && (block == 0 || recipients.Count == 0))
            {
                perMessage.Add(header);
                continue;
            }
            var newGroup = current is null
                || (block != currentBlock && current.Count > 0)
                || (IsNamed(header, "Final-Recipient") && current.Any(h => IsNamed(h, "Final-Recipient")))
                || (IsNamed(header, "Original-Recipient") && current.Any(h => IsNamed(h, "Original-Recipient") || IsNamed(h, "Action")));
            if (newGroup)
            {
                current = [];
                recipients.Add(current);
                currentBlock = block;
            }
            current!.Add(header);
        }
        var perMessageList = new HeaderList(perMessage);
        return new DeliveryStatusReport(
            WithoutType(perMessageList.GetValue("Reporting-MTA")),
            DateParser.Parse(perMessageList.GetValue("Arrival-Date")),
            [.. recipients.Select(group => ToRecipient(new HeaderList(group)))],
            ReturnedMessageId(message),
            perMessageList);
    }

    /// <summary>The message disposition notification (read receipt) in the message, or null.</summary>
    public static DispositionNotification? GetDispositionNotification(this MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var part = FindReportPart(message, "disposition-notification", "global-disposition-notification");
        if (part is null)
        {
            return null;
        }
        var fields = new HeaderList(HeaderBlocks(part).SelectMany(block => block));
        var disposition = fields.GetValue("Disposition");
        string? type = null;
        if (disposition is not null)
        {
            var semicolon = disposition.IndexOf(';', StringComparison.Ordinal);
            var after = semicolon >= 0 ? disposition[(semicolon + 1)..] : disposition;
            type = after.Split('/', ';')[0].Trim().ToLowerInvariant();
        }
        return new DispositionNotification(
            fields.GetValue("Reporting-UA"),
            WithoutType(fields.GetValue("Final-Recipient")),
            MessageIds.ParseOne(fields.GetValue("Original-Message-ID")) ?? ReturnedMessageId(message),
            disposition,
            type);
    }

    /// <summary>The ARF feedback report (abuse complaint) in the message, or null.</summary>
    public static FeedbackReport? GetFeedbackReport(this MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var part = FindReportPart(message, "feedback-report");
        if (part is null)
        {
            return null;
        }
        var fields = new HeaderList(HeaderBlocks(part).SelectMany(block => block));
        return new FeedbackReport(
            fields.GetValue("Feedback-Type")?.ToLowerInvariant(),
            fields.GetValue("User-Agent"),
            fields.GetValue("Version"),
            Unbracket(fields.GetValue("Original-Mail-From")),
            [.. fields.GetAll("Original-Rcpt-To").Select(h => Unbracket(h.Value)).OfType<string>()],
            DateParser.Parse(fields.GetValue("Arrival-Date") ?? fields.GetValue("Received-Date")),
            fields.GetValue("Source-IP"),
            fields.GetValue("Reported-Domain"),
            ReturnedMessageId(message),
            fields);
    }

    private static MimePart? FindReportPart(MimeMessage message, params string[] subtypes) =>
        Text.BodyText.Leaves(message.Body).FirstOrDefault(part => part.ContentType.Is("message") && subtypes.Contains(part.ContentType.MediaSubtype));

    private static List<HeaderList> HeaderBlocks(MimePart part) =>
        MimeParser.ParseHeaderBlocks(ByteStore.FromMemory(part.Content.DecodeToArray(part.ContentTransferEncoding)));

    /// <summary>The Message-ID of the returned original: an enclosed message, or a text/rfc822-headers part.</summary>
    private static string? ReturnedMessageId(MimeMessage message)
    {
        foreach (var entity in Returned(message.Body))
        {
            switch (entity)
            {
                case MessagePart enclosed when enclosed.Message.MessageId is { } id:
                    return id;
                case MimePart headers when headers.ContentType.Is("text", "rfc822-headers") || headers.ContentType.Is("message", "global-headers"):
                    var blocks = HeaderBlocks(headers);
                    if (blocks.Count > 0 && MessageIds.ParseOne(blocks[0].GetValue("Message-ID")) is { } found)
                    {
                        return found;
                    }
                    break;
            }
        }
        return null;
    }

    private static IEnumerable<MimeEntity> Returned(MimeEntity entity) => entity switch
    {
        Multipart multipart => multipart.Parts.SelectMany(Returned),
        MessagePart or MimePart => [entity],
        _ => [],
    };

    private static DeliveryStatusRecipient ToRecipient(HeaderList fields) => new(
        WithoutType(fields.GetValue("Final-Recipient")),
        WithoutType(fields.GetValue("Original-Recipient")),
        fields.GetValue("Action")?.Split([' ', '('], 2)[0].ToLowerInvariant(),
        fields.GetValue("Status")?.Split([' ', '('], 2)[0],
        fields.GetValue("Diagnostic-Code"),
        WithoutType(fields.GetValue("Remote-MTA")));

    private static bool IsNamed(Header header, string name) => string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>"rfc822; user@example.org" → "user@example.org" (RFC 3464 section 2.1.2 address-type).</summary>
    private static string? WithoutType(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var result = (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim();
        return Unbracket(result);
    }

    private static string? Unbracket(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Trim('<', '>').Trim();
    }
}
