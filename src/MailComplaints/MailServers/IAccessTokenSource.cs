namespace MailComplaints.MailServers;

/// <summary>
/// Supplies OAuth 2.0 access tokens for SASL XOAUTH2 (as used by Microsoft 365 and Gmail for IMAP and SMTP).
/// Implementations refresh tokens as needed; the client asks once per authentication.
/// </summary>
public interface IAccessTokenSource
{
    /// <summary>Returns a currently valid access token for the configured user.</summary>
    /// <param name="cancellationToken">Cancels the acquisition.</param>
    ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken);
}

/// <summary>An <see cref="IAccessTokenSource"/> that always returns the same token; for tests and short-lived tools.</summary>
/// <param name="Token">The access token.</param>
public sealed record StaticAccessTokenSource(string Token) : IAccessTokenSource
{
    /// <inheritdoc />
    public ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Token);
}
