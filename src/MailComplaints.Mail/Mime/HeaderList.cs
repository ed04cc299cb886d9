using System.Collections;

namespace MailComplaints.Mail.Mime;

/// <summary>The header fields of a message or part in the order received, duplicates kept (RFC 5322 section 3.6).</summary>
public sealed class HeaderList : IReadOnlyList<Header>
{
    private readonly Header[] headers;

    /// <summary>A list of the given headers, in order.</summary>
    public HeaderList(IEnumerable<Header> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        this.headers = [.. headers];
    }

    /// <summary>An empty header list.</summary>
    public static HeaderList Empty { get; } = new([]);

    /// <inheritdoc/>
    public int Count => headers.Length;

    /// <inheritdoc/>
    public Header this[int index] => headers[index];

    /// <summary>The first field with this name (case-insensitive), or null.</summary>
    public Header? Get(string name)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return header;
            }
        }
        return null;
    }

    /// <summary>The unfolded value of the first field with this name, or null.</summary>
    public string? GetValue(string name) => Get(name)?.Value;

    /// <summary>Every field with this name (case-insensitive), in order.</summary>
    public IEnumerable<Header> GetAll(string name) =>
        headers.Where(header => string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a field with this name is present.</summary>
    public bool Contains(string name) => Get(name) is not null;

    /// <inheritdoc/>
    public IEnumerator<Header> GetEnumerator() => ((IEnumerable<Header>)headers).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
