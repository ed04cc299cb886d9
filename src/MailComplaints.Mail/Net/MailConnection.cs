using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailComplaints.Mail.Net;

/// <summary>
/// One TCP (optionally TLS) connection with a reusable read buffer, shared by the IMAP and SMTP clients.
/// Protocol parsers look at <see cref="Buffered"/> and <see cref="Consume"/> what they used; every read and write
/// carries the configured timeout, and any I/O failure becomes the protocol's "connection lost" exception.
/// </summary>
internal sealed class MailConnection : IAsyncDisposable
{
    private const int InitialBufferSize = 64 * 1024;
    private const int MaxLineLength = 64 * 1024 * 1024;

    private readonly MailClientOptions _options;
    private readonly Func<string, Exception?, Exception> _lost;
    private readonly Socket _socket;
    private Stream _stream;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private Task<int>? _pendingRead;

    private MailConnection(MailClientOptions options, Socket socket, Stream stream, Func<string, Exception?, Exception> lost)
    {
        _options = options;
        _socket = socket;
        _stream = stream;
        _lost = lost;
    }

    /// <summary>False once the connection failed or was closed.</summary>
    public bool IsOpen { get; private set; } = true;

    /// <summary>True after an implicit TLS connect or a STARTTLS upgrade.</summary>
    public bool IsEncrypted => _stream is SslStream;

