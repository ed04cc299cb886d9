using System.Globalization;
using System.Text;
using MailComplaints.Mail.Net;

namespace MailComplaints.Mail.Smtp;

/// <summary>
/// An SMTP submission client (RFC 5321, RFC 6409): implicit TLS or STARTTLS (RFC 3207), EHLO with HELO fallback,
/// AUTH PLAIN / LOGIN / XOAUTH2 (RFC 4954), SIZE (RFC 1870), 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531) and
/// PIPELINING (RFC 2920). One instance is one connection; send as many messages as you like on it, one at a time.
/// </summary>
public sealed class SmtpClient : IAsyncDisposable
{
    private const int WriteChunkSize = 32 * 1024;

    private readonly SmtpClientOptions _options;
    private MailConnection? _connection;

    /// <summary>Creates a client; nothing happens on the network until <see cref="ConnectAsync"/>.</summary>
    public SmtpClient(SmtpClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The extensions from the last EHLO; empty before connecting or after a HELO fallback.</summary>
    public SmtpCapabilities Capabilities { get; private set; } = new([]);

    /// <summary>True once AUTH succeeded on this connection.</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>True while the connection is usable.</summary>
    public bool IsConnected => _connection is { IsOpen: true };

    /// <summary>
    /// Connects, reads the greeting, says EHLO (HELO when EHLO is refused), upgrades with STARTTLS when configured,
    /// and authenticates when credentials are configured (RFC 5321 §3.1, §4.1.1.1; RFC 3207 §4).
    /// </summary>
    /// <exception cref="MailServerUnreachableException">No TCP or TLS connection could be made.</exception>
    /// <exception cref="SmtpCommandException">The greeting or EHLO was refused, or STARTTLS is not offered.</exception>
    /// <exception cref="SmtpAuthenticationException">The credentials were rejected.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            throw new InvalidOperationException("Already connected; dispose this client and create a new one to reconnect.");
        }
        _connection = await MailConnection.ConnectAsync(_options, (message, cause) => new SmtpConnectionLostException(message, cause), cancellationToken).ConfigureAwait(false);
        var greeting = await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
        if (greeting.Code != 220)
        {
            throw new SmtpCommandException("connection greeting", greeting);
        }
        await HelloAsync(cancellationToken).ConfigureAwait(false);
        if (_options.Security == TransportSecurity.StartTls)
        {
            if (!Capabilities.StartTls)
            {
                throw new SmtpCommandException("STARTTLS", new SmtpResponse(502, null, [$"{_options.Host} does not offer STARTTLS; use TransportSecurity.Tls or another port."]));
            }
            var ready = await CommandAsync("STARTTLS", cancellationToken).ConfigureAwait(false);
            if (ready.Code != 220)
            {
                throw new SmtpCommandException("STARTTLS", ready);
            }
            await _connection.StartTlsAsync(cancellationToken).ConfigureAwait(false);
            // RFC 3207 §4.2: forget everything learnt before TLS and greet again.
            await HelloAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_options.Username is not null)
        {
            await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HelloAsync(CancellationToken cancellationToken)
    {
        var domain = _options.LocalDomain ?? LocalDomainName();
        var ehlo = await CommandAsync($"EHLO {domain}", cancellationToken).ConfigureAwait(false);
        if (ehlo.Code == 250)
        {
            Capabilities = new SmtpCapabilities(ehlo.Lines);
            return;
        }
        var helo = await CommandAsync($"HELO {domain}", cancellationToken).ConfigureAwait(false);
        if (helo.Code != 250)
        {
            throw new SmtpCommandException("HELO", helo);
        }
        Capabilities = new SmtpCapabilities([]);
    }

    private static string LocalDomainName()
    {
        var name = Environment.MachineName;
        // RFC 5321 §4.1.4: a name the server cannot resolve is fine, but it must be a syntactically valid domain.
        return !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') ? name : "[127.0.0.1]";
    }

    /// <summary>
    /// Authenticates with XOAUTH2 when an access token source is configured, otherwise with PLAIN or LOGIN
    /// (RFC 4954 §4). Done by <see cref="ConnectAsync"/> when credentials are configured.
    /// </summary>
    /// <exception cref="SmtpAuthenticationException">The server rejected the credentials (not worth retrying unchanged).</exception>
    public async Task AuthenticateAsync(CancellationToken cancellationToken)
    {
        RequireConnection();
        if (IsAuthenticated)
        {
            return;
        }
        var username = _options.Username ?? throw new InvalidOperationException("No Username configured: nothing to authenticate with.");
        var mechanisms = Capabilities.AuthMechanisms;
        SmtpResponse response;
        string mechanism;
        if (_options.AccessTokenSource is { } tokens)
        {
            mechanism = "XOAUTH2";
            var token = await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
            response = await CommandAsync($"AUTH XOAUTH2 {Sasl.XOAuth2(username, token)}", cancellationToken).ConfigureAwait(false);
            if (response.Code == 334)
            {
                // The server explains the failure in a base64 JSON challenge; an empty reply ends the exchange.
                response = await CommandAsync("", cancellationToken).ConfigureAwait(false);
            }
        }
        else if (mechanisms.Contains("PLAIN") || !mechanisms.Contains("LOGIN"))
        {
            mechanism = "PLAIN";
            response = await CommandAsync($"AUTH PLAIN {Sasl.Plain(username, _options.Password!)}", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            mechanism = "LOGIN";
            response = await CommandAsync("AUTH LOGIN", cancellationToken).ConfigureAwait(false);
            if (response.Code == 334)
            {
                response = await CommandAsync(Sasl.Base64(username), cancellationToken).ConfigureAwait(false);
            }
            if (response.Code == 334)
            {
                response = await CommandAsync(Sasl.Base64(_options.Password!), cancellationToken).ConfigureAwait(false);
            }
        }
        if (response.Code != 235)
        {
            throw new SmtpAuthenticationException(mechanism, response);
        }
        IsAuthenticated = true;
    }

    /// <summary>
    /// Sends one message to many recipients in one transaction (RFC 5321 §3.3): MAIL FROM, one RCPT TO each, DATA
    /// with dot-stuffing (§4.5.2). The envelope goes in one round trip when PIPELINING is offered. A rejected recipient
    /// does not fail the others; see <see cref="SmtpRecipientResult.IsTransient"/> for each.
    /// </summary>
    /// <param name="envelopeFrom">The reverse path (bounce address); empty for the null sender "&lt;&gt;".</param>
    /// <param name="recipients">The forward paths.</param>
    /// <param name="message">The complete message (headers and body), CRLF line ends.</param>
    /// <param name="cancellationToken">Cancels the send; the connection is unusable afterwards.</param>
    /// <returns>Per-recipient replies and the reply to the message data.</returns>
    /// <exception cref="SmtpCommandException">MAIL FROM or the message data was refused (see IsTransient), or the message is over the server's SIZE.</exception>
    /// <exception cref="SmtpConnectionLostException">The connection dropped.</exception>
    /// <exception cref="NotSupportedException">Non-ASCII addresses, and the server lacks SMTPUTF8.</exception>
    public async Task<SmtpSendResult> SendAsync(string envelopeFrom, IReadOnlyList<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelopeFrom);
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            throw new ArgumentException("At least one recipient is required.", nameof(recipients));
        }
        var connection = RequireConnection();
        if (_options.UsePipelining && Capabilities.Pipelining)
        {
            var result = (await SendManyAsync([new SmtpMessage(envelopeFrom, recipients, message)], cancellationToken).ConfigureAwait(false))[0];
            return result.Failure is { } failure ? throw failure : result;
        }
        var mailResponse = await CommandAsync(MailFromCommand(envelopeFrom, recipients, message.Span), cancellationToken).ConfigureAwait(false);
        if (!mailResponse.IsPositive)
        {
            await ResetAsync(cancellationToken).ConfigureAwait(false);
            throw new SmtpCommandException("MAIL FROM", mailResponse);
        }
        var results = new List<SmtpRecipientResult>(recipients.Count);
        foreach (var recipient in recipients)
        {
            results.Add(new SmtpRecipientResult(recipient, await CommandAsync($"RCPT TO:<{recipient}>", cancellationToken).ConfigureAwait(false)));
        }
        if (!results.Exists(r => r.Accepted))
        {
            await ResetAsync(cancellationToken).ConfigureAwait(false);
            return new SmtpSendResult(results, null);
        }
        var dataResponse = await CommandAsync("DATA", cancellationToken).ConfigureAwait(false);
        return new SmtpSendResult(results, await SendDataAsync(connection, dataResponse, message, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Sends several messages on this connection, one transaction each, and reports each like
    /// <see cref="SendAsync"/> does, except that a refused MAIL FROM or message data is reported in
    /// <see cref="SmtpSendResult.Failure"/> instead of thrown, so one bad message does not stop the rest. With PIPELINING
    /// (RFC 2920 §3.1) the next envelope travels with the previous message's data: one round trip per message.
    /// </summary>
    /// <exception cref="SmtpConnectionLostException">The connection dropped; messages without a result were not sent.</exception>
    /// <exception cref="NotSupportedException">A message has non-ASCII addresses and the server lacks SMTPUTF8; checked before anything is sent.</exception>
    /// <exception cref="SmtpCommandException">A message is larger than the server's SIZE (a local 552 5.3.4); checked before anything is sent.</exception>
    public async Task<IReadOnlyList<SmtpSendResult>> SendManyAsync(IReadOnlyList<SmtpMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var connection = RequireConnection();
        var results = new SmtpSendResult[messages.Count];
        if (messages.Count == 0)
        {
            return results;
        }
        if (messages.Any(m => m.Recipients.Count == 0))
        {
            throw new ArgumentException("Every message needs at least one recipient.", nameof(messages));
        }
        var envelopes = messages.Select(m => MailFromCommand(m.EnvelopeFrom, m.Recipients, m.Content.Span)).ToArray();
        if (!_options.UsePipelining || !Capabilities.Pipelining)
        {
            for (var i = 0; i < messages.Count; i++)
            {
                try
                {
                    results[i] = await SendAsync(messages[i].EnvelopeFrom, messages[i].Recipients, messages[i].Content, cancellationToken).ConfigureAwait(false);
                }
                catch (SmtpCommandException exception) when (exception is not SmtpAuthenticationException)
                {
                    results[i] = new SmtpSendResult([], null, exception);
                }
            }
            return results;
        }
        // Each write carries the previous message's data (or RSET) and the next envelope; the replies come in that order.
        var group = new MemoryStream();
        AppendEnvelope(group, envelopes[0], messages[0].Recipients);
        Envelope? previous = null;
        for (var i = 0; i < messages.Count; i++)
        {
            await connection.WriteAsync(group.GetBuffer().AsMemory(0, (int)group.Length), cancellationToken).ConfigureAwait(false);
            group.SetLength(0);
            if (previous is not null)
            {
                results[i - 1] = await FinishAsync(previous, cancellationToken).ConfigureAwait(false);
            }
            var current = await ReadEnvelopeRepliesAsync(messages[i].Recipients, cancellationToken).ConfigureAwait(false);
            if (current.DataOpen)
            {
                // A server that opened DATA for a failed envelope gets an empty message, which it must drop.
                await SmtpDataEncoder.WriteAsync(current.TransactionOk ? messages[i].Content : ReadOnlyMemory<byte>.Empty, (chunk, _) =>
                {
                    group.Write(chunk.Span);
                    return ValueTask.CompletedTask;
                }, WriteChunkSize, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // A refused DATA may leave the transaction open: RSET before the next MAIL FROM.
                group.Write("RSET\r\n"u8);
            }
            if (i + 1 < messages.Count)
            {
                AppendEnvelope(group, envelopes[i + 1], messages[i + 1].Recipients);
            }
            previous = current;
        }
        await connection.WriteAsync(group.GetBuffer().AsMemory(0, (int)group.Length), cancellationToken).ConfigureAwait(false);
        results[^1] = await FinishAsync(previous!, cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>The replies to one pipelined MAIL FROM, RCPT TO… and DATA.</summary>
    private sealed record Envelope(SmtpResponse Mail, List<SmtpRecipientResult> Recipients, SmtpResponse Data)
    {
        public bool TransactionOk => Mail.IsPositive && Recipients.Exists(r => r.Accepted);

        public bool DataOpen => Data.Code == 354;
    }

    private async Task<Envelope> ReadEnvelopeRepliesAsync(IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var mail = await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<SmtpRecipientResult>(recipients.Count);
        foreach (var recipient in recipients)
        {
            results.Add(new SmtpRecipientResult(recipient, await ReadResponseAsync(cancellationToken).ConfigureAwait(false)));
        }
        return new Envelope(mail, results, await ReadResponseAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads the reply to the message data (or to the RSET sent instead) and builds the message's result.</summary>
    private async Task<SmtpSendResult> FinishAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        var reply = await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
        if (!envelope.DataOpen && !reply.IsPositive)
        {
            throw new SmtpCommandException("RSET", reply);
        }
        SmtpCommandException? failure = null;
        if (!envelope.Mail.IsPositive)
        {
            failure = new SmtpCommandException("MAIL FROM", envelope.Mail);
        }
        else if (envelope.TransactionOk && !envelope.DataOpen)
        {
            failure = new SmtpCommandException("DATA", envelope.Data);
        }
        else if (envelope.TransactionOk && !reply.IsPositive)
        {
            failure = new SmtpCommandException("end of message data", reply);
        }
        return new SmtpSendResult(envelope.Recipients, envelope.TransactionOk && envelope.DataOpen ? reply : null, failure);
    }

    private static void AppendEnvelope(MemoryStream group, string mailFrom, IReadOnlyList<string> recipients)
    {
        var envelope = new StringBuilder(mailFrom).Append("\r\n");
        foreach (var recipient in recipients)
        {
            envelope.Append("RCPT TO:<").Append(recipient).Append(">\r\n");
        }
        envelope.Append("DATA\r\n");
        group.Write(Encoding.UTF8.GetBytes(envelope.ToString()));
    }

    private async Task<SmtpResponse> SendDataAsync(MailConnection connection, SmtpResponse dataResponse, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (dataResponse.Code != 354)
        {
            await ResetAsync(cancellationToken).ConfigureAwait(false);
            throw new SmtpCommandException("DATA", dataResponse);
        }
        await SmtpDataEncoder.WriteAsync(message, connection.WriteAsync, WriteChunkSize, cancellationToken).ConfigureAwait(false);
        var final = await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
        return final.IsPositive ? final : throw new SmtpCommandException("end of message data", final);
    }

    private string MailFromCommand(string envelopeFrom, IReadOnlyList<string> recipients, ReadOnlySpan<byte> message)
    {
        var command = new StringBuilder("MAIL FROM:<").Append(envelopeFrom).Append('>');
        if (Capabilities.MaxSize is { } maxSize)
        {
            if (message.Length > maxSize)
            {
                throw new SmtpCommandException("MAIL FROM", new SmtpResponse(552, "5.3.4", [$"The message has {message.Length} bytes; {_options.Host} accepts at most {maxSize} (RFC 1870 SIZE)."]));
            }
            command.Append(CultureInfo.InvariantCulture, $" SIZE={message.Length}");
        }
        if (Capabilities.EightBitMime && SmtpDataEncoder.HasEightBitData(message))
        {
            command.Append(" BODY=8BITMIME");
        }
        var internationalAddresses = !Ascii.IsValid(envelopeFrom) || recipients.Any(r => !Ascii.IsValid(r));
        if (internationalAddresses || SmtpDataEncoder.HasEightBitHeaders(message))
        {
            if (Capabilities.SmtpUtf8)
            {
                command.Append(" SMTPUTF8");
            }
            else if (internationalAddresses)
            {
                throw new NotSupportedException($"{_options.Host} does not offer SMTPUTF8 (RFC 6531), so it cannot take non-ASCII addresses.");
            }
        }
        return command.ToString();
    }

    /// <summary>RSET (RFC 5321 §4.1.1.5): abandons the current transaction.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        var response = await CommandAsync("RSET", cancellationToken).ConfigureAwait(false);
        if (!response.IsPositive)
        {
            throw new SmtpCommandException("RSET", response);
        }
    }

    /// <summary>NOOP (RFC 5321 §4.1.1.9): checks the connection is alive.</summary>
    public async Task NoopAsync(CancellationToken cancellationToken)
    {
        var response = await CommandAsync("NOOP", cancellationToken).ConfigureAwait(false);
        if (!response.IsPositive)
        {
            throw new SmtpCommandException("NOOP", response);
        }
    }

    /// <summary>Says QUIT (RFC 5321 §4.1.1.10) and closes the connection; safe to call when not connected.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true })
        {
            try
            {
                await CommandAsync("QUIT", cancellationToken).ConfigureAwait(false);
            }
            catch (SmtpConnectionLostException)
            {
                // The server may close before answering QUIT; the goal is reached either way.
            }
        }
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the connection without QUIT.</summary>
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _connection, null)?.DisposeAsync() ?? ValueTask.CompletedTask;

    private MailConnection RequireConnection() => MailConnection.RequireOpen(_connection);

    private async Task<SmtpResponse> CommandAsync(string command, CancellationToken cancellationToken)
    {
        var connection = RequireConnection();
        await connection.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), cancellationToken).ConfigureAwait(false);
        return await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SmtpResponse> ReadResponseAsync(CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("Not connected.");
        var lines = new List<string>(1);
        var code = 0;
        string? enhanced = null;
        while (true)
        {
            var length = await connection.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            var (lineCode, last, text) = ParseLine(connection.Buffered[..length]);
            connection.Consume(length);
            if (code != 0 && lineCode != code)
            {
                throw new MailProtocolException($"SMTP reply lines disagree on the code: {code} then {lineCode}.");
            }
            code = lineCode;
            if (lines.Count == 0 && TrySplitEnhancedCode(text, code, out var enhancedCode, out var rest))
            {
                enhanced = enhancedCode;
                text = rest;
            }
            else if (enhanced is not null && text.StartsWith(enhanced + " ", StringComparison.Ordinal))
            {
                text = text[(enhanced.Length + 1)..];
            }
            lines.Add(text);
            if (last)
            {
                break;
            }
        }
        var response = new SmtpResponse(code, enhanced, lines);
        if (code == 421)
        {
            // RFC 5321 §3.8: the server is shutting the connection down.
            throw connection.Lost($"the server closed the session: {response}", null);
        }
        return response;
    }

    private static (int Code, bool Last, string Text) ParseLine(ReadOnlySpan<byte> line)
    {
        line = line.TrimEnd("\r\n"u8);
        if (line.Length < 3 || !int.TryParse(line[..3], NumberStyles.None, CultureInfo.InvariantCulture, out var code) || (line.Length > 3 && line[3] is not ((byte)' ' or (byte)'-')))
        {
            throw new MailProtocolException($"Expected an SMTP reply line \"ddd text\", found \"{Encoding.UTF8.GetString(line)}\".");
        }
        var last = line.Length == 3 || line[3] == (byte)' ';
        return (code, last, line.Length > 4 ? Encoding.UTF8.GetString(line[4..]) : "");
    }

    private static bool TrySplitEnhancedCode(string text, int code, out string enhancedCode, out string rest)
    {
        // RFC 3463 §2: class.subject.detail, the class matching the reply's first digit.
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var candidate = space < 0 ? text : text[..space];
        var parts = candidate.Split('.');
        if (parts.Length == 3 && parts[0].Length == 1 && parts[0][0] - '0' == code / 100 && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit)))
        {
            enhancedCode = candidate;
            rest = space < 0 ? "" : text[(space + 1)..];
            return true;
        }
        enhancedCode = "";
        rest = text;
        return false;
    }
}
