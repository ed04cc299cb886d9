using System.Text;
using System.Text.RegularExpressions;

namespace MailComplaints.Intake.Classification;

/// <summary>
/// Reads the body of a message/delivery-status part (RFC 3464 section 2.1): groups of header-like
/// <c>Field: value</c> lines separated by blank lines, the first about the message, each further one about a
/// recipient. Tolerates what real servers send: no blank line between the groups, several blank lines, folded
/// values, an address type missing before the address.
/// </summary>
internal static partial class DeliveryStatusFields
{
    /// <summary>The header-like fields of <paramref name="text"/>, unfolded, grouped as separated by blank lines.</summary>
    public static List<List<(string Name, string Value)>> Groups(string text)
    {
        var groups = new List<List<(string Name, string Value)>>();
        var group = new List<(string Name, string Value)>();
        string? name = null;
        var value = new StringBuilder();
        void EndField()
        {
            if (name is not null)
            {
                group.Add((name, value.ToString()));
                name = null;
            }
        }
        void EndGroup()
        {
            EndField();
            if (group.Count > 0)
            {
                groups.Add(group);
                group = [];
            }
        }
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Trim().Length == 0)
            {
                EndGroup();
            }
            else if (trimmed[0] is ' ' or '\t')
            {
                // A folded continuation (RFC 5322 section 2.2.3), appended: a value folded over thousands of lines
                // costs no more than its length (found by fuzzing).
                if (name is not null)
                {
                    value.Append(' ').Append(trimmed.AsSpan().Trim());
                }
            }
            else if (trimmed.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
            {
                EndField();
                name = trimmed[..colon].Trim();
                value.Clear().Append(trimmed.AsSpan(colon + 1).Trim());
            }
        }
        EndGroup();
        return groups;
    }

    /// <summary>The per-recipient groups of a delivery-status body (RFC 3464 section 2.3), in order.</summary>
    public static List<BouncedRecipient> Recipients(string text)
    {
        var recipients = new List<BouncedRecipient>();
        foreach (var group in Groups(UnwrapBase64(text)))
        {
            var current = new PendingRecipient();
            foreach (var (name, value) in group)
            {
                if (Is(name, "Final-Recipient"))
                {
                    if (current.Final is not null)
                    {
                        current.AddTo(recipients);
                        current = new PendingRecipient();
                    }
                    current.Final = Address(value);
                }
                else if (Is(name, "Original-Recipient"))
                {
                    // Fields come in any order within a group (Postfix writes Final-Recipient first, Amazon SES
                    // Action first); only a second Original-Recipient means the groups ran together.
                    if (current.Original is not null)
                    {
                        current.AddTo(recipients);
                        current = new PendingRecipient();
                    }
                    current.Original = Address(value);
                }
                else if (Is(name, "Action"))
                {
                    current.Action ??= value.Split([' ', '\t', '(', ';'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant();
                }
                else if (Is(name, "Status"))
                {
                    current.Status ??= StatusCode(value);
                }
                else if (Is(name, "Diagnostic-Code"))
                {
                    current.Diagnostic ??= value;
                }
            }
            current.AddTo(recipients);
        }
        return recipients;
    }

    /// <summary>The enhanced status code (RFC 3463 section 2) in a Status value, or null.</summary>
    public static string? StatusCode(string value) => StatusPattern().Match(value) is { Success: true } match ? match.Value : null;

    /// <summary>The address of an <c>address-type; address</c> value (RFC 3464 section 2.3.2), without angle brackets.</summary>
    public static string Address(string value)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var address = (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim();
        return address.Trim('<', '>', ' ', '"');
    }

    // A gateway quirk (Proofpoint, in mimekit's bounce.txt): after a per-message group that ends with
    // "Content-Transfer-Encoding: base64" the recipient groups follow base64-encoded.
    private static string UnwrapBase64(string text)
    {
        var marker = Base64Marker().Match(text);
        if (!marker.Success || BlankLine().Match(text, marker.Index + marker.Length) is not { Success: true } blank)
        {
            return text;
        }
        var encoded = text[(blank.Index + blank.Length)..];
        var decoded = new byte[encoded.Length];
        return Convert.TryFromBase64String(string.Concat(encoded.Where(c => !char.IsWhiteSpace(c))), decoded, out var written)
            ? string.Concat(text.AsSpan(0, blank.Index), "\n\n", Encoding.UTF8.GetString(decoded, 0, written))
            : text;
    }

    [GeneratedRegex(@"^Content-Transfer-Encoding:[ \t]*base64[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex Base64Marker();

    [GeneratedRegex(@"\n[ \t]*\r?\n")]
    private static partial Regex BlankLine();

    private static bool Is(string name, string field) => string.Equals(name, field, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\b[245]\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex StatusPattern();

    private sealed class PendingRecipient
    {
        public string? Final { get; set; }
        public string? Original { get; set; }
        public string? Action { get; set; }
        public string? Status { get; set; }
        public string? Diagnostic { get; set; }

        public void AddTo(List<BouncedRecipient> recipients)
        {
            var address = string.IsNullOrEmpty(Final) ? Original : Final;
            if (!string.IsNullOrEmpty(address))
            {
                recipients.Add(new BouncedRecipient(address, Original, Action, Status, Diagnostic));
            }
        }
    }
}
