using System.Text;

namespace MailComplaints.Threads;

/// <summary>
/// Reads Authentication-Results header values (RFC 8601 section 2.2). Tolerant: comments, quoted strings, a version
/// after the authserv-id, method versions (<c>dkim/1</c>) and a missing authserv-id (Microsoft 365 writes none) are
/// understood; pieces that do not parse are skipped, and nothing throws.
/// </summary>
public static class AuthenticationResults
{
    /// <summary>The results in <paramref name="headerValue"/>, in order; empty for <c>none</c> or garbage.</summary>
    public static IReadOnlyList<AuthenticationResult> Parse(string? headerValue)
    {
        if (string.IsNullOrWhiteSpace(headerValue))
        {
            return [];
        }
        var statements = Statements(headerValue);
        var results = new List<AuthenticationResult>();
        var authServId = "";
        for (var i = 0; i < statements.Count; i++)
        {
            var tokens = statements[i];
            if (i == 0 && !(tokens.Count > 1 && tokens[1].IsEquals))
            {
                // authserv-id [version]; a first word followed by "=" is already a result (no authserv-id at all).
                authServId = tokens.Count > 0 && !tokens[0].IsEquals ? tokens[0].Text : "";
                continue;
            }
            if (Result(authServId, tokens) is { } result)
            {
                results.Add(result);
            }
        }
        return results;
    }

    // method[/version]=result [reason=value] [ptype.property=value ...]
    private static AuthenticationResult? Result(string authServId, List<Token> tokens)
    {
        var pairs = new List<(string Name, string Value)>();
        var index = 0;
        while (index < tokens.Count)
        {
            if (index + 2 < tokens.Count && !tokens[index].IsEquals && tokens[index + 1].IsEquals && !tokens[index + 2].IsEquals)
            {
                pairs.Add((tokens[index].Text, tokens[index + 2].Text));
                index += 3;
            }
            else
            {
                index++;
            }
        }
        if (pairs.Count == 0 || pairs[0].Value.Length == 0)
        {
            return null;
        }
        var method = pairs[0].Name.Split('/')[0].Trim().ToLowerInvariant();
        if (method.Length == 0)
        {
            return null;
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs.Skip(1))
        {
            properties.TryAdd(name.ToLowerInvariant(), value);
        }
        return new AuthenticationResult(authServId, method, pairs[0].Value.ToLowerInvariant(), properties);
    }

    // The value split into statements at ";" and each into words, "=" signs and quoted strings; comments dropped.
    private static List<List<Token>> Statements(string value)
    {
        var statements = new List<List<Token>> { new() };
        var word = new StringBuilder();
        void EndWord()
        {
            if (word.Length > 0)
            {
                statements[^1].Add(new Token(word.ToString(), false));
                word.Clear();
            }
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '(':
                    EndWord();
                    i = SkipComment(value, i);
                    break;
                case '"':
                    EndWord();
                    i = ReadQuoted(value, i, word);
                    statements[^1].Add(new Token(word.ToString(), false));
                    word.Clear();
                    break;
                case ';':
                    EndWord();
                    statements.Add([]);
                    break;
                case '=':
                    EndWord();
                    statements[^1].Add(new Token("=", true));
                    break;
                default:
                    if (char.IsWhiteSpace(c))
                    {
                        EndWord();
                    }
                    else
                    {
                        word.Append(c);
                    }
                    break;
            }
        }
        EndWord();
        return statements;
    }

    // Comments nest and may contain quoted pairs (RFC 5322 section 3.2.2); an unclosed one runs to the end.
    private static int SkipComment(string value, int open)
    {
        var depth = 0;
        for (var i = open; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '\\':
                    i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')' when --depth == 0:
                    return i;
            }
        }
        return value.Length;
    }

    private static int ReadQuoted(string value, int open, StringBuilder into)
    {
        for (var i = open + 1; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '\\' when i + 1 < value.Length:
                    into.Append(value[++i]);
                    break;
                case '"':
                    return i;
                default:
                    into.Append(value[i]);
                    break;
            }
        }
        return value.Length;
    }

    private sealed record Token(string Text, bool IsEquals);
}
