using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MailComplaints.Mail.Mime.Reports;

namespace MailComplaints.Mail.Mime;

/// <summary>A mailbox in a <see cref="MessageReport"/>.</summary>
/// <param name="Name">The display name, or null.</param>
/// <param name="Address">The address.</param>
public sealed record MailboxReport(string? Name, string Address);

/// <summary>An attachment in a <see cref="MessageReport"/>.</summary>
/// <param name="Name">The decoded file name, or null.</param>
/// <param name="Size">The decoded size in bytes.</param>
/// <param name="ContentType">The media type, e.g. "application/pdf".</param>
public sealed record AttachmentReport(string? Name, long Size, string ContentType);

/// <summary>The machine report a message carries (RFC 6522 multipart/report), summarized.</summary>
/// <param name="Kind">"delivery-status", "disposition-notification" or "feedback-report".</param>
/// <param name="Detail">Per kind: recipients with action and status; the disposition; the feedback type.</param>
/// <param name="OriginalMessageId">The Message-ID of the message the report is about, or null.</param>
public sealed record MachineReportSummary(string Kind, string? Detail, string? OriginalMessageId);

/// <summary>
/// A message as the worker reads it, for the <c>inspect</c> verb: decoded subject, sender, recipients, date,
/// ids, the text it would register, attachments, reports and the defects the parser tolerated.
/// </summary>
/// <param name="File">The file the message was read from.</param>
/// <param name="Subject">The decoded subject (RFC 2047), or null.</param>
/// <param name="From">The first From mailbox, or null.</param>
/// <param name="To">The To mailboxes.</param>
/// <param name="Cc">The Cc mailboxes.</param>
/// <param name="Date">The Date (RFC 5322 section 3.6.1), or null.</param>
/// <param name="MessageId">The Message-ID without brackets, or null.</param>
/// <param name="InReplyTo">The In-Reply-To id without brackets, or null.</param>
/// <param name="Text">The text the worker registers, or null.</param>
/// <param name="Attachments">The attachments.</param>
/// <param name="Report">The machine report carried, or null.</param>
/// <param name="Defects">The defects found, as text.</param>
public sealed record MessageReport(
    string File,
    string? Subject,
    MailboxReport? From,
    IReadOnlyList<MailboxReport> To,
    IReadOnlyList<MailboxReport> Cc,
    DateTimeOffset? Date,
    string? MessageId,
    string? InReplyTo,
    string? Text,
    IReadOnlyList<AttachmentReport> Attachments,
    MachineReportSummary? Report,
    IReadOnlyList<string> Defects)
{
    /// <summary>Reads the parts of <paramref name="message"/> the worker uses.</summary>
    public static MessageReport Create(string file, MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new MessageReport(
            file,
            message.Subject,
            message.From.Count > 0 ? ToReport(message.From[0]) : null,
            [.. message.To.Select(ToReport)],
            [.. message.Cc.Select(ToReport)],
            message.Date,
            message.MessageId,
            message.InReplyTo,
            message.GetTextBody(),
            [.. message.Attachments.Select(part => new AttachmentReport(part.FileName, part.GetDecodedSize(), part.ContentType.MimeType))],
            Summarize(message),
            [.. message.Defects.Select(defect => defect.ToString())]);
    }

    /// <summary>The report as one line of JSON with camelCase names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, MessageReportJson.Default.MessageReport);

    /// <summary>The report as readable text, one field a line.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"== {File}\n");
        text.Append(CultureInfo.InvariantCulture, $"Subject:     {Subject}\n");
        text.Append(CultureInfo.InvariantCulture, $"From:        {Format(From)}\n");
        text.Append(CultureInfo.InvariantCulture, $"To:          {string.Join(", ", To.Select(Format))}\n");
        if (Cc.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Cc:          {string.Join(", ", Cc.Select(Format))}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"Date:        {Date?.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Message-ID:  {MessageId}\n");
        if (Report is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Report:      {Report.Kind}: {Report.Detail} (original {Report.OriginalMessageId})\n");
        }
        foreach (var attachment in Attachments)
        {
            text.Append(CultureInfo.InvariantCulture, $"Attachment:  {attachment.Name} ({attachment.ContentType}, {attachment.Size} bytes)\n");
        }
        foreach (var defect in Defects)
        {
            text.Append(CultureInfo.InvariantCulture, $"Defect:      {defect}\n");
        }
        text.Append("Text:\n").Append(Text).Append('\n');
        return text.ToString();
    }

    private static string Format(MailboxReport? mailbox) =>
        mailbox is null ? string.Empty : mailbox.Name is null ? mailbox.Address : $"{mailbox.Name} <{mailbox.Address}>";

    private static MailboxReport ToReport(MailboxAddress mailbox) => new(mailbox.Name, mailbox.Address);

    private static MachineReportSummary? Summarize(MimeMessage message)
    {
        if (message.GetDeliveryStatus() is { } status)
        {
            var recipients = string.Join(", ", status.Recipients.Select(r => $"{r.FinalRecipient} {r.Action} {r.Status}".Trim()));
            return new MachineReportSummary("delivery-status", recipients, status.OriginalMessageId);
        }
        if (message.GetDispositionNotification() is { } notification)
        {
            return new MachineReportSummary("disposition-notification", notification.DispositionType, notification.OriginalMessageId);
        }
        if (message.GetFeedbackReport() is { } feedback)
        {
            return new MachineReportSummary("feedback-report", feedback.FeedbackType, feedback.OriginalMessageId);
        }
        return null;
    }
}

/// <summary>The JSON shape of <see cref="MessageReport"/>: camelCase, nulls written, one line.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(MessageReport))]
internal sealed partial class MessageReportJson : JsonSerializerContext;
