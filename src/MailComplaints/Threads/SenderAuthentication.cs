using MailComplaints.Reading;
using MimeKit;

namespace MailComplaints.Threads;

/// <summary>
/// Whether our own receiving server vouched for the sender: an Authentication-Results header (RFC 8601) written by
/// a trusted authserv-id with <c>dkim=pass</c> for the sender's domain (<c>header.d</c>, or <c>header.i</c> ending in
/// <c>@domain</c>) or <c>spf=pass</c> with <c>smtp.mailfrom</c> in it. Anybody can add such a header, so those of
/// other servers are ignored, and with no trusted servers nothing passes. The receiving server must remove headers
/// that arrive already carrying its own authserv-id (RFC 8601 section 5).
/// </summary>
/// With a <see cref="DkimCheck"/> (<c>Threads:VerifyDkim</c>), a valid aligned DKIM signature we verify ourselves passes too.
public sealed class SenderAuthentication(IReadOnlyList<string> trustedAuthServIds, DkimCheck? dkim = null)
{
    private const string HeaderName = "Authentication-Results";

    private readonly HashSet<string> trusted = new(
        (trustedAuthServIds ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a trusted server reports that mail from <paramref name="senderAddress"/>'s domain passed DKIM or SPF.</summary>
    public bool Passes(MimeMessage message, string senderAddress)
    {
        ArgumentNullException.ThrowIfNull(message);
        var domain = DomainOf(senderAddress);
        if (trusted.Count == 0 || domain is null)
        {
            return false;
        }
        return MessageParts.All(message.Headers, HeaderName)
            .SelectMany(header => AuthenticationResults.Parse(header.Value))
            .Any(result => trusted.Contains(result.AuthServId) && result.Result == "pass" && Vouches(result, domain));
    }

    /// <summary>Whether the sender is vouched for: by a trusted server's header, or by our own DKIM check when it is on.</summary>
    public async Task<bool> PassesAsync(MimeMessage message, string senderAddress, CancellationToken cancellationToken) =>
        Passes(message, senderAddress) || (dkim is not null && await dkim.PassesAsync(message, senderAddress, cancellationToken).ConfigureAwait(false));

    private static bool Vouches(AuthenticationResult result, string domain) => result.Method switch
    {
        "dkim" => Same(result.Properties.GetValueOrDefault("header.d"), domain)
            || (result.Properties.GetValueOrDefault("header.i") is { } identity && identity.Contains('@', StringComparison.Ordinal) && Same(DomainOf(identity), domain)),
        "spf" => result.Properties.GetValueOrDefault("smtp.mailfrom") is { } mailFrom
            && Same(mailFrom.Contains('@', StringComparison.Ordinal) ? DomainOf(mailFrom) : mailFrom.Trim().Trim('<', '>'), domain),
        _ => false,
    };

    private static bool Same(string? found, string domain) =>
        found is not null && string.Equals(found.Trim().TrimEnd('.'), domain, StringComparison.OrdinalIgnoreCase);

    private static string? DomainOf(string? address)
    {
        var trimmed = address?.Trim().Trim('<', '>') ?? "";
        var at = trimmed.LastIndexOf('@');
        var domain = at < 0 ? "" : trimmed[(at + 1)..].Trim().TrimEnd('.');
        return domain.Length == 0 ? null : domain;
    }
}
