using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using MailComplaints.Mail.Net;

namespace MailComplaints.Mail.Imap;

/// <summary>
/// An IMAP client (RFC 9051 / RFC 3501 subset): implicit TLS or STARTTLS, LOGIN, AUTHENTICATE PLAIN (SASL-IR,
/// RFC 4959) and XOAUTH2, SELECT/EXAMINE, UID SEARCH/FETCH/STORE, UID MOVE (RFC 6851) with a COPY fallback
/// (RFC 4315 UIDPLUS), CREATE, LIST, IDLE (RFC 2177) with a NOOP fallback, NOOP and LOGOUT. One instance is one
/// connection; commands run one at a time. Untagged EXISTS/EXPUNGE/FETCH arriving during any command update
/// <see cref="SelectedMailbox"/>. A dropped connection or BYE raises <see cref="ImapConnectionLostException"/>;
/// reconnect with a new client, e.g. under a <see cref="ReconnectPolicy"/>.
/// </summary>
public sealed class ImapClient : IAsyncDisposable
{
    private readonly ImapClientOptions _options;
    private readonly Dictionary<string, uint> _knownUidValidity = new(StringComparer.Ordinal);
    private MailConnection? _connection;
    private ImapResponseReader? _reader;
    private int _tag;
    private HashSet<string> _capabilities = new(StringComparer.OrdinalIgnoreCase);
    private bool _loggingOut;
    private bool _utf8Accepted;

    // The selected folder (RFC 9051 §7.3.1), kept current by untagged responses.
    private string? _selected;
    private uint _uidValidity;
    private uint _uidNext;
    private uint _exists;
    private bool _readOnly;

    // What the running command collects from untagged responses.
    private List<uint>? _searchResults;
    private List<ImapFolder>? _listResults;
    private HashSet<string>? _enabledResults;
    private ImapCopyResult? _copyResult;
    private FetchContext? _fetch;

