using MimeKit;
using MimeKit.Cryptography;

namespace MailComplaints.Threads;

/// <summary>
/// Verifies a message's DKIM signatures ourselves (RFC 6376) with MimeKit's <see cref="DkimVerifier"/>, for an
/// organisation whose mail server writes no Authentication-Results we can trust. A message passes when one signature is
/// valid and its signing domain (<c>d=</c>) is the sender's domain or a parent of it, as DMARC's relaxed alignment has
/// it (mail from <c>piet@afdeling.gemeente.example</c> signed by <c>gemeente.example</c> passes; signed by
/// <c>mailprovider.example</c> does not). rsa-sha1 signatures do not count (RFC 8301); keys below 1024 bits neither.
/// </summary>
public sealed class DkimCheck(IDkimPublicKeyLocator keys)
{
    /// <summary>Whether a valid DKIM signature of the domain of <paramref name="senderAddress"/> (or a parent domain) is on the message.</summary>
    public async Task<bool> PassesAsync(MimeMessage message, string senderAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var at = senderAddress?.LastIndexOf('@') ?? -1;
        if (at < 0)
        {
            return false;
        }
        var domain = senderAddress![(at + 1)..].Trim().TrimEnd('.');
        var verifier = new DkimVerifier(keys) { MinimumRsaKeyLength = 1024 };
        verifier.Disable(DkimSignatureAlgorithm.RsaSha1);
        foreach (var signature in message.Headers.Where(header => header.Id == HeaderId.DkimSignature))
        {
            if (!Aligned(SigningDomain(signature.Value), domain))
            {
                continue;
            }
            try
            {
                if (await verifier.VerifyAsync(message, signature, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch (Exception exception) when (exception is FormatException or ParseException or NotSupportedException or ArgumentException or InvalidOperationException
                or Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Crypto.CryptoException or TimeoutException or IOException)
            {
                // A malformed signature or a key that cannot be had is no pass; the next signature may be.
            }
        }
        return false;
    }

    private static bool Aligned(string? signing, string sender) =>
        signing is { Length: > 0 } && (string.Equals(signing, sender, StringComparison.OrdinalIgnoreCase)
            || sender.EndsWith("." + signing, StringComparison.OrdinalIgnoreCase));

    // The d= tag of a DKIM-Signature value.
    private static string? SigningDomain(string value) =>
        value.Split(';').Select(tag => tag.Trim()).FirstOrDefault(tag => tag.StartsWith("d=", StringComparison.OrdinalIgnoreCase))?[2..].Trim().TrimEnd('.');
}
