using MailComplaints.Cases;

namespace MailComplaints.Threads;

/// <summary>What one of our Message-IDs says: the kind of mail, the case it belongs to and the recipient's token.</summary>
/// <param name="Kind">The kind of mail in lower case, as in <c>acknowledgement</c> or <c>assignment</c>.</param>
/// <param name="CaseNumber">The case the mail was about.</param>
/// <param name="Token">The recipient's token (<see cref="ThreadTokens.TokenFor"/>), lower case.</param>
public sealed record ThreadReference(string Kind, CaseNumber CaseNumber, string Token);