    /// <summary>Creates a client; nothing happens on the network until <see cref="ConnectAsync"/>.</summary>
    public ImapClient(ImapClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Raised when the server confirms IDLE ("+ idling"); lets callers know notifications will now arrive.</summary>
    internal event Action? IdleStarted;

    /// <summary>The server's capabilities (RFC 9051 §7.2.2), minus <see cref="ImapClientOptions.DisabledCapabilities"/>.</summary>
    public IReadOnlySet<string> Capabilities => _capabilities;

    /// <summary>True while the connection is usable.</summary>
    public bool IsConnected => _connection is { IsOpen: true };

    /// <summary>True after a successful login (or a PREAUTH greeting).</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>The selected folder's current state, or null when none is selected.</summary>
    public ImapMailbox? SelectedMailbox => _selected is null ? null : new ImapMailbox(_selected, _uidValidity, _uidNext, _exists, _readOnly);

    /// <summary>
    /// Connects, reads the greeting, upgrades with STARTTLS when configured (RFC 9051 §6.2.1), and logs in when
    /// credentials are configured (see <see cref="AuthenticateAsync"/>).
    /// </summary>
    /// <exception cref="MailServerUnreachableException">No TCP or TLS connection could be made.</exception>
    /// <exception cref="ImapAuthenticationException">The credentials were rejected.</exception>
    /// <exception cref="ImapConnectionLostException">The server said BYE instead of a greeting, or hung up.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            throw new InvalidOperationException("Already connected; dispose this client and create a new one to reconnect.");
        }
        _connection = await MailConnection.ConnectAsync(_options, (message, cause) => new ImapConnectionLostException(message, cause), cancellationToken).ConfigureAwait(false);
        _reader = new ImapResponseReader(_connection);
        await ReadGreetingAsync(cancellationToken).ConfigureAwait(false);
        if (_options.Security == TransportSecurity.StartTls)
        {
            if (_capabilities.Count == 0)
            {
                await CapabilityAsync(cancellationToken).ConfigureAwait(false);
            }
            if (!_capabilities.Contains("STARTTLS"))
            {
                throw new ImapCommandException("STARTTLS", "NO", null, $"{_options.Host} does not offer STARTTLS; use TransportSecurity.Tls or another port.");
            }
            await RunAsync("STARTTLS", cancellationToken, "STARTTLS").ConfigureAwait(false);
            await _connection.StartTlsAsync(cancellationToken).ConfigureAwait(false);
            // RFC 9051 §6.2.1: capabilities learnt before TLS are void.
            _capabilities.Clear();
            await CapabilityAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_options.Username is not null && !IsAuthenticated)
        {
            await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReadGreetingAsync(CancellationToken cancellationToken)
    {
        var reader = _reader!;
        await reader.StartLineAsync(cancellationToken).ConfigureAwait(false);
        var star = reader.Next();
        var status = reader.Next();
        if (!reader.Is(star, "*") || !(reader.Is(status, "OK") || reader.Is(status, "PREAUTH") || reader.Is(status, "BYE")))
        {
            throw reader.Unexpected("a greeting \"* OK\", \"* PREAUTH\" or \"* BYE\" (RFC 9051 §7.1)", status);
        }
        var preauthenticated = reader.Is(status, "PREAUTH");
        var refused = reader.Is(status, "BYE");
        var code = ReadResponseCode();
        var text = reader.RestOfLine();
        reader.EndLine();
        if (refused)
        {
            throw _connection!.Lost($"the server refused the session: {text}", null);
        }
        ApplyResponseCode(code, text);
        IsAuthenticated = preauthenticated;
    }

    /// <summary>
    /// Logs in: AUTHENTICATE XOAUTH2 when an access token source is configured; otherwise AUTHENTICATE PLAIN
    /// (RFC 4616, with SASL-IR per RFC 4959 when offered) when the server announces AUTH=PLAIN, else LOGIN
    /// (RFC 9051 §6.2.3). Done by <see cref="ConnectAsync"/> when credentials are configured.
    /// </summary>
    /// <exception cref="ImapAuthenticationException">Rejected credentials, or LOGINDISABLED on an unencrypted connection. Do not retry unchanged.</exception>
    public async Task AuthenticateAsync(CancellationToken cancellationToken)
    {
        RequireConnection();
        var username = _options.Username ?? throw new InvalidOperationException("No Username configured: nothing to authenticate with.");
        if (_capabilities.Count == 0)
        {
            await CapabilityAsync(cancellationToken).ConfigureAwait(false);
        }
        ImapStatus result;
        string command;
        if (_options.AccessTokenSource is { } tokens)
        {
            command = "AUTHENTICATE XOAUTH2";
            var token = await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
            result = await SaslAsync("XOAUTH2", Sasl.XOAuth2(username, token), cancellationToken).ConfigureAwait(false);
        }
        else if (_capabilities.Contains("AUTH=PLAIN"))
        {
            command = "AUTHENTICATE PLAIN";
            result = await SaslAsync("PLAIN", Sasl.Plain(username, _options.Password!), cancellationToken).ConfigureAwait(false);
        }
        else if (_capabilities.Contains("LOGINDISABLED"))
        {
            throw new ImapAuthenticationException("LOGIN", "NO", null, $"{_options.Host} refuses LOGIN on this connection (LOGINDISABLED) and offers no AUTH=PLAIN; use TLS or STARTTLS.");
        }
        else
        {
            command = "LOGIN";
            result = await ExecuteAsync(cancellationToken, "LOGIN ", AString(username), " ", AString(_options.Password!)).ConfigureAwait(false);
        }
        if (result.Status != "OK")
        {
            throw new ImapAuthenticationException(command, result.Status, result.Code, result.Text);
        }
        IsAuthenticated = true;
        if (result.Code?.Name != "CAPABILITY")
        {
            await CapabilityAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ImapStatus> SaslAsync(string mechanism, string initialResponse, CancellationToken cancellationToken)
    {
        var tag = NextTag();
        var saslIr = _capabilities.Contains("SASL-IR");
        var line = saslIr ? $"{tag} AUTHENTICATE {mechanism} {initialResponse}\r\n" : $"{tag} AUTHENTICATE {mechanism}\r\n";
        await _connection!.WriteAsync(Encoding.ASCII.GetBytes(line), cancellationToken).ConfigureAwait(false);
        var sent = saslIr;
        while (true)
        {
            var response = await ReadUntilTaggedAsync(tag, allowContinuation: true, cancellationToken).ConfigureAwait(false);
            if (response.Status != "+")
            {
                return response;
            }
            // The first challenge asks for the initial response; a later one (XOAUTH2 error JSON) wants an empty reply.
            await _connection.WriteAsync(Encoding.ASCII.GetBytes(sent ? "\r\n" : initialResponse + "\r\n"), cancellationToken).ConfigureAwait(false);
            sent = true;
        }
    }

    /// <summary>CAPABILITY (RFC 9051 §6.1.1): asks the server what it supports.</summary>
    public async Task<IReadOnlySet<string>> CapabilityAsync(CancellationToken cancellationToken)
    {
        await RunAsync("CAPABILITY", cancellationToken, "CAPABILITY").ConfigureAwait(false);
        return _capabilities;
    }

    /// <summary>ENABLE (RFC 5161): turns on extensions such as UTF8=ACCEPT or CONDSTORE; returns those the server enabled.</summary>
    public async Task<IReadOnlySet<string>> EnableAsync(IEnumerable<string> extensions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        _enabledResults = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            await RunAsync("ENABLE", cancellationToken, "ENABLE ", string.Join(' ', extensions)).ConfigureAwait(false);
            _utf8Accepted |= _enabledResults.Contains("UTF8=ACCEPT");
            return _enabledResults;
        }
        finally
        {
            _enabledResults = null;
        }
    }

    /// <summary>SELECT (RFC 9051 §6.3.2): opens a folder read-write.</summary>
    /// <exception cref="ImapUidValidityChangedException">This client saw the folder earlier with another UIDVALIDITY.</exception>
    public Task<ImapMailbox> SelectAsync(string folder, CancellationToken cancellationToken) => OpenAsync("SELECT", folder, null, cancellationToken);

    /// <summary>SELECT, checking that UIDVALIDITY is still <paramref name="expectedUidValidity"/> (RFC 9051 §2.3.1.1).</summary>
    /// <exception cref="ImapUidValidityChangedException">UIDVALIDITY differs: the stored UIDs are void.</exception>
    public Task<ImapMailbox> SelectAsync(string folder, uint expectedUidValidity, CancellationToken cancellationToken) => OpenAsync("SELECT", folder, expectedUidValidity, cancellationToken);

    /// <summary>EXAMINE (RFC 9051 §6.3.3): opens a folder read-only.</summary>
    public Task<ImapMailbox> ExamineAsync(string folder, CancellationToken cancellationToken) => OpenAsync("EXAMINE", folder, null, cancellationToken);

    private async Task<ImapMailbox> OpenAsync(string verb, string folder, uint? expectedUidValidity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        _selected = null;
        _uidValidity = _uidNext = _exists = 0;
        _readOnly = verb == "EXAMINE";
        await RunAsync(verb, cancellationToken, verb, " ", Mailbox(folder)).ConfigureAwait(false);
        _selected = folder;
        var mailbox = SelectedMailbox!;
        var expected = expectedUidValidity ?? (_knownUidValidity.TryGetValue(folder, out var known) ? known : null);
        _knownUidValidity[folder] = mailbox.UidValidity;
        if (expected is { } previous && previous != mailbox.UidValidity)
        {
            throw new ImapUidValidityChangedException(folder, previous, mailbox.UidValidity);
        }
        return mailbox;
    }

    /// <summary>UID SEARCH (RFC 9051 §6.4.4) with search criteria written in IMAP syntax, e.g. "ALL", "UNSEEN", "UID 100:*", "SINCE 1-Feb-2026".</summary>
    /// <param name="criteria">IMAP search keys, sent as given: never put untrusted text here unquoted.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The matching UIDs in ascending order.</returns>
    public async Task<IReadOnlyList<uint>> UidSearchAsync(string criteria, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(criteria);
        _searchResults = [];
        try
        {
            await RunAsync("UID SEARCH", cancellationToken, "UID SEARCH ", criteria).ConfigureAwait(false);
            _searchResults.Sort();
            return _searchResults;
        }
        finally
        {
            _searchResults = null;
        }
    }

    /// <summary>
    /// UID FETCH (RFC 9051 §6.4.8) of UID plus <paramref name="items"/>, several messages in one command. With
    /// <see cref="FetchItems.Body"/>, BODY.PEEK[] is handed to <paramref name="onMessage"/> as a stream that reads
    /// straight from the connection; the handler may read it partially (the rest is skipped) and must not keep it.
    /// Without Body the stream argument is null. Messages that vanish meanwhile are simply not reported.
    /// </summary>
    /// <remarks>
    /// Server quirk handled: when a server sends the literal before the UID or other requested items (item order is
    /// not fixed by the RFC), that one message is buffered in memory before the handler sees it.
    /// If the handler throws, the response is still read to its end and the first exception is rethrown afterwards,
    /// so the connection stays usable.
    /// </remarks>
    public Task UidFetchAsync(UidSet uids, FetchItems items, Func<ImapFetchedMessage, Stream?, CancellationToken, ValueTask> onMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(onMessage);
        var names = new List<string> { "UID" };
        if (items.HasFlag(FetchItems.Flags))
        {
            names.Add("FLAGS");
        }
        if (items.HasFlag(FetchItems.InternalDate))
        {
            names.Add("INTERNALDATE");
        }
        if (items.HasFlag(FetchItems.Size))
        {
            names.Add("RFC822.SIZE");
        }
        if (items.HasFlag(FetchItems.Body))
        {
            names.Add("BODY.PEEK[]");
        }
        return FetchAsync($"UID FETCH {uids} ({string.Join(' ', names)})", items, onMessage, reportWithoutUid: false, cancellationToken);
    }

    /// <summary>Runs a FETCH-type command and reports its FETCH responses; tests also replay recorded non-UID FETCH responses through it.</summary>
    internal async Task FetchAsync(string command, FetchItems items, Func<ImapFetchedMessage, Stream?, CancellationToken, ValueTask> onMessage, bool reportWithoutUid, CancellationToken cancellationToken)
    {
        _fetch = new FetchContext(items, onMessage, reportWithoutUid);
        try
        {
            await RunAsync(command.StartsWith("UID ", StringComparison.Ordinal) ? "UID FETCH" : "FETCH", cancellationToken, command).ConfigureAwait(false);
            _fetch.Failure?.Throw();
        }
        finally
        {
            _fetch = null;
        }
    }

    /// <summary>Runs any command and returns its tagged status ("OK", "NO", "BAD"), processing what comes untagged; for replaying recorded sessions.</summary>
    internal async Task<string> RunRawAsync(string command, CancellationToken cancellationToken) =>
        (await ExecuteAsync(cancellationToken, command).ConfigureAwait(false)).Status;

    /// <summary>UID STORE (RFC 9051 §6.4.6) with .SILENT: adds, removes or replaces flags such as \Seen, \Deleted or a keyword.</summary>
    public async Task UidStoreAsync(UidSet uids, ImapStoreAction action, IEnumerable<string> flags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(flags);
        var verb = action switch { ImapStoreAction.Add => "+FLAGS.SILENT", ImapStoreAction.Remove => "-FLAGS.SILENT", _ => "FLAGS.SILENT" };
        await RunAsync("UID STORE", cancellationToken, $"UID STORE {uids} {verb} ({string.Join(' ', flags)})").ConfigureAwait(false);
    }

    /// <summary>
    /// Moves messages to <paramref name="destination"/>: UID MOVE (RFC 6851) when offered, otherwise UID COPY, STORE
    /// \Deleted and UID EXPUNGE (RFC 4315), or plain EXPUNGE when UIDPLUS is missing too (which also removes other
    /// messages already marked \Deleted in the folder).
    /// </summary>
    /// <returns>The UIDs the messages got in the destination (COPYUID), or null when the server did not say.</returns>
    /// <exception cref="ImapCommandException">Refused; ResponseCode TRYCREATE means the destination does not exist.</exception>
    public async Task<ImapCopyResult?> UidMoveAsync(UidSet uids, string destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        _copyResult = null;
        if (_capabilities.Contains("MOVE"))
        {
            await RunAsync("UID MOVE", cancellationToken, $"UID MOVE {uids} ", Mailbox(destination)).ConfigureAwait(false);
            return _copyResult;
        }
        await RunAsync("UID COPY", cancellationToken, $"UID COPY {uids} ", Mailbox(destination)).ConfigureAwait(false);
        var copied = _copyResult;
        await UidStoreAsync(uids, ImapStoreAction.Add, ["\\Deleted"], cancellationToken).ConfigureAwait(false);
        if (_capabilities.Contains("UIDPLUS"))
        {
            await RunAsync("UID EXPUNGE", cancellationToken, $"UID EXPUNGE {uids}").ConfigureAwait(false);
        }
        else
        {
            await RunAsync("EXPUNGE", cancellationToken, "EXPUNGE").ConfigureAwait(false);
        }
        return copied;
    }

    /// <summary>Adds a message to <paramref name="folder"/> (APPEND, RFC 9051 section 6.3.12) with the given flags, such as <c>\Seen</c>.</summary>
    public async Task AppendAsync(string folder, ReadOnlyMemory<byte> message, IEnumerable<string> flags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(flags);
        await RunAsync("APPEND", cancellationToken, "APPEND ", Mailbox(folder), $" ({string.Join(' ', flags)}) ", new Part(null, message.ToArray())).ConfigureAwait(false);
    }

    /// <summary>CREATE (RFC 9051 §6.3.4). Returns false when the folder already exists ([ALREADYEXISTS], RFC 5530).</summary>
    public async Task<bool> CreateAsync(string folder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var result = await ExecuteAsync(cancellationToken, "CREATE ", Mailbox(folder)).ConfigureAwait(false);
        return result.Status switch
        {
            "OK" => true,
            _ when result.Code?.Name == "ALREADYEXISTS" => false,
            _ => throw new ImapCommandException("CREATE", result.Status, result.Code, result.Text),
        };
    }

    /// <summary>DELETE (RFC 9051 §6.3.5): removes a folder and its messages.</summary>
    public async Task DeleteAsync(string folder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        await RunAsync("DELETE", cancellationToken, "DELETE ", Mailbox(folder)).ConfigureAwait(false);
        _knownUidValidity.Remove(folder);
    }

    /// <summary>LIST (RFC 9051 §6.3.9), e.g. ("", "*") for every folder.</summary>
    public async Task<IReadOnlyList<ImapFolder>> ListAsync(string reference, string pattern, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(pattern);
        _listResults = [];
        try
        {
            await RunAsync("LIST", cancellationToken, "LIST ", Mailbox(reference), " ", Mailbox(pattern)).ConfigureAwait(false);
            return _listResults;
        }
        finally
        {
            _listResults = null;
        }
    }

    /// <summary>NOOP (RFC 9051 §6.1.2): keeps the session alive and collects pending EXISTS/EXPUNGE.</summary>
    public async Task<ImapMailbox?> NoopAsync(CancellationToken cancellationToken)
    {
        await RunAsync("NOOP", cancellationToken, "NOOP").ConfigureAwait(false);
        return SelectedMailbox;
    }

    /// <summary>
    /// Waits until new messages arrive in the selected folder (EXISTS grows): IDLE (RFC 2177), ended and re-issued
    /// every <see cref="ImapClientOptions.IdleRefreshInterval"/>, or NOOP every
    /// <see cref="ImapClientOptions.NoopPollInterval"/> when the server lacks IDLE. Cancelling ends IDLE with DONE
    /// so the connection stays usable, then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <returns>The folder state with the new message count.</returns>
    public async Task<ImapMailbox> IdleAsync(CancellationToken cancellationToken)
    {
        var before = SelectedMailbox ?? throw new InvalidOperationException("Select a folder before waiting for new mail in it.");
        if (!_capabilities.Contains("IDLE"))
        {
            while (true)
            {
                var now = await NoopAsync(cancellationToken).ConfigureAwait(false);
                if (now!.Exists > before.Exists)
                {
                    return now;
                }
                before = now;
                await Task.Delay(_options.NoopPollInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        while (true)
        {
            var exists = _exists;
            if (await IdleOnceAsync(cancellationToken).ConfigureAwait(false) || _exists > exists)
            {
                return SelectedMailbox!;
            }
        }
    }

    private async Task<bool> IdleOnceAsync(CancellationToken cancellationToken)
    {
        var connection = RequireConnection();
        var reader = _reader!;
        var tag = NextTag();
        await connection.WriteAsync(Encoding.ASCII.GetBytes($"{tag} IDLE\r\n"), cancellationToken).ConfigureAwait(false);
        var started = await ReadUntilTaggedAsync(tag, allowContinuation: true, cancellationToken).ConfigureAwait(false);
        if (started.Status != "+")
        {
            throw new ImapCommandException("IDLE", started.Status, started.Code, started.Text);
        }
        IdleStarted?.Invoke();
        var existsAtStart = _exists;
        var deadline = _options.TimeProvider.GetUtcNow() + _options.IdleRefreshInterval;
        var arrived = false;
        try
        {
            while (!arrived)
            {
                var remaining = deadline - _options.TimeProvider.GetUtcNow();
                if (remaining <= TimeSpan.Zero || !await connection.WaitForDataAsync(remaining, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
                await reader.StartLineAsync(cancellationToken).ConfigureAwait(false);
                var star = reader.Next();
                if (!reader.Is(star, "*"))
                {
                    throw reader.Unexpected("an untagged response during IDLE", star);
                }
                await HandleUntaggedAsync(cancellationToken).ConfigureAwait(false);
                arrived = _exists > existsAtStart;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && connection.IsOpen)
        {
            // End IDLE cleanly so the caller can keep using the connection, bounded by the read timeout.
            using var done = new CancellationTokenSource(_options.ReadTimeout);
            await connection.WriteAsync("DONE\r\n"u8.ToArray(), done.Token).ConfigureAwait(false);
            await ReadUntilTaggedAsync(tag, allowContinuation: false, done.Token).ConfigureAwait(false);
            throw;
        }
        await connection.WriteAsync("DONE\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        var result = await ReadUntilTaggedAsync(tag, allowContinuation: false, cancellationToken).ConfigureAwait(false);
        if (result.Status != "OK")
        {
            throw new ImapCommandException("IDLE", result.Status, result.Code, result.Text);
        }
        return arrived;
    }

    /// <summary>LOGOUT (RFC 9051 §6.1.3) and close; safe to call when not connected.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true })
        {
            _loggingOut = true;
            try
            {
                await RunAsync("LOGOUT", cancellationToken, "LOGOUT").ConfigureAwait(false);
            }
            catch (ImapConnectionLostException)
            {
                // Some servers hang up right after BYE; the goal is reached either way.
            }
        }
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the connection without LOGOUT.</summary>
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _connection, null)?.DisposeAsync() ?? ValueTask.CompletedTask;

    private MailConnection RequireConnection() => MailConnection.RequireOpen(_connection);

    private string NextTag() => "A" + (++_tag).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>Runs a command and throws <see cref="ImapCommandException"/> unless it ends in OK.</summary>
    private async Task<ImapStatus> RunAsync(string name, CancellationToken cancellationToken, params Part[] parts)
    {
        var result = await ExecuteAsync(cancellationToken, parts).ConfigureAwait(false);
        return result.Status == "OK" ? result : throw new ImapCommandException(name, result.Status, result.Code, result.Text);
    }

    /// <summary>
    /// Sends a command built from text parts and literals and reads to its tagged completion.
    /// Literals are non-synchronising when LITERAL+ (or LITERAL- for up to 4096 bytes, RFC 7888) allows,
    /// otherwise the client waits for the server's "+" before each.
    /// </summary>
    private async Task<ImapStatus> ExecuteAsync(CancellationToken cancellationToken, params Part[] parts)
    {
        var connection = RequireConnection();
        var tag = NextTag();
        var pending = new MemoryStream();
        pending.Write(Encoding.ASCII.GetBytes(tag + " "));
        foreach (var part in parts)
        {
            if (part.Literal is { } literal)
            {
                var nonSynchronising = _capabilities.Contains("LITERAL+") || (_capabilities.Contains("LITERAL-") && literal.Length <= 4096);
                pending.Write(Encoding.ASCII.GetBytes(nonSynchronising ? $"{{{literal.Length}+}}\r\n" : $"{{{literal.Length}}}\r\n"));
                if (!nonSynchronising)
                {
                    await connection.WriteAsync(pending.ToArray(), cancellationToken).ConfigureAwait(false);
                    pending.SetLength(0);
                    var go = await ReadUntilTaggedAsync(tag, allowContinuation: true, cancellationToken).ConfigureAwait(false);
                    if (go.Status != "+")
                    {
                        return go;
                    }
                }
                pending.Write(literal);
            }
            else
            {
                pending.Write(Encoding.UTF8.GetBytes(part.Text!));
            }
        }
        pending.Write("\r\n"u8);
        await connection.WriteAsync(pending.ToArray(), cancellationToken).ConfigureAwait(false);
        return await ReadUntilTaggedAsync(tag, allowContinuation: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A string argument: quoted when it is plain printable text, a literal otherwise (RFC 9051 §4.3).</summary>
    private static Part AStringOf(string value, bool utf8Accepted)
    {
        var quotable = value.Length < 1024 && value.All(c => c is >= ' ' and <= '~' || (utf8Accepted && c > '~'));
        if (!quotable)
        {
            return new Part(null, Encoding.UTF8.GetBytes(value));
        }
        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private Part AString(string value) => AStringOf(value, _utf8Accepted);

    private Part Mailbox(string name) => AString(_utf8Accepted ? name : MailboxName.Encode(name));

    /// <summary>A piece of a command: text, or a literal's bytes.</summary>
    private readonly record struct Part(string? Text, byte[]? Literal)
    {
        public static implicit operator Part(string text) => new(text, null);
    }

    /// <summary>A tagged completion (OK/NO/BAD) or, when allowed, a continuation request ("+").</summary>
    private sealed record ImapStatus(string Status, ImapResponseCode? Code, string Text);

    private async Task<ImapStatus> ReadUntilTaggedAsync(string tag, bool allowContinuation, CancellationToken cancellationToken)
    {
        var reader = _reader!;
        while (true)
        {
            await reader.StartLineAsync(cancellationToken).ConfigureAwait(false);
            var first = reader.Next();
            if (reader.Is(first, "*"))
            {
                await HandleUntaggedAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (reader.Is(first, "+"))
            {
                var prompt = reader.RestOfLine();
                reader.EndLine();
                if (allowContinuation)
                {
                    return new ImapStatus("+", null, prompt);
                }
                continue;
            }
            if (first.Kind == ImapTokenKind.OpenBracket)
            {
                // Server quirk (Exchange, MailKit issue 115): a response code on a line of its own, without "* OK".
                var quirkName = reader.Next();
                var quirkCode = new ImapResponseCode(reader.Text(quirkName).ToUpperInvariant(), reader.UpToCloseBracket());
                var quirkText = reader.RestOfLine();
                reader.EndLine();
                ApplyResponseCode(quirkCode, quirkText);
                continue;
            }
            if (!reader.Is(first, tag))
            {
                // A stray tag (e.g. from a command abandoned on an earlier, cancelled read) is not ours to judge.
                await reader.SkipRestAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            var statusToken = reader.Next();
            var status = reader.Text(statusToken).ToUpperInvariant();
            if (status is not ("OK" or "NO" or "BAD"))
            {
                throw reader.Unexpected("OK, NO or BAD after the tag", statusToken);
            }
            var code = ReadResponseCode();
            var text = reader.RestOfLine();
            reader.EndLine();
            ApplyResponseCode(code, text);
            return new ImapStatus(status, code, text);
        }
    }

    private ImapResponseCode? ReadResponseCode()
    {
        var reader = _reader!;
        if (reader.Peek().Kind != ImapTokenKind.OpenBracket)
        {
            return null;
        }
        reader.Next();
        var name = reader.Next();
        var arguments = name.Kind == ImapTokenKind.CloseBracket ? "" : reader.UpToCloseBracket();
        return new ImapResponseCode(name.Kind == ImapTokenKind.CloseBracket ? "" : reader.Text(name).ToUpperInvariant(), arguments);
    }

    private void ApplyResponseCode(ImapResponseCode? code, string text)
    {
        switch (code?.Name)
        {
            case "ALERT":
                _options.AlertReceived?.Invoke(text);
                break;
            case "CAPABILITY":
                SetCapabilities(code.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                break;
            case "UIDVALIDITY" when uint.TryParse(code.Arguments, CultureInfo.InvariantCulture, out var uidValidity):
                _uidValidity = uidValidity;
                break;
            case "UIDNEXT" when uint.TryParse(code.Arguments, CultureInfo.InvariantCulture, out var uidNext):
                _uidNext = uidNext;
                break;
            case "READ-ONLY":
                _readOnly = true;
                break;
            case "READ-WRITE":
                _readOnly = false;
                break;
            case "COPYUID":
                var fields = code.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length == 3 && uint.TryParse(fields[0], CultureInfo.InvariantCulture, out var validity))
                {
                    _copyResult = new ImapCopyResult(validity, UidSet.Parse(fields[1]).Expand(), UidSet.Parse(fields[2]).Expand());
                }
                break;
        }
    }

    private void SetCapabilities(IEnumerable<string> capabilities)
    {
        _capabilities = new HashSet<string>(capabilities.Where(c => !_options.DisabledCapabilities.Contains(c)), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Handles one untagged response after its "*" (RFC 9051 §7) and ends its line.</summary>
    private async ValueTask HandleUntaggedAsync(CancellationToken cancellationToken)
    {
        var reader = _reader!;
        var token = reader.Next();
        if (reader.TryNumber(token, out var number))
        {
            var kind = reader.Next();
            if (reader.Is(kind, "FETCH"))
            {
                await ReadFetchAsync((uint)number, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (reader.Is(kind, "EXISTS"))
            {
                _exists = (uint)number;
            }
            else if (reader.Is(kind, "EXPUNGE") && _exists > 0)
            {
                _exists--;
            }
            await reader.SkipRestAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        var name = reader.Text(token).ToUpperInvariant();
        switch (name)
        {
            case "OK" or "NO" or "BAD" or "BYE" or "PREAUTH":
                var code = ReadResponseCode();
                var text = reader.RestOfLine();
                reader.EndLine();
                ApplyResponseCode(code, text);
                if (name == "BYE" && !_loggingOut)
                {
                    throw _connection!.Lost($"the server said BYE: {text}", null);
                }
                return;
            case "CAPABILITY":
                var capabilities = new List<string>();
                for (var next = reader.Next(); next.Kind != ImapTokenKind.EndOfLine; next = reader.Next())
                {
                    capabilities.Add(reader.Text(next));
                }
                reader.EndLine();
                SetCapabilities(capabilities);
                return;
            case "ENABLED":
                for (var next = reader.Next(); next.Kind != ImapTokenKind.EndOfLine; next = reader.Next())
                {
                    _enabledResults?.Add(reader.Text(next));
                }
                reader.EndLine();
                return;
            case "SEARCH":
                for (var next = reader.Next(); next.Kind == ImapTokenKind.Atom; next = reader.Next())
                {
                    // "(MODSEQ n)" may follow the numbers (RFC 7162 §3.1.5); it is not a UID.
                    if (reader.TryNumber(next, out var uid) && uid <= uint.MaxValue)
                    {
                        _searchResults?.Add((uint)uid);
                    }
                }
                await reader.SkipRestAsync(cancellationToken).ConfigureAwait(false);
                return;
            case "ESEARCH":
                // RFC 4731: "* ESEARCH (TAG "A1") UID ALL 1:5,9 COUNT 6"; only ALL names UIDs.
                for (var next = reader.Next(); next.Kind != ImapTokenKind.EndOfLine; next = reader.Next())
                {
                    if (next.Kind == ImapTokenKind.OpenParen)
                    {
                        await reader.ReadValueAsync(next, cancellationToken).ConfigureAwait(false);
                    }
                    else if (reader.Is(next, "ALL"))
                    {
                        _searchResults?.AddRange(UidSet.Parse(reader.Text(reader.Next())).Expand());
                    }
                }
                reader.EndLine();
                return;
            case "LIST" or "LSUB":
                var folder = await ReadListAsync(cancellationToken).ConfigureAwait(false);
                _listResults?.Add(folder);
                return;
            default:
                await reader.SkipRestAsync(cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    private async ValueTask<ImapFolder> ReadListAsync(CancellationToken cancellationToken)
    {
        var reader = _reader!;
        var open = reader.Next();
        var attributes = open.Kind == ImapTokenKind.OpenParen
            ? ((List<object?>)(await reader.ReadValueAsync(open, cancellationToken).ConfigureAwait(false))!).OfType<string>().ToList()
            : throw reader.Unexpected("\"(\" before the folder attributes", open);
        var delimiterText = await reader.ReadNStringAsync(cancellationToken).ConfigureAwait(false);
        string? name;
        if (reader.Peek().Kind == ImapTokenKind.OpenBracket)
        {
            // Server quirk: an unquoted name such as [Gmail]/Sent, where "[" would start a response code.
            name = reader.RestOfLine();
        }
        else
        {
            name = await reader.ReadNStringAsync(cancellationToken).ConfigureAwait(false) ?? "";
        }
        await reader.SkipRestAsync(cancellationToken).ConfigureAwait(false);
        var delimiter = string.IsNullOrEmpty(delimiterText) ? (char?)null : delimiterText[0];
        return new ImapFolder(_utf8Accepted ? name : MailboxName.Decode(name), delimiter, attributes);
    }

    /// <summary>Reads "(name value ...)" of one FETCH response (RFC 9051 §7.5.2) and reports it; the message literal is streamed.</summary>
    private async ValueTask ReadFetchAsync(uint sequenceNumber, CancellationToken cancellationToken)
    {
        var reader = _reader!;
        var open = reader.Next();
        if (open.Kind != ImapTokenKind.OpenParen)
        {
            throw reader.Unexpected("\"(\" after FETCH", open);
        }
        var context = _fetch;
        uint uid = 0;
        List<string>? flags = null;
        DateTimeOffset? internalDate = null;
        long? size = null;
        var bodySeen = false;
        var reported = false;
        Stream? buffered = null;
        var extraParens = 0;
        while (true)
        {
            var item = reader.Next();
            if (item.Kind == ImapTokenKind.CloseParen)
            {
                if (extraParens == 0)
                {
                    break;
                }
                extraParens--;
                continue;
            }
            if (item.Kind == ImapTokenKind.OpenParen)
            {
                // Server quirk (Domino): items wrapped in extra parentheses, "(UID 5 (ENVELOPE (...)) ...)".
                extraParens++;
                continue;
            }
            if (item.Kind != ImapTokenKind.Atom)
            {
                throw reader.Unexpected("a FETCH item name", item);
            }
            if (reader.Is(item, "UID"))
            {
                uid = reader.Number32(reader.Next(), "UID");
            }
            else if (reader.Is(item, "FLAGS"))
            {
                var list = await reader.ReadValueAsync(reader.Next(), cancellationToken).ConfigureAwait(false) as List<object?>;
                flags = list?.OfType<string>().ToList() ?? [];
            }
            else if (reader.Is(item, "INTERNALDATE"))
            {
                internalDate = ParseInternalDate(await reader.ReadNStringAsync(cancellationToken).ConfigureAwait(false));
            }
            else if (reader.Is(item, "RFC822.SIZE"))
            {
                var value = reader.Next();
                size = reader.TryNumber(value, out var n) ? (long)n : null;
            }
            else if (reader.Is(item, "BODY") || reader.Is(item, "BINARY") || reader.Is(item, "RFC822") || reader.Is(item, "RFC822.HEADER") || reader.Is(item, "RFC822.TEXT"))
            {
                var whole = reader.Is(item, "RFC822");
                if (reader.Peek().Kind == ImapTokenKind.OpenBracket)
                {
                    reader.Next();
                    whole = reader.UpToCloseBracket().Length == 0;
                }
                var value = reader.Next();
                if (value.Kind == ImapTokenKind.Atom && reader.Text(value).StartsWith('<'))
                {
                    // A partial fetch's origin, "<0>": not the whole message.
                    whole = false;
                    value = reader.Next();
                }
                if (value.Kind == ImapTokenKind.CloseParen)
                {
                    // Server quirk (Yandex): a section with no value at all, "BODY[2] )"; read as NIL.
                    break;
                }
                if (value.Kind == ImapTokenKind.OpenParen)
                {
                    // BODY without a section is BODYSTRUCTURE's short form.
                    await reader.ReadValueAsync(value, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var wanted = context is not null && context.Items.HasFlag(FetchItems.Body) && whole && !bodySeen;
                bodySeen |= wanted;
                if (value.Kind == ImapTokenKind.Literal)
                {
                    reader.EndLine();
                    var literal = new ImapLiteralStream(reader.Connection, value.LiteralLength, cancellationToken);
                    if (wanted && context!.Ready(uid, flags, internalDate, size))
                    {
                        await ReportAsync(context, new ImapFetchedMessage(sequenceNumber, uid, flags, internalDate, size), literal, cancellationToken).ConfigureAwait(false);
                        reported = true;
                    }
                    else if (wanted)
                    {
                        buffered = new MemoryStream(checked((int)value.LiteralLength));
                        await literal.CopyToAsync(buffered, cancellationToken).ConfigureAwait(false);
                        buffered.Position = 0;
                    }
                    await literal.DrainAsync(cancellationToken).ConfigureAwait(false);
                    await reader.StartLineAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (value.Kind == ImapTokenKind.Quoted && wanted)
                {
                    buffered = new MemoryStream(Encoding.UTF8.GetBytes(reader.Text(value)));
                }
            }
            else
            {
                // ENVELOPE, BODYSTRUCTURE, MODSEQ, X-GM-LABELS, PREVIEW, ...: read and let go.
                await reader.ReadValueAsync(reader.Next(), cancellationToken).ConfigureAwait(false);
            }
        }
        await reader.SkipRestAsync(cancellationToken).ConfigureAwait(false);
        if (context is null || reported || (uid == 0 && !context.ReportWithoutUid))
        {
            return;
        }
        if (context.Items.HasFlag(FetchItems.Body) && !bodySeen && !context.ReportWithoutUid)
        {
            // An unsolicited FETCH (a flag change from another session) during our fetch: not one of ours.
            return;
        }
        await ReportAsync(context, new ImapFetchedMessage(sequenceNumber, uid, flags, internalDate, size), buffered, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask ReportAsync(FetchContext context, ImapFetchedMessage message, Stream? body, CancellationToken cancellationToken)
    {
        if (context.Failure is not null)
        {
            return;
        }
        try
        {
            await context.OnMessage(message, body, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The handler's failure is rethrown once the response has been read to its end.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            context.Failure = ExceptionDispatchInfo.Capture(exception);
        }
    }

    /// <summary>RFC 9051 §9 date-time: "17-Jul-1996 02:44:25 -0700" (the day may be space-padded).</summary>
    private static DateTimeOffset? ParseInternalDate(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var text = value.Trim();
        if (text.Length >= 5 && text[^5] is '+' or '-')
        {
            text = text[..^2] + ":" + text[^2..];
        }
        return DateTimeOffset.TryParseExact(text, "d-MMM-yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    private sealed class FetchContext(FetchItems items, Func<ImapFetchedMessage, Stream?, CancellationToken, ValueTask> onMessage, bool reportWithoutUid)
    {
        public FetchItems Items => items;

        public Func<ImapFetchedMessage, Stream?, CancellationToken, ValueTask> OnMessage => onMessage;

        public bool ReportWithoutUid => reportWithoutUid;

        public ExceptionDispatchInfo? Failure { get; set; }

        /// <summary>True when everything requested besides the body has arrived, so the body can be streamed.</summary>
        public bool Ready(uint uid, List<string>? flags, DateTimeOffset? internalDate, long? size) =>
            uid != 0
            && (flags is not null || !items.HasFlag(FetchItems.Flags))
            && (internalDate is not null || !items.HasFlag(FetchItems.InternalDate))
            && (size is not null || !items.HasFlag(FetchItems.Size));
    }
}
