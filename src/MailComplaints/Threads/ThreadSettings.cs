namespace MailComplaints.Threads;

/// <summary>
/// Section <c>Threads</c>: the secret key our Message-ID tokens are signed with (<c>Threads:Secret</c>, or a key
/// file the worker creates on first start, <c>Threads:SecretFile</c>), and the mail servers whose
/// Authentication-Results headers are believed (<c>Threads:TrustedAuthServIds</c>; empty: only tokens count), and whether
/// the worker verifies DKIM signatures itself (<c>Threads:VerifyDkim</c>).
/// </summary>
public sealed record ThreadSettings(byte[] Secret, IReadOnlyList<string> TrustedAuthServIds, bool VerifyDkim = false);
