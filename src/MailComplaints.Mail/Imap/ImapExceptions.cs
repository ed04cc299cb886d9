using MailComplaints.Mail.Net;

namespace MailComplaints.Mail.Imap;

/// <summary>A response code in brackets after OK, NO, BAD, PREAUTH or BYE (RFC 9051 §7.1), e.g. [TRYCREATE] or [UIDVALIDITY 3857529045].</summary>
/// <param name="Name">The code, upper case, e.g. "TRYCREATE".</param>
/// <param name="Arguments">The raw text after the code name, empty when none.</param>
public sealed record ImapResponseCode(string Name, string Arguments)
{
    /// <inheritdoc />
    public override string ToString() => Arguments.Length == 0 ? $"[{Name}]" : $"[{Name} {Arguments}]";
}

/// <summary>The server answered a command with NO or BAD (RFC 9051 §7.1.2, §7.1.3).</summary>
public class ImapCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImapCommandException(string command, string status, ImapResponseCode? responseCode, string text)
        : base($"The IMAP server answered {command} with {status}{(responseCode is null ? "" : " " + responseCode)}: {text}")
    {
        Command = command;
        Status = status;
        ResponseCode = responseCode;
        Text = text;
    }

    /// <summary>The command verb, e.g. "UID MOVE".</summary>
    public string Command { get; }

    /// <summary>"NO" (refused) or "BAD" (not understood).</summary>
    public string Status { get; }

    /// <summary>The response code, e.g. TRYCREATE when the target folder does not exist (RFC 9051 §7.1), or null.</summary>
    public ImapResponseCode? ResponseCode { get; }

    /// <summary>The server's human-readable text.</summary>
    public string Text { get; }
}

/// <summary>
/// The server rejected the credentials or the mechanism (RFC 9051 §6.2.2, §6.2.3; RFC 5530 AUTHENTICATIONFAILED).
/// Retrying with the same credentials will not help; do not retry in a loop.
/// </summary>
public sealed class ImapAuthenticationException : ImapCommandException
{
    /// <summary>Creates the exception.</summary>
    public ImapAuthenticationException(string command, string status, ImapResponseCode? responseCode, string text)
        : base(command, status, responseCode, text)
    {
    }
}

/// <summary>The IMAP connection dropped, a read timed out, or the server said BYE (RFC 9051 §7.1.5). Reconnect to continue.</summary>
public sealed class ImapConnectionLostException : MailConnectionLostException
{
    /// <summary>Creates the exception.</summary>
    public ImapConnectionLostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The folder's UIDVALIDITY is not the one the caller remembered (RFC 9051 §2.3.1.1): every UID the caller stored for
/// it is void, and the folder must be processed again from scratch.
/// </summary>
public sealed class ImapUidValidityChangedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImapUidValidityChangedException(string folder, uint expected, uint actual)
        : base($"UIDVALIDITY of {folder} changed from {expected} to {actual}: the stored UIDs no longer name the same messages; resynchronise the folder.")
    {
        Folder = folder;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>The UIDVALIDITY the caller remembered.</summary>
    public uint Expected { get; }

    /// <summary>The UIDVALIDITY the server reports now.</summary>
    public uint Actual { get; }
}
