using System.Collections;
using System.Globalization;
using System.Text;
using MailComplaints.Mail.Mime.Text;

namespace MailComplaints.Mail.Mime;

/// <summary>One parameter of a Content-Type or Content-Disposition, its value fully decoded.</summary>
/// <param name="Name">The parameter name, lower-cased, without RFC 2231 markers.</param>
/// <param name="Value">The decoded value.</param>
public sealed record ContentParameter(string Name, string Value);

/// <summary>
/// The parameters of a structured MIME header (RFC 2045 section 5.1), with RFC 2231 continuations,
/// charsets and languages merged and decoded, and RFC 2047 encoded words in quoted values decoded
/// (not allowed by the RFCs, sent by common clients anyway).
/// </summary>
public sealed class ContentParameterList : IReadOnlyList<ContentParameter>
{
    private readonly ContentParameter[] parameters;

    private ContentParameterList(ContentParameter[] parameters) => this.parameters = parameters;

    /// <summary>No parameters.</summary>
    public static ContentParameterList Empty { get; } = new([]);

    /// <inheritdoc/>
    public int Count => parameters.Length;

    /// <inheritdoc/>
    public ContentParameter this[int index] => parameters[index];

    /// <summary>The value of the named parameter (case-insensitive), or null.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var parameter in parameters)
            {
                if (string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return parameter.Value;
                }
            }
            return null;
        }
    }

    /// <inheritdoc/>
    public IEnumerator<ContentParameter> GetEnumerator() => ((IEnumerable<ContentParameter>)parameters).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Parses the text after the first ';' of a header value.</summary>
    public static ContentParameterList Parse(ReadOnlySpan<char> text)
    {
        var raw = new List<(string Name, int Section, bool Extended, string Value)>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ';' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }
            if (i < text.Length && text[i] == '(')
            {
                i = SkipComment(text, i);
                continue;
            }
            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ';')
            {
                i++;
            }
            var name = text[nameStart..i].Trim();
            if (i >= text.Length || text[i] == ';')
            {
                continue; // a word without '=': ignore it.
            }
            i++; // '='
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
            {
                i++;
            }
            string value;
            if (i < text.Length && text[i] == '"')
            {
                (value, i) = ReadQuoted(text, i);
                while (i < text.Length && text[i] != ';')
                {
                    i++;
                }
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ';')
                {
                    i++;
                }
                value = StripComment(text[valueStart..i].Trim());
            }
            if (name.IsEmpty)
            {
                continue;
            }
            AddRaw(raw, name, value);
        }
        return raw.Count == 0 ? Empty : new ContentParameterList(Merge(raw));
    }

    private static void AddRaw(List<(string, int, bool, string)> raw, ReadOnlySpan<char> name, string value)
    {
        var extended = name.EndsWith("*");
        if (extended)
        {
            name = name[..^1];
        }
        var section = -1;
        var star = name.IndexOf('*');
        if (star > 0 && int.TryParse(name[(star + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < 1000)
        {
            section = number;
            name = name[..star];
        }
        raw.Add((name.ToString().ToLowerInvariant(), section, extended, value));
    }

    private static ContentParameter[] Merge(List<(string Name, int Section, bool Extended, string Value)> raw)
    {
        var result = new List<ContentParameter>(raw.Count);
        foreach (var group in raw.GroupBy(entry => entry.Name, StringComparer.Ordinal))
        {
            var entries = group.ToList();
            // RFC 2231 section 3: an extended or continued value wins over a plain one of the same name.
            var continued = entries.Where(entry => entry.Section >= 0 || entry.Extended).OrderBy(entry => Math.Max(entry.Section, 0)).ToList();
            if (continued.Count == 0)
            {
                result.Add(new ContentParameter(group.Key, DecodeWords(entries[0].Value)));
                continue;
            }
            result.Add(new ContentParameter(group.Key, DecodeContinuations(continued)));
        }
        return [.. result];
    }

    private static string DecodeContinuations(List<(string Name, int Section, bool Extended, string Value)> sections)
    {
        string? charset = null;
        var bytes = new List<byte>();
        var first = true;
        foreach (var section in sections)
        {
            var value = section.Value;
            if (section.Extended)
            {
                if (first)
                {
                    // RFC 2231 section 4: charset'language'percent-encoded
                    var quote1 = value.IndexOf('\'', StringComparison.Ordinal);
                    var quote2 = quote1 >= 0 ? value.IndexOf('\'', quote1 + 1) : -1;
                    if (quote2 > quote1)
                    {
                        charset = value[..quote1];
                        value = value[(quote2 + 1)..];
                    }
                }
                PercentDecode(value, bytes);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value));
            }
            first = false;
        }
        return DecodeWords(Charsets.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes), charset));
    }

    private static void PercentDecode(string value, List<byte> bytes)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add((byte)((Uri.FromHex(value[i + 1]) << 4) | Uri.FromHex(value[i + 2])));
                i += 2;
            }
            else if (value[i] < 128)
            {
                bytes.Add((byte)value[i]);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }
    }

    private static string DecodeWords(string value) =>
        value.Contains("=?", StringComparison.Ordinal) ? EncodedWords.Decode(value) : value;

    internal static (string Value, int Next) ReadQuoted(ReadOnlySpan<char> text, int start)
    {
        var builder = new StringBuilder();
        var i = start + 1;
        while (i < text.Length && text[i] != '"')
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }
            builder.Append(text[i]);
            i++;
        }
        return (builder.ToString(), Math.Min(i + 1, text.Length));
    }

    internal static int SkipComment(ReadOnlySpan<char> text, int start)
    {
        var depth = 0;
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                return i + 1;
            }
            i++;
        }
        return text.Length;
    }

    private static string StripComment(ReadOnlySpan<char> value)
    {
        var paren = value.IndexOf('(');
        return (paren > 0 ? value[..paren].TrimEnd() : value).ToString();
    }
}
