using System.Buffers.Text;
using System.Text;
using MailComplaints.Mail.Net;

namespace MailComplaints.Mail.Imap;

/// <summary>The kinds of token in an IMAP response (RFC 9051 §4, §9).</summary>
internal enum ImapTokenKind
{
    Atom,
    Quoted,
    Literal,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    EndOfLine,
}

/// <summary>A token: where it lies in the current line, or the length of the literal that follows the line.</summary>
internal readonly record struct ImapToken(ImapTokenKind Kind, int Start, int Length, long LiteralLength = 0);

/// <summary>
/// Reads IMAP responses from the connection's buffer without copying: one line at a time is tokenised in place; a
/// literal ("{n}" at the end of a line) is read by the caller, as bytes or as a stream, after which the response
/// continues on the next line (RFC 9051 §4.3). Tolerates the quoted-string bugs seen in practice (see
/// <see cref="QuotedEnd"/>).
/// </summary>
internal sealed class ImapResponseReader(MailConnection connection)
{
    private int _lineLength;
    private int _position;

    public MailConnection Connection => connection;

    private ReadOnlySpan<byte> Line => connection.Buffered[.._lineLength];

    /// <summary>Buffers the next line (up to and including LF) and starts tokenising it.</summary>
    public async ValueTask StartLineAsync(CancellationToken cancellationToken)
    {
        _lineLength = await connection.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        _position = 0;
    }

    /// <summary>Finishes the current line: its bytes are released.</summary>
    public void EndLine()
    {
        connection.Consume(_lineLength);
        _lineLength = 0;
        _position = 0;
    }

    public ImapToken Peek()
    {
        var saved = _position;
        var token = Next();
        _position = saved;
        return token;
    }

    public ImapToken Next()
    {
        var line = Line;
        while (_position < line.Length && line[_position] == (byte)' ')
        {
            _position++;
        }
        if (_position >= line.Length || line[_position] is (byte)'\r' or (byte)'\n')
        {
            return new ImapToken(ImapTokenKind.EndOfLine, _position, 0);
        }
        var start = _position;
        switch (line[_position])
        {
            case (byte)'(':
                _position++;
                return new ImapToken(ImapTokenKind.OpenParen, start, 1);
            case (byte)')':
                _position++;
                return new ImapToken(ImapTokenKind.CloseParen, start, 1);
            case (byte)'[':
                _position++;
                return new ImapToken(ImapTokenKind.OpenBracket, start, 1);
            case (byte)']':
                _position++;
                return new ImapToken(ImapTokenKind.CloseBracket, start, 1);
            case (byte)'"':
                _position = QuotedEnd(line, start);
                return new ImapToken(ImapTokenKind.Quoted, start + 1, Math.Max(0, _position - start - 2));
            case (byte)'{':
            case (byte)'~' when _position + 1 < line.Length && line[_position + 1] == (byte)'{':
                if (TryLiteral(line, start, out var literalLength))
                {
                    _position = line.Length;
                    return new ImapToken(ImapTokenKind.Literal, start, 0, literalLength);
                }
                break;
        }
        while (_position < line.Length && line[_position] is not ((byte)' ' or (byte)'(' or (byte)')' or (byte)'[' or (byte)']' or (byte)'\r' or (byte)'\n'))
        {
            _position++;
        }
        // "BODY[" and friends: the atom stops at the section's bracket, which comes next as its own token.
        return new ImapToken(ImapTokenKind.Atom, start, _position - start);
    }

