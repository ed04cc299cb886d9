namespace MailComplaints.Mail.Mime;

/// <summary>What kind of departure from the RFCs the parser tolerated.</summary>
public enum MimeDefectKind
{
    /// <summary>A header line without a name and colon (RFC 5322 section 2.2) where a header was expected.</summary>
    MalformedHeader,

    /// <summary>The body began without the empty line that ends the header (RFC 5322 section 2.1).</summary>
    MissingHeaderSeparator,

    /// <summary>A multipart without a boundary parameter (RFC 2046 section 5.1.1).</summary>
    MissingBoundary,

    /// <summary>A multipart ended by its parent's boundary or the end of input instead of its own close delimiter.</summary>
    MissingEndBoundary,

    /// <summary>A multipart whose first boundary never appeared; its body is read as one text/plain part.</summary>
    NoPartsFound,

    /// <summary>Multiparts or enclosed messages nested deeper than <see cref="ParserOptions.MaxNestingDepth"/>.</summary>
    NestingTooDeep,

    /// <summary>More header fields than <see cref="ParserOptions.MaxHeaderCount"/>.</summary>
    TooManyHeaders,

    /// <summary>A header field longer than <see cref="ParserOptions.MaxHeaderLength"/>.</summary>
    HeaderTooLong,

    /// <summary>A line longer than <see cref="ParserOptions.MaxLineLength"/> (RFC 5322 section 2.1.1).</summary>
    LineTooLong,

    /// <summary>A Content-Type (RFC 2045 section 5.1) that could not be read; text/plain was assumed, application/octet-stream inside a multipart.</summary>
    InvalidContentType,

    /// <summary>An mbox "From " separator line before the header.</summary>
    MboxFromLine,
}

/// <summary>One tolerated problem, where it was found (byte offset in the input) and what it was.</summary>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Offset">The byte offset in the input where it was found.</param>
/// <param name="Detail">A short human-readable description.</param>
public sealed record MimeDefect(MimeDefectKind Kind, long Offset, string Detail)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind} at {Offset}: {Detail}";
}
