namespace MailComplaints.Mail.Mime;

/// <summary>Message identifiers (RFC 5322 section 3.6.4): Message-ID, In-Reply-To and References.</summary>
public static class MessageIds
{
    /// <summary>
    /// Every msg-id in the value, in order, without angle brackets and white space. A value with no angle
    /// brackets at all is taken as one bare id when it is a single word (common in broken mail).
    /// </summary>
    public static IReadOnlyList<string> ParseList(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }
        var ids = new List<string>();
        var i = 0;
        while (i < value.Length)
        {
            var open = value.IndexOf('<', i);
            if (open < 0)
            {
                break;
            }
            var close = value.IndexOf('>', open + 1);
            if (close < 0)
            {
                close = value.Length;
            }
            var id = RemoveWhiteSpace(value.AsSpan(open + 1, close - open - 1));
            if (id.Length > 0)
            {
                ids.Add(id);
            }
            i = close + 1;
        }
        if (ids.Count == 0)
        {
            foreach (var word in value.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                if (word.Contains('@', StringComparison.Ordinal) || !value.Contains(' ', StringComparison.Ordinal))
                {
                    ids.Add(word);
                }
            }
        }
        return ids;
    }

    /// <summary>The first id in the value, or null.</summary>
    public static string? ParseOne(string? value) => ParseList(value) is { Count: > 0 } ids ? ids[0] : null;

    private static string RemoveWhiteSpace(ReadOnlySpan<char> text)
    {
        var trimmed = text.Trim();
        if (trimmed.IndexOfAny(' ', '\t') < 0)
        {
            return trimmed.ToString();
        }
        return string.Concat(trimmed.ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }
}
