namespace MailComplaints.Mail.Imap;

/// <summary>What UID FETCH asks for besides the UID (RFC 9051 §6.4.5).</summary>
[Flags]
public enum FetchItems
{
    /// <summary>Only the UID.</summary>
    None = 0,

    /// <summary>FLAGS.</summary>
    Flags = 1,

    /// <summary>INTERNALDATE: when the server received the message.</summary>
    InternalDate = 2,

    /// <summary>RFC822.SIZE: the message size in bytes.</summary>
    Size = 4,

    /// <summary>BODY.PEEK[]: the whole message, without setting \Seen; handed over as a stream.</summary>
    Body = 8,

    /// <summary>Everything above.</summary>
    All = Flags | InternalDate | Size | Body,
}

/// <summary>One message's attributes from a FETCH response (RFC 9051 §7.5.2); the body comes separately as a stream.</summary>
/// <param name="SequenceNumber">The message sequence number at the time of the response.</param>
/// <param name="Uid">The UID.</param>
/// <param name="Flags">The flags, e.g. "\Seen", when requested.</param>
/// <param name="InternalDate">INTERNALDATE, when requested.</param>
/// <param name="Size">RFC822.SIZE, when requested.</param>
public sealed record ImapFetchedMessage(uint SequenceNumber, uint Uid, IReadOnlyList<string>? Flags, DateTimeOffset? InternalDate, long? Size);

/// <summary>The state of the selected folder (RFC 9051 §6.3.2, §7.3.1): changes with EXISTS and EXPUNGE during the session.</summary>
/// <param name="Name">The folder name.</param>
/// <param name="UidValidity">UIDVALIDITY: UIDs are only meaningful together with it.</param>
/// <param name="UidNext">The UID the next message will get at least (0 when the server did not say).</param>
/// <param name="Exists">How many messages the folder holds.</param>
/// <param name="ReadOnly">True after EXAMINE or when the server granted read-only access.</param>
public sealed record ImapMailbox(string Name, uint UidValidity, uint UidNext, uint Exists, bool ReadOnly);

/// <summary>One LIST response (RFC 9051 §7.3.1).</summary>
/// <param name="Name">The folder name, decoded.</param>
/// <param name="Delimiter">The hierarchy delimiter, or null for a flat namespace.</param>
/// <param name="Attributes">Attributes such as \HasChildren, \Noselect, \Sent.</param>
public sealed record ImapFolder(string Name, char? Delimiter, IReadOnlyList<string> Attributes);

/// <summary>Which UIDs the messages got in the target folder after COPY or MOVE (RFC 4315 §3 COPYUID).</summary>
/// <param name="DestinationUidValidity">UIDVALIDITY of the target folder.</param>
/// <param name="SourceUids">UIDs in the source folder.</param>
/// <param name="DestinationUids">The matching UIDs in the target folder, same order.</param>
public sealed record ImapCopyResult(uint DestinationUidValidity, IReadOnlyList<uint> SourceUids, IReadOnlyList<uint> DestinationUids)
{
    /// <summary>The target UID of each source UID (a new dictionary at each call: ask once per result).</summary>
    public IReadOnlyDictionary<uint, uint> Map() => SourceUids.Zip(DestinationUids).ToDictionary(p => p.First, p => p.Second);
}

/// <summary>How UID STORE changes flags (RFC 9051 §6.4.6).</summary>
public enum ImapStoreAction
{
    /// <summary>+FLAGS: add the flags.</summary>
    Add,

    /// <summary>-FLAGS: remove the flags.</summary>
    Remove,

    /// <summary>FLAGS: replace all flags.</summary>
    Replace,
}
