using System.Collections;

namespace MailComplaints.Mail.Mime;

/// <summary>A mailbox (RFC 5322 section 3.4): an optional display name, decoded, and the address.</summary>
/// <param name="Name">The display name, RFC 2047 decoded and unquoted, or null.</param>
/// <param name="Address">The addr-spec as written, without angle brackets.</param>
public sealed record MailboxAddress(string? Name, string Address)
{
    /// <summary>The domain after the last '@', or an empty string.</summary>
    public string Domain => Address.LastIndexOf('@') is var at and >= 0 ? Address[(at + 1)..] : string.Empty;

    /// <summary>Parses a single mailbox, e.g. "Ana &lt;ana@example.org&gt;"; null when it holds none.</summary>
    public static MailboxAddress? Parse(string text) => AddressList.Parse(text) is { Count: > 0 } list ? list[0] : null;

    /// <inheritdoc/>
    public override string ToString() => Name is null ? Address : $"{Name} <{Address}>";
}

/// <summary>A named group of mailboxes (RFC 5322 section 3.4), e.g. "undisclosed-recipients:;".</summary>
/// <param name="Name">The group's display name.</param>
/// <param name="Members">The mailboxes in the group.</param>
public sealed record AddressGroup(string Name, IReadOnlyList<MailboxAddress> Members);

/// <summary>
/// The mailboxes of an address header (From, To, Cc, ...) with groups flattened (RFC 5322 section 3.4).
/// <see cref="Groups"/> tells which groups there were; <see cref="Unparsed"/> keeps the pieces that held no
/// usable address, as text.
/// </summary>
public sealed class AddressList : IReadOnlyList<MailboxAddress>
{
    private readonly MailboxAddress[] mailboxes;

    internal AddressList(MailboxAddress[] mailboxes, AddressGroup[] groups, string[] unparsed)
    {
        this.mailboxes = mailboxes;
        Groups = groups;
        Unparsed = unparsed;
    }

    /// <summary>No addresses.</summary>
    public static AddressList Empty { get; } = new([], [], []);

    /// <summary>The groups the header named, with their members.</summary>
    public IReadOnlyList<AddressGroup> Groups { get; }

    /// <summary>Pieces of the header that held no address, e.g. "Undisclosed recipients" without a colon.</summary>
    public IReadOnlyList<string> Unparsed { get; }

    /// <inheritdoc/>
    public int Count => mailboxes.Length;

    /// <inheritdoc/>
    public MailboxAddress this[int index] => mailboxes[index];

    /// <summary>Parses the value of an address header; never throws.</summary>
    public static AddressList Parse(string? text) => string.IsNullOrWhiteSpace(text) ? Empty : AddressParser.Parse(text);

    /// <inheritdoc/>
    public IEnumerator<MailboxAddress> GetEnumerator() => ((IEnumerable<MailboxAddress>)mailboxes).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", mailboxes.Select(mailbox => mailbox.ToString()));
}