    /// <summary>
    /// Where a quoted string starting at <paramref name="start"/> ends (one past the closing quote). Backslash escapes
    /// quote and backslash. Server quirk (Exchange display names, "Joe "Boss" Smith"): unescaped quotes inside the
    /// string. A quote closes the string only when followed by ")", "]", the end of the line, or a space and then
    /// something other than a word that itself ends in a quote.
    /// </summary>
    private static int QuotedEnd(ReadOnlySpan<byte> line, int start)
    {
        for (var i = start + 1; i < line.Length; i++)
        {
            if (line[i] == (byte)'\\' && i + 1 < line.Length && line[i + 1] is not ((byte)'\r' or (byte)'\n'))
            {
                i++;
            }
            else if (line[i] == (byte)'"' && ClosesQuotedString(line[(i + 1)..]))
            {
                return i + 1;
            }
            else if (line[i] is (byte)'\r' or (byte)'\n')
            {
                // Unterminated: take the rest of the line.
                return i + 1;
            }
        }
        return line.Length;
    }

    private static bool ClosesQuotedString(ReadOnlySpan<byte> after)
    {
        if (after.IsEmpty || after[0] is (byte)')' or (byte)']' or (byte)'\r' or (byte)'\n')
        {
            return true;
        }
        if (after[0] != (byte)' ')
        {
            return false;
        }
        var next = after[1..];
        if (next.IsEmpty || next[0] == (byte)'"')
        {
            return true;
        }
        var wordEnd = next.IndexOfAny(" ()\r\n"u8);
        var word = wordEnd < 0 ? next : next[..wordEnd];
        return word.IndexOf((byte)'"') < 0;
    }

    private static bool TryLiteral(ReadOnlySpan<byte> line, int start, out long length)
    {
        var rest = line[start..].TrimEnd("\r\n"u8);
        if (rest[0] == (byte)'~')
        {
            rest = rest[1..];
        }
        // Only a literal when "{n}" or "{n+}" ends the line.
        if (rest.Length >= 3 && rest[^1] == (byte)'}')
        {
            var digits = rest[1..^1];
            if (digits.Length > 0 && digits[^1] == (byte)'+')
            {
                digits = digits[..^1];
            }
            if (Utf8Parser.TryParse(digits, out length, out var consumed) && consumed == digits.Length && length >= 0)
            {
                return true;
            }
        }
        length = 0;
        return false;
    }

