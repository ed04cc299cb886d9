namespace MailComplaints.Intake.Classification;

/// <summary>
/// What a bounce says about the mail it returns: the recipients with their delivery status and the Message-ID
/// of the returned original, so that the bounce can be linked to the case that sent it.
/// </summary>
/// <param name="Recipients">Every recipient the report names, in order (RFC 3464 section 2.3), failed or not.</param>
/// <param name="OriginalMessageId">The Message-ID of the returned original without angle brackets, or null when the bounce does not carry it.</param>
/// <param name="OriginalMessageIdSource">Where <paramref name="OriginalMessageId"/> was found, or null.</param>
public sealed record BounceReport(IReadOnlyList<BouncedRecipient> Recipients, string? OriginalMessageId, OriginalMessageIdSource? OriginalMessageIdSource)
{
    /// <summary>The recipients whose delivery failed (<c>Action: failed</c>).</summary>
    public IEnumerable<BouncedRecipient> Failed =>
        Recipients.Where(recipient => string.Equals(recipient.Action, "failed", StringComparison.OrdinalIgnoreCase));
}

/// <summary>One recipient of a delivery status notification (RFC 3464 section 2.3).</summary>
/// <param name="Address">The Final-Recipient address (section 2.3.2), or the Original-Recipient when the report gives no final one.</param>
/// <param name="OriginalRecipient">The Original-Recipient address as the sender gave it (section 2.3.1), or null.</param>
/// <param name="Action">failed, delayed, delivered, relayed or expanded (section 2.3.3), lower-cased; null when missing.</param>
/// <param name="Status">The enhanced status code, e.g. 5.1.1 (section 2.3.4, RFC 3463), or null.</param>
/// <param name="DiagnosticCode">The remote server's answer, e.g. "smtp; 550 5.1.1 user unknown" (section 2.3.6), or null.</param>
public sealed record BouncedRecipient(string Address, string? OriginalRecipient, string? Action, string? Status, string? DiagnosticCode);

/// <summary>Where a bounce carried the Message-ID of the returned original.</summary>
public enum OriginalMessageIdSource
{
    /// <summary>The header of the returned message in a message/rfc822 or message/global part (RFC 3464 section 2).</summary>
    EnclosedMessage,

    /// <summary>A text/rfc822-headers (RFC 6522) or message/global-headers (RFC 6533) part.</summary>
    EnclosedHeaders,

    /// <summary>An <c>X-Original-Message-ID:</c> or <c>Message-ID:</c> line in a text part: the server pasted the original in.</summary>
    TextLine,

    /// <summary>The bounce's own In-Reply-To, which some servers point at the returned original.</summary>
    InReplyTo,
}
