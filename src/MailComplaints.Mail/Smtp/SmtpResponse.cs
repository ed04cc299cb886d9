namespace MailComplaints.Mail.Smtp;

/// <summary>
/// One SMTP reply (RFC 5321 §4.2): the three-digit code, the enhanced status code when the server gives one
/// (RFC 3463, e.g. "4.2.1") and the text lines.
/// </summary>
/// <param name="Code">The reply code, e.g. 250, 450, 550.</param>
/// <param name="EnhancedCode">The RFC 3463 enhanced status code, or null.</param>
/// <param name="Lines">The text of each reply line, without code and enhanced code.</param>
public sealed record SmtpResponse(int Code, string? EnhancedCode, IReadOnlyList<string> Lines)
{
    /// <summary>2xx or 3xx: the command was accepted (RFC 5321 §4.2.1).</summary>
    public bool IsPositive => Code is >= 200 and < 400;

    /// <summary>4xx: transient negative completion; the same command may succeed later (RFC 5321 §4.2.1).</summary>
    public bool IsTransient => Code is >= 400 and < 500;

    /// <summary>5xx: permanent negative completion; do not retry unchanged (RFC 5321 §4.2.1).</summary>
    public bool IsPermanent => Code >= 500;

    /// <summary>All text lines joined with spaces.</summary>
    public string Text => string.Join(' ', Lines);

    /// <inheritdoc />
    public override string ToString() => EnhancedCode is null ? $"{Code} {Text}" : $"{Code} {EnhancedCode} {Text}";
}
