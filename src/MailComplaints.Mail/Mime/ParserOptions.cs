namespace MailComplaints.Mail.Mime;

/// <summary>
/// Limits that keep hostile input cheap. Input beyond a limit is not an error: the parser stops
/// interpreting it, keeps it as content where it can, and records a <see cref="MimeDefect"/>.
/// </summary>
public sealed record ParserOptions
{
    /// <summary>The limits used when none are given.</summary>
    public static ParserOptions Default { get; } = new();

    /// <summary>How deep multiparts and enclosed messages (RFC 2046 sections 5.1 and 5.2) may nest, at most 512; deeper ones are kept as plain parts.</summary>
    public int MaxNestingDepth { get; init; } = 64;

    /// <summary>How many header fields (RFC 5322 section 2.2) one header block may hold; later ones are dropped.</summary>
    public int MaxHeaderCount { get; init; } = 1000;

    /// <summary>How long, in bytes, one header field may be with its folding; the rest is cut off.</summary>
    public int MaxHeaderLength { get; init; } = 256 * 1024;

    /// <summary>
    /// The longest line examined as a line, in bytes (RFC 5322 section 2.1.1 allows 998); a longer line is
    /// read in pieces of this size, which can never be taken for a header or a boundary.
    /// </summary>
    public int MaxLineLength { get; init; } = 64 * 1024;
}
