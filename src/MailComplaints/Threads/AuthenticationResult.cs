namespace MailComplaints.Threads;

/// <summary>One result of an Authentication-Results header (RFC 8601 section 2.2): <c>dkim=pass header.d=example.nl</c>.</summary>
/// <param name="AuthServId">The server that wrote the header, as it named itself; empty when the header names none.</param>
/// <param name="Method">The method in lower case, its version dropped: <c>dkim</c>, <c>spf</c>, <c>dmarc</c>.</param>
/// <param name="Result">The result in lower case: <c>pass</c>, <c>fail</c>, <c>none</c>, <c>neutral</c>.</param>
/// <param name="Properties">The properties by lower-case name (<c>header.d</c>, <c>header.i</c>, <c>smtp.mailfrom</c>, <c>reason</c>), values unquoted.</param>
public sealed record AuthenticationResult(string AuthServId, string Method, string Result, IReadOnlyDictionary<string, string> Properties);
