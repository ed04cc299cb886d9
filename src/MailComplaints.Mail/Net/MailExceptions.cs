namespace MailComplaints.Mail.Net;

/// <summary>The server could not be reached at all: DNS failure, refused or timed-out TCP connect, failed TLS handshake.</summary>
public sealed class MailServerUnreachableException : Exception
{
    /// <summary>Creates the exception for <paramref name="host"/>:<paramref name="port"/>.</summary>
    public MailServerUnreachableException(string host, int port, string reason, Exception? innerException)
        : base($"Cannot reach mail server {host}:{port}: {reason}. Check the host name, port and firewall, and that the server is running.", innerException)
    {
        Host = host;
        Port = port;
    }

    /// <summary>The host that was dialled.</summary>
    public string Host { get; }

    /// <summary>The port that was dialled.</summary>
    public int Port { get; }
}

/// <summary>
/// An established connection went away: the peer closed it, the network dropped it, a read timed out, or the server
/// said BYE (RFC 3501 §7.1.5) / 421 (RFC 5321 §3.8). The client is unusable afterwards; reconnect, e.g. with a
/// <see cref="ReconnectPolicy"/>.
/// </summary>
public class MailConnectionLostException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MailConnectionLostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The server sent something that does not follow the protocol and cannot be tolerated.</summary>
public sealed class MailProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MailProtocolException(string message)
        : base(message)
    {
    }
}
