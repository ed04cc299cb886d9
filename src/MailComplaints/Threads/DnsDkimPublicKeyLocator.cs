using DnsClient;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace MailComplaints.Threads;

/// <summary>
/// DKIM public keys from DNS with DnsClient: the TXT record at <c>selector._domainkey.domain</c>, its strings joined,
/// read by MimeKit's key-record parser. Keys are cached for the locator's lifetime (one worker process) by their name.
/// </summary>
public sealed class DnsDkimPublicKeyLocator(ILookupClient dns) : DkimPublicKeyLocatorBase
{
    private readonly Dictionary<string, AsymmetricKeyParameter> cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock gate = new();

    /// <inheritdoc />
    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        var name = $"{selector}._domainkey.{domain}";
        lock (gate)
        {
            if (cache.TryGetValue(name, out var known))
            {
                return known;
            }
        }
        var answer = await dns.QueryAsync(name, QueryType.TXT, cancellationToken: cancellationToken).ConfigureAwait(false);
        var record = answer.Answers.TxtRecords().Select(txt => string.Concat(txt.Text)).FirstOrDefault(text => text.Contains("p=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No DKIM key record at {name}.");
        var key = KeyOf(record);
        lock (gate)
        {
            cache[name] = key;
        }
        return key;
    }

    /// <summary>The public key in a DKIM key record (<c>v=DKIM1; k=rsa; p=…</c>).</summary>
    public static AsymmetricKeyParameter KeyOf(string record) => new RecordReader().Read(record);

    private sealed class RecordReader : DkimPublicKeyLocatorBase
    {
        public AsymmetricKeyParameter Read(string record) => GetPublicKey(record);

        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