    /// <summary>The bytes read but not yet consumed.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Opens the TCP connection (and TLS for <see cref="TransportSecurity.Tls"/>).</summary>
    /// <param name="options">Where to connect.</param>
    /// <param name="lost">Builds the protocol's connection-lost exception from a message and cause.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    public static async Task<MailConnection> ConnectAsync(MailClientOptions options, Func<string, Exception?, Exception> lost, CancellationToken cancellationToken)
    {
        options.Validate();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new MailServerUnreachableException(options.Host, options.Port, $"no TCP connection within {options.ConnectTimeout.TotalSeconds:0.#} s", null);
            }
            catch (SocketException exception)
            {
                throw new MailServerUnreachableException(options.Host, options.Port, exception.SocketErrorCode.ToString(), exception);
            }
            var connection = new MailConnection(options, socket, new NetworkStream(socket, ownsSocket: true), lost);
            if (options.Security == TransportSecurity.Tls)
            {
                await connection.StartTlsAsync(cancellationToken).ConfigureAwait(false);
            }
            return connection;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Wraps the connection in TLS (implicit TLS, or after a successful STARTTLS command).</summary>
    public async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        if (_end != _start)
        {
            // RFC 3207 §4.2 / RFC 3501 §6.2.1: data after the STARTTLS reply would be injected by a man in the middle.
            throw new MailProtocolException("The server sent data after accepting STARTTLS, before the TLS handshake; refusing to continue.");
        }
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, ValidateServerCertificate);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _options.Host }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            IsOpen = false;
            await ssl.DisposeAsync().ConfigureAwait(false);
            var reason = exception is AuthenticationException
                ? $"TLS handshake failed ({exception.Message}); if the server uses a self-signed certificate, set TrustedCertificateThumbprint"
                : "TLS handshake did not complete";
            throw new MailServerUnreachableException(_options.Host, _options.Port, reason, exception);
        }
        _stream = ssl;
    }

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        var trusted = _options.TrustedCertificateThumbprint;
        if (certificate is null || string.IsNullOrWhiteSpace(trusted))
        {
            return false;
        }
        var wanted = trusted.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var raw = certificate.GetRawCertData();
        var sha256 = Convert.ToHexString(SHA256.HashData(raw));
        return string.Equals(wanted, sha256, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Marks <paramref name="count"/> buffered bytes as used.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Reads more bytes into the buffer (at least one), growing it when full.</summary>
    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0 && _end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineLength)
            {
                throw new MailProtocolException($"The server sent a line longer than {MaxLineLength} bytes.");
            }
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = await ReadStreamAsync(_buffer.AsMemory(_end), _options.ReadTimeout, cancellationToken).ConfigureAwait(false);
        _end += read;
    }

    /// <summary>
    /// Makes sure a whole line (ending in LF) is buffered and returns its length including the line break.
    /// </summary>
    public async ValueTask<int> ReadLineAsync(CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var index = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n');
            if (index >= 0)
            {
                return searched + index + 1;
            }
            searched = _end - _start;
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length bytes: buffered ones first, then straight from the stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }
        if (_end > _start || _pendingRead is not null)
        {
            if (_end == _start)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, count).CopyTo(destination.Span);
            Consume(count);
            return count;
        }
        return await ReadStreamAsync(destination, _options.ReadTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Synchronous twin of <see cref="ReadAsync"/> for callers that read the message stream synchronously.</summary>
    public int Read(Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }
        if (_end > _start)
        {
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, count).CopyTo(destination);
            Consume(count);
            return count;
        }
        if (_pendingRead is not null)
        {
            var pending = new byte[destination.Length];
            var readAsync = ReadAsync(pending, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            pending.AsSpan(0, readAsync).CopyTo(destination);
            return readAsync;
        }
        try
        {
            _socket.ReceiveTimeout = (int)_options.ReadTimeout.TotalMilliseconds;
            var read = _stream.Read(destination);
            return read > 0 ? read : throw Lost("the server closed the connection", null);
        }
        catch (IOException exception)
        {
            throw Lost($"reading failed: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Waits up to <paramref name="wait"/> for the server to send something, without treating silence as a failure
    /// (IMAP IDLE). The read started here stays pending and is picked up by the next read.
    /// </summary>
    public async ValueTask<bool> WaitForDataAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (_end > _start)
        {
            return true;
        }
        if (_pendingRead is null)
        {
            if (_end == _buffer.Length || _start > 0)
            {
                _start = _end = 0;
            }
            // Not tied to the caller's token: cancelling a TLS read half-way would corrupt the stream.
            _pendingRead = _stream.ReadAsync(_buffer.AsMemory(_end), CancellationToken.None).AsTask();
        }
        using var delaySource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, _options.TimeProvider, delaySource.Token);
        var first = await Task.WhenAny(_pendingRead, delay).ConfigureAwait(false);
        if (first == _pendingRead)
        {
            // Stop the timer now rather than let it run out the (up to 29-minute) wait.
            await delaySource.CancelAsync().ConfigureAwait(false);
            await FillAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }

    private async ValueTask<int> ReadStreamAsync(Memory<byte> destination, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            throw Lost("the connection is already closed", null);
        }
        int read;
        if (_pendingRead is { } pending)
        {
            // The pending read targeted the buffer at _end, exactly where FillAsync puts its bytes.
            read = await GuardAsync((_, token) => new ValueTask<int>(pending.WaitAsync(token)), timeout, "no data from the server", "reading", cancellationToken).ConfigureAwait(false);
            _pendingRead = null;
        }
        else
        {
            read = await GuardAsync((stream, token) => stream.ReadAsync(destination, token), timeout, "no data from the server", "reading", cancellationToken).ConfigureAwait(false);
        }
        return read > 0 ? read : throw Lost("the server closed the connection", null);
    }

    /// <summary>Writes and flushes <paramref name="data"/> within the configured timeout.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            throw Lost("the connection is already closed", null);
        }
        await GuardAsync(async (stream, token) =>
        {
            await stream.WriteAsync(data, token).ConfigureAwait(false);
            await stream.FlushAsync(token).ConfigureAwait(false);
            return 0;
        }, _options.ReadTimeout, "the server accepted no data", "writing", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one read or write under <paramref name="timeout"/>. A timeout or I/O failure becomes the protocol's
    /// connection-lost exception; a cancelled operation leaves the protocol state unknown, so the connection is closed.
    /// </summary>
    private async ValueTask<T> GuardAsync<T>(Func<Stream, CancellationToken, ValueTask<T>> io, TimeSpan timeout, string silence, string verb, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            return await io(_stream, timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Lost($"{silence} within {timeout.TotalSeconds:0.#} s", exception);
        }
        catch (OperationCanceledException)
        {
            IsOpen = false;
            throw;
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            throw Lost($"{verb} failed: {exception.Message}", exception);
        }
    }

    /// <summary>Marks the connection as failed and builds the protocol's connection-lost exception.</summary>
    public Exception Lost(string reason, Exception? cause)
    {
        IsOpen = false;
        return _lost($"Connection to {_options.Host}:{_options.Port} lost: {reason}. Reconnect to continue.", cause);
    }

    /// <summary>The connection when it is open; otherwise the error a client method gives when called unconnected.</summary>
    public static MailConnection RequireOpen(MailConnection? connection) =>
        connection is { IsOpen: true } ? connection : throw new InvalidOperationException("Not connected: call ConnectAsync first (a lost connection needs a new client).");

    public async ValueTask DisposeAsync()
    {
        IsOpen = false;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone: nothing to tell the peer.
        }
        catch (ObjectDisposedException)
        {
            // Already disposed.
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
