using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using MailComplaints.Cases;
using MimeKit;

namespace MailComplaints.Threads;

/// <summary>
/// Message-IDs that say which case a mail belongs to and to whom it was sent, so that a reply can be matched to its
/// case without trusting the subject. The token is an HMAC-SHA256 of the case number and the recipient's address under
/// a secret only we know: a reply quoting one of our Message-IDs counts only when it comes from the address the mail
/// was sent to, and nobody can make up a Message-ID for a case they never received mail about (docs/threads.md).
/// </summary>
public sealed class ThreadTokens
{
    /// <summary>The fewest secret bytes accepted: the length of the HMAC-SHA256 output.</summary>
    public const int MinimumSecretLength = 32;

    // 15 bytes are 120 bits: 24 base32 characters with no padding.
    private const int TokenBytes = 15;
    private const int TokenLength = 24;
    private const int RandomBytes = 8;

    private readonly byte[] secret;

    /// <summary>Tokens under <paramref name="secret"/> (at least <see cref="MinimumSecretLength"/> bytes; see <see cref="ParseSecret"/>).</summary>
    public ThreadTokens(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < MinimumSecretLength)
        {
            throw new ArgumentException($"The thread secret must be at least {MinimumSecretLength} bytes; it is {secret.Length}.", nameof(secret));
        }
        this.secret = (byte[])secret.Clone();
    }

    /// <summary>The token of <paramref name="recipient"/> (compared lower-cased and trimmed) for <paramref name="caseNumber"/>: 24 lower-case base32 characters.</summary>
    public string TokenFor(CaseNumber caseNumber, string recipient)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(caseNumber, recipient, mac);
        return Base32.Encode(mac[..TokenBytes]);
    }

    /// <summary>A Message-ID for a mail about no case: <c>kind.random@domain</c>, which <see cref="TryRead"/> never takes for a thread.</summary>
    public string MessageIdWithoutCase(string kind, string domain) => NewMessageId(kind, "", domain);

    /// <summary>
    /// A new Message-ID (without angle brackets) for a mail of <paramref name="kind"/> about <paramref name="caseNumber"/>
    /// sent to <paramref name="recipient"/>: <c>kind.CASE.token.random@domain</c>, the random part 16 hex characters.
    /// </summary>
    public string MessageId(string kind, CaseNumber caseNumber, string recipient, string domain)
    {
        ArgumentNullException.ThrowIfNull(caseNumber);
        return NewMessageId(kind, $"{caseNumber}.{TokenFor(caseNumber, recipient)}.", domain);
    }

    // kind.{middle}random@domain, the kind and the domain checked.
    private static string NewMessageId(string kind, string middle, string domain)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        var lowerKind = KindOf(kind);
        if (domain.Trim().IndexOfAny(['@', '<', '>', ' ', '\t']) >= 0)
        {
            throw new ArgumentException($"The domain of a Message-ID is a bare domain such as 'klachten.example.nl'; found '{domain}'.", nameof(domain));
        }
        Span<byte> randomBytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(randomBytes);
        return $"{lowerKind}.{middle}{Convert.ToHexStringLower(randomBytes)}@{domain.Trim()}";
    }

    /// <summary>Reads one of our Message-IDs (angle brackets allowed): the domain must be <paramref name="domain"/> (any case) and the local part <c>kind.CASE.token.random</c>.</summary>
    public bool TryRead(string? messageId, string domain, [NotNullWhen(true)] out ThreadReference? reference)
    {
        reference = null;
        var id = messageId?.Trim().TrimStart('<').TrimEnd('>');
        var at = id?.LastIndexOf('@') ?? -1;
        if (id is null || at <= 0 || string.IsNullOrWhiteSpace(domain) || !string.Equals(id[(at + 1)..], domain.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var parts = id[..at].Split('.');
        if (parts.Length != 4)
        {
            return false;
        }
        var (kind, token, random) = (parts[0].ToLowerInvariant(), parts[2].ToLowerInvariant(), parts[3]);
        if (!IsKind(kind) || token.Length != TokenLength || !Base32.IsEncoded(token) || random.Length != RandomBytes * 2
            || !random.All(char.IsAsciiHexDigit) || !CaseNumber.TryParse(parts[1], out var caseNumber))
        {
            return false;
        }
        reference = new ThreadReference(kind, caseNumber, token);
        return true;
    }

    /// <summary>Whether <paramref name="reference"/> was made for <paramref name="sender"/>, compared in constant time.</summary>
    public bool Verify(ThreadReference reference, string sender)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var expected = Encoding.ASCII.GetBytes(TokenFor(reference.CaseNumber, sender));
        var found = Encoding.ASCII.GetBytes(reference.Token.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, found);
    }

    /// <summary>
    /// The reference of the mail <paramref name="reply"/> answers, when it is one of ours and was sent to <paramref name="sender"/>:
    /// In-Reply-To first, then References from the last (the most recent) to the first. Null when none verifies.
    /// </summary>
    public ThreadReference? VerifiedReference(MimeMessage reply, string sender, string domain)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var candidates = new[] { reply.InReplyTo }.Concat(reply.References.Reverse());
        foreach (var id in candidates)
        {
            if (TryRead(id, domain, out var reference) && Verify(reference, sender))
            {
                return reference;
            }
        }
        return null;
    }

    /// <summary>
    /// The secret from settings: base64 or hex (hex when the text is only hex digits) of at least
    /// <see cref="MinimumSecretLength"/> bytes. Throws <see cref="ArgumentException"/> otherwise.
    /// </summary>
    public static byte[] ParseSecret(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new ArgumentException($"The thread secret is empty; it must be at least {MinimumSecretLength} random bytes written as base64 or hex, for example the output of 'openssl rand -base64 32'.", nameof(text));
        }
        byte[]? bytes = null;
        if (trimmed.Length % 2 == 0 && trimmed.All(char.IsAsciiHexDigit))
        {
            bytes = Convert.FromHexString(trimmed);
        }
        else
        {
            var buffer = new byte[trimmed.Length];
            if (Convert.TryFromBase64String(trimmed, buffer, out var written))
            {
                bytes = buffer[..written];
            }
        }
        if (bytes is null)
        {
            throw new ArgumentException($"The thread secret is neither base64 nor hex; write at least {MinimumSecretLength} random bytes as base64 or hex, for example the output of 'openssl rand -base64 32'.", nameof(text));
        }
        if (bytes.Length < MinimumSecretLength)
        {
            throw new ArgumentException($"The thread secret is {bytes.Length} bytes; at least {MinimumSecretLength} are needed. Create one with 'openssl rand -base64 32'.", nameof(text));
        }
        return bytes;
    }

    /// <summary>A new secret of 32 random bytes, base64.</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumSecretLength));

    // The NUL cannot occur in a case number, so "KL-2026-1" + "x" and "KL-2026-1x" + "" never give the same input.
    private void Mac(CaseNumber caseNumber, string recipient, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(caseNumber);
        ArgumentNullException.ThrowIfNull(recipient);
        var text = $"{caseNumber}\0{recipient.Trim().ToLowerInvariant()}";
        // Addresses are short; the rare long one gets an array rather than a large stack frame.
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var input = length <= 1024 ? stackalloc byte[length] : new byte[length];
        HMACSHA256.HashData(secret, input[..Encoding.UTF8.GetBytes(text, input)], destination);
    }

    private static bool IsKind(string kind) => kind.Length > 0 && kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    // The kind as a Message-ID carries it: lower case, letters, digits and hyphens.
    private static string KindOf(string kind)
    {
        var lowerKind = kind.Trim().ToLowerInvariant();
        return IsKind(lowerKind) ? lowerKind : throw new ArgumentException($"A mail kind is letters, digits and hyphens, such as 'acknowledgement'; found '{kind}'.", nameof(kind));
    }
}
