namespace MailComplaints.Mail.Mime;

/// <summary>A Content-Type header (RFC 2045 section 5.1): media type, subtype and parameters.</summary>
/// <param name="MediaType">The top-level type, lower-cased ("text", "multipart").</param>
/// <param name="MediaSubtype">The subtype, lower-cased ("plain", "mixed").</param>
/// <param name="Parameters">The decoded parameters.</param>
public sealed record ContentType(string MediaType, string MediaSubtype, ContentParameterList Parameters)
{
    /// <summary>The default when the header is absent or unreadable (RFC 2045 section 5.2).</summary>
    public static ContentType TextPlain { get; } = new("text", "plain", ContentParameterList.Empty);

    /// <summary>The default type of a part of a multipart/digest (RFC 2046 section 5.1.5).</summary>
    public static ContentType MessageRfc822 { get; } = new("message", "rfc822", ContentParameterList.Empty);

    /// <summary>"type/subtype".</summary>
    public string MimeType => MediaType + "/" + MediaSubtype;

    /// <summary>The charset parameter (RFC 2046 section 4.1.2), or null.</summary>
    public string? Charset => Parameters["charset"];

    /// <summary>The boundary parameter of a multipart (RFC 2046 section 5.1.1), or null.</summary>
    public string? Boundary => Parameters["boundary"];

    /// <summary>The name parameter some clients use for the file name, or null.</summary>
    public string? Name => Parameters["name"];

    /// <summary>Whether this is <paramref name="type"/>/<paramref name="subtype"/> (case-insensitive; "*" matches any subtype).</summary>
    public bool Is(string type, string subtype = "*") =>
        string.Equals(MediaType, type, StringComparison.OrdinalIgnoreCase)
        && (subtype == "*" || string.Equals(MediaSubtype, subtype, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a header value; returns null when no type/subtype can be read.</summary>
    public static ContentType? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var text = value.AsSpan().Trim();
        while (text.StartsWith("("))
        {
            text = text[ContentParameterList.SkipComment(text, 0)..].TrimStart();
        }
        var semicolon = text.IndexOf(';');
        var typeText = (semicolon >= 0 ? text[..semicolon] : text).Trim();
        var parameters = semicolon >= 0 ? ContentParameterList.Parse(text[(semicolon + 1)..]) : ContentParameterList.Empty;
        var paren = typeText.IndexOf('(');
        if (paren >= 0)
        {
            typeText = typeText[..paren].Trim();
        }
        var slash = typeText.IndexOf('/');
        if (slash < 0)
        {
            // RFC 2045 section 5.2 says use text/plain; a bare "text" or "multipart" keeps its type (missing subtype).
            var bare = typeText.Trim().ToString().ToLowerInvariant();
            return bare switch
            {
                "text" => new ContentType("text", "plain", parameters),
                "multipart" => new ContentType("multipart", "mixed", parameters),
                _ => null,
            };
        }
        var type = typeText[..slash].Trim().ToString().ToLowerInvariant();
        var subtype = typeText[(slash + 1)..].Trim().ToString().ToLowerInvariant();
        var space = subtype.IndexOfAny([' ', '\t']);
        if (space > 0)
        {
            subtype = subtype[..space];
        }
        if (type.Length == 0)
        {
            return null;
        }
        if (subtype.Length == 0)
        {
            subtype = type switch { "text" => "plain", "multipart" => "mixed", _ => "octet-stream" };
        }
        return new ContentType(type, subtype, parameters);
    }

    /// <inheritdoc/>
    public override string ToString() => MimeType;
}

/// <summary>A Content-Disposition header (RFC 2183): inline or attachment, with the file name.</summary>
/// <param name="Disposition">"inline", "attachment" or another token, lower-cased.</param>
/// <param name="Parameters">The decoded parameters.</param>
public sealed record ContentDisposition(string Disposition, ContentParameterList Parameters)
{
    /// <summary>Whether the sender marked the part as an attachment (RFC 2183 section 2.2).</summary>
    public bool IsAttachment => string.Equals(Disposition, "attachment", StringComparison.OrdinalIgnoreCase);

    /// <summary>The filename parameter (RFC 2183 section 2.3), decoded, or null.</summary>
    public string? FileName => Parameters["filename"];

    /// <summary>Parses a header value; returns null when it is empty.</summary>
    public static ContentDisposition? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var text = value.AsSpan().Trim();
        var semicolon = text.IndexOf(';');
        var token = (semicolon >= 0 ? text[..semicolon] : text).Trim().ToString().ToLowerInvariant();
        if (token.Contains('='))
        {
            // "Content-Disposition: filename=x" with the disposition left out.
            return new ContentDisposition("attachment", ContentParameterList.Parse(text));
        }
        var parameters = semicolon >= 0 ? ContentParameterList.Parse(text[(semicolon + 1)..]) : ContentParameterList.Empty;
        return new ContentDisposition(token, parameters);
    }
}
