using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MailComplaints.Reading;
using MimeKit;

namespace MailComplaints.Worker.Cli;

/// <summary>A mailbox in an <see cref="InspectReport"/>.</summary>
/// <param name="Name">The display name, or null.</param>
/// <param name="Address">The address.</param>
internal sealed record MailboxReport(string? Name, string Address);

/// <summary>An attachment in an <see cref="InspectReport"/>.</summary>
/// <param name="Name">The decoded file name, or null.</param>
/// <param name="Size">The decoded size in bytes.</param>
/// <param name="ContentType">The media type, e.g. "application/pdf".</param>
internal sealed record AttachmentReport(string? Name, long Size, string ContentType);

/// <summary>The machine-readable report a message carries (RFC 3464, RFC 8098, RFC 5965).</summary>
/// <param name="Kind">"delivery-status", "disposition-notification" or "feedback-report".</param>
/// <param name="Detail">Per kind: recipients with action and status; the disposition; the feedback type.</param>
/// <param name="OriginalMessageId">The Message-ID of the message the report is about, or null.</param>
internal sealed record MachineReportSummary(string Kind, string? Detail, string? OriginalMessageId);

/// <summary>What <c>inspect</c> shows of a message: the parts the worker reads, as MimeKit parses them.</summary>
internal sealed record InspectReport(
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
    MachineReportSummary? Report)
{
    /// <summary>Reads the parts of <paramref name="message"/> the worker uses.</summary>
    public static InspectReport Create(string file, MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new InspectReport(
            file,
            message.Subject,
            MessageAddresses.From(message) is [var first, ..] ? ToReport(first) : null,
            [.. message.To.Mailboxes.Select(ToReport)],
            [.. message.Cc.Mailboxes.Select(ToReport)],
            message.Headers.Contains(HeaderId.Date) ? message.Date : null,
            message.MessageId,
            message.InReplyTo,
            MessageText.Of(message),
            [.. MessageParts.Attachments(message).Select(part => new AttachmentReport(MessageParts.FileName(part), DecodedSize(part), part.ContentType.MimeType))],
            Summarize(message));
    }

    /// <summary>The report on a file MimeKit cannot parse: only its name; the outcome says why.</summary>
    public static InspectReport Unreadable(string file) => new(file, null, null, [], [], null, null, null, null, [], null);

    /// <summary>The report as one line of JSON with camelCase names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, InspectReportJson.Default.InspectReport);

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
        text.Append("Text:\n").Append(Text).Append('\n');
        return text.ToString();
    }

    private static string Format(MailboxReport? mailbox) =>
        mailbox is null ? string.Empty : mailbox.Name is null ? mailbox.Address : $"{mailbox.Name} <{mailbox.Address}>";

    private static MailboxReport ToReport(MailboxAddress mailbox) => new(string.IsNullOrEmpty(mailbox.Name) ? null : mailbox.Name, mailbox.Address);

    private static long DecodedSize(MimePart part)
    {
        using var counter = new MimeKit.IO.MeasuringStream();
        part.Content?.DecodeTo(counter);
        return counter.Length;
    }

    private static MachineReportSummary? Summarize(MimeMessage message)
    {
        var parts = MessageParts.Structure(message.Body).ToList();
        var original = parts.OfType<MessagePart>().Select(part => part.Message?.MessageId).FirstOrDefault(id => id is not null);
        if (parts.OfType<MessageDeliveryStatus>().FirstOrDefault() is { } status)
        {
            var recipients = string.Join(", ", status.StatusGroups.Skip(1)
                .Select(group => $"{Address(group["Final-Recipient"])} {group["Action"]} {group["Status"]}".Trim()));
            return new MachineReportSummary("delivery-status", recipients, original);
        }
        if (parts.OfType<MessageDispositionNotification>().FirstOrDefault() is { } notification)
        {
            var disposition = notification.Fields["Disposition"];
            var type = disposition?[(disposition.IndexOf(';', StringComparison.Ordinal) + 1)..].Trim();
            return new MachineReportSummary("disposition-notification", type, MessageParts.MessageId(notification.Fields["Original-Message-ID"]) ?? original);
        }
        if (parts.OfType<MessageFeedbackReport>().FirstOrDefault() is { } feedback)
        {
            return new MachineReportSummary("feedback-report", feedback.Fields["Feedback-Type"]?.Trim(), original);
        }
        return null;
    }

    // "rfc822; someone@example.org" is the address.
    private static string? Address(string? typed) => typed?[(typed.IndexOf(';', StringComparison.Ordinal) + 1)..].Trim();
}

/// <summary>The JSON shape of <see cref="InspectReport"/>: camelCase, nulls written, one line.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(InspectReport))]
internal sealed partial class InspectReportJson : JsonSerializerContext;