    public string Text(in ImapToken token)
    {
        var raw = Line.Slice(token.Start, token.Length);
        if (token.Kind != ImapTokenKind.Quoted || raw.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }
        var unescaped = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            // Only \" and \\ are escapes; a backslash before anything else is kept (servers send "C:\Temp").
            if (raw[i] == (byte)'\\' && i + 1 < raw.Length && raw[i + 1] is (byte)'"' or (byte)'\\')
            {
                i++;
            }
            unescaped[length++] = raw[i];
        }
        return Encoding.UTF8.GetString(unescaped, 0, length);
    }

    public bool Is(in ImapToken token, string atom) =>
        token.Kind == ImapTokenKind.Atom && Ascii.EqualsIgnoreCase(Line.Slice(token.Start, token.Length), atom);

    public bool IsNil(in ImapToken token) => Is(token, "NIL");

    public bool TryNumber(in ImapToken token, out ulong value)
    {
        value = 0;
        return token.Kind is ImapTokenKind.Atom or ImapTokenKind.Quoted && token.Length > 0
            && Utf8Parser.TryParse(Line.Slice(token.Start, token.Length), out value, out var consumed) && consumed == token.Length;
    }

    public uint Number32(in ImapToken token, string what) =>
        TryNumber(token, out var value) && value <= uint.MaxValue ? (uint)value : throw Unexpected($"a number ({what})", token);

    /// <summary>The rest of the line as text (human-readable text after a status), without the line break.</summary>
    public string RestOfLine()
    {
        var rest = Line[Math.Min(_position, _lineLength)..].TrimEnd("\r\n"u8).TrimStart((byte)' ');
        _position = _lineLength;
        return Encoding.UTF8.GetString(rest);
    }

    /// <summary>The raw text up to (not including) the next "]" on this line, which is consumed too.</summary>
    public string UpToCloseBracket()
    {
        var rest = Line[_position..];
        var end = rest.IndexOf((byte)']');
        if (end < 0)
        {
            end = rest.TrimEnd("\r\n"u8).Length;
            _position += end;
        }
        else
        {
            _position += end + 1;
        }
        return Encoding.UTF8.GetString(rest[..end]).Trim();
    }

    /// <summary>Reads the literal announced by <paramref name="token"/> into memory and moves on to the line after it.</summary>
    public async ValueTask<byte[]> ReadLiteralAsync(ImapToken token, CancellationToken cancellationToken)
    {
        if (token.LiteralLength > 16 * 1024 * 1024)
        {
            throw new MailProtocolException($"A {token.LiteralLength}-byte literal where a short value was expected.");
        }
        EndLine();
        var bytes = new byte[token.LiteralLength];
        for (var read = 0; read < bytes.Length;)
        {
            read += await connection.ReadAsync(bytes.AsMemory(read), cancellationToken).ConfigureAwait(false);
        }
        await StartLineAsync(cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>A string value: atom, quoted string, literal, or NIL (null).</summary>
    public async ValueTask<string?> ReadNStringAsync(CancellationToken cancellationToken)
    {
        var token = Next();
        return token.Kind switch
        {
            ImapTokenKind.Literal => Encoding.UTF8.GetString(await ReadLiteralAsync(token, cancellationToken).ConfigureAwait(false)),
            ImapTokenKind.Quoted => Text(token),
            ImapTokenKind.Atom when IsNil(token) => null,
            ImapTokenKind.Atom => Text(token),
            _ => throw Unexpected("a string", token),
        };
    }

    /// <summary>
    /// Reads any value (RFC 9051 §4: atom, number, string, literal, NIL, parenthesised list, bracketed section) and
    /// returns it as string, byte[] (literal), null (NIL) or List&lt;object?&gt;.
    /// </summary>
    public async ValueTask<object?> ReadValueAsync(ImapToken token, CancellationToken cancellationToken)
    {
        switch (token.Kind)
        {
            case ImapTokenKind.Atom:
                return IsNil(token) ? null : Text(token);
            case ImapTokenKind.Quoted:
                return Text(token);
            case ImapTokenKind.Literal:
                return await ReadLiteralAsync(token, cancellationToken).ConfigureAwait(false);
            case ImapTokenKind.OpenParen:
            case ImapTokenKind.OpenBracket:
                var close = token.Kind == ImapTokenKind.OpenParen ? ImapTokenKind.CloseParen : ImapTokenKind.CloseBracket;
                var items = new List<object?>();
                while (true)
                {
                    var next = Next();
                    if (next.Kind == close)
                    {
                        return items;
                    }
                    if (next.Kind == ImapTokenKind.EndOfLine)
                    {
                        throw Unexpected($"\"{(close == ImapTokenKind.CloseParen ? ')' : ']')}\"", next);
                    }
                    items.Add(await ReadValueAsync(next, cancellationToken).ConfigureAwait(false));
                }
            default:
                throw Unexpected("a value", token);
        }
    }

    /// <summary>Reads the rest of the response, whatever it holds, and ends the line.</summary>
    public async ValueTask SkipRestAsync(CancellationToken cancellationToken)
    {
        for (var token = Next(); token.Kind != ImapTokenKind.EndOfLine; token = Next())
        {
            if (token.Kind == ImapTokenKind.Literal)
            {
                await ReadLiteralAsync(token, cancellationToken).ConfigureAwait(false);
            }
        }
        EndLine();
    }

    public MailProtocolException Unexpected(string expected, in ImapToken token)
    {
        var line = Encoding.UTF8.GetString(Line.TrimEnd("\r\n"u8));
        var found = token.Kind == ImapTokenKind.EndOfLine ? "the end of the line" : $"\"{Encoding.UTF8.GetString(Line.Slice(token.Start, token.Length))}\" ({token.Kind})";
        return new MailProtocolException($"Expected {expected} in the IMAP response \"{(line.Length > 200 ? line[..200] + "…" : line)}\", found {found}.");
    }
}
