using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using NUnit.Framework;

namespace MailComplaints.Testing;

/// <summary>
/// A private Dovecot + Postfix on loopback (scripts/mailstack.sh), in its own temporary directory and on free ports.
/// Every address @localhost is a mailbox with the password <see cref="Password"/>. Start one per test assembly with
/// a <see cref="MailStackFixture"/>, or one per test that disturbs the servers (stopping Dovecot, say).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A stack of mail servers, not a Stack<T>.")]
public sealed class MailStack : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(90);
    private readonly Dictionary<string, string> _settings;
    private int _disposed;

    private MailStack(string directory, Dictionary<string, string> settings)
    {
        Directory = directory;
        _settings = settings;
        // A test run killed before its teardown must not leave servers behind.
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;
    }

    /// <summary>The directory holding configuration, mail, certificates and logs.</summary>
    public string Directory { get; }

    /// <summary>Always 127.0.0.1: the servers listen on loopback only.</summary>
    public string Host => "127.0.0.1";

    /// <summary>IMAP without TLS, offering STARTTLS.</summary>
    public int ImapPort => Port("IMAP_PORT");

    /// <summary>IMAP with implicit TLS.</summary>
    public int ImapsPort => Port("IMAPS_PORT");

    /// <summary>Dovecot LMTP: delivery straight into a mailbox.</summary>
    public int LmtpPort => Port("LMTP_PORT");

    /// <summary>Postfix SMTP without TLS, offering STARTTLS and AUTH.</summary>
    public int SmtpPort => Port("SMTP_PORT");

    /// <summary>Postfix SMTP with implicit TLS.</summary>
    public int SmtpsPort => Port("SMTPS_PORT");

    /// <summary>The password of every user@localhost.</summary>
    public string Password => _settings["PASSWORD"];

    /// <summary>SHA-256 thumbprint (hex) of the self-signed certificate both servers present.</summary>
    public string CertificateSha256 => _settings["CERT_SHA256"];

    /// <summary>Where the script lives.</summary>
    public static string ScriptPath => System.IO.Path.Combine(Corpus.RepositoryRoot.FullName, "scripts", "mailstack.sh");

    /// <summary>Starts the stack; ignores the test when Dovecot or Postfix is not installed or we are not root.</summary>
    public static async Task<MailStack> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists("/usr/sbin/dovecot") || !File.Exists("/usr/sbin/postfix"))
        {
            Assert.Ignore("Dovecot and Postfix are not installed (apt-get install dovecot-imapd dovecot-lmtpd postfix; ./test.sh does it): real-server tests skipped.");
        }
        if (Environment.UserName != "root")
        {
            Assert.Ignore("The private mail stack needs root (it runs Dovecot and Postfix with their own users): real-server tests skipped.");
        }
        var directory = System.IO.Directory.CreateTempSubdirectory("mailstack-").FullName;
        await RunScriptAsync("start", directory, cancellationToken).ConfigureAwait(false);
        var settings = File.ReadAllLines(System.IO.Path.Combine(directory, "mailstack.env"))
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
        var stack = new MailStack(directory, settings);
        await stack.WaitUntilListeningAsync([stack.ImapPort, stack.ImapsPort, stack.LmtpPort, stack.SmtpPort, stack.SmtpsPort], cancellationToken).ConfigureAwait(false);
        return stack;
    }

    /// <summary>Stops Dovecot alone (IMAP and LMTP go away; Postfix queues what it receives).</summary>
    public Task StopDovecotAsync(CancellationToken cancellationToken) => RunScriptAsync("stop-dovecot", Directory, cancellationToken);

    /// <summary>Starts Dovecot again after <see cref="StopDovecotAsync"/>; returns once it listens.</summary>
    public Task StartDovecotAsync(CancellationToken cancellationToken) => RunScriptAsync("start-dovecot", Directory, cancellationToken);

    /// <summary>Stops Postfix alone (SMTP goes away; connections are refused).</summary>
    public Task StopPostfixAsync(CancellationToken cancellationToken) => RunScriptAsync("stop-postfix", Directory, cancellationToken);

    /// <summary>Starts Postfix again after <see cref="StopPostfixAsync"/>; returns once it listens.</summary>
    public Task StartPostfixAsync(CancellationToken cancellationToken) => RunScriptAsync("start-postfix", Directory, cancellationToken);

    /// <summary>
    /// Delivers <paramref name="message"/> to <paramref name="recipient"/> through Dovecot's LMTP (RFC 2033): when this
    /// returns, the message is in the mailbox. Dovecot prepends Return-Path, Delivered-To and Received headers.
    /// </summary>
    public async Task DeliverAsync(string recipient, byte[] message, CancellationToken cancellationToken)
    {
        await DeliverManyAsync(recipient, [message], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Delivers several messages over one LMTP connection, in order.</summary>
    public Task DeliverManyAsync(string recipient, IEnumerable<byte[]> messages, CancellationToken cancellationToken) =>
        TransferAsync(LmtpPort, "LHLO", recipient, messages, cancellationToken);

    /// <summary>
    /// Submits <paramref name="message"/> to Postfix over plain SMTP (a minimal client of its own, independent of the
    /// library under test). Postfix delivers asynchronously: wait with <see cref="WaitForInboxCountAsync"/>.
    /// </summary>
    public Task SubmitAsync(string recipient, byte[] message, CancellationToken cancellationToken) =>
        TransferAsync(SmtpPort, "EHLO", recipient, [message], cancellationToken);

    private async Task TransferAsync(int port, string hello, string recipient, IEnumerable<byte[]> messages, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Host, port, cancellationToken).ConfigureAwait(false);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        await ExpectAsync(reader, "220", cancellationToken).ConfigureAwait(false);
        await SendLineAsync(stream, $"{hello} localhost", cancellationToken).ConfigureAwait(false);
        await ExpectAsync(reader, "250", cancellationToken).ConfigureAwait(false);
        foreach (var message in messages)
        {
            await SendLineAsync(stream, "MAIL FROM:<mailstack@localhost>", cancellationToken).ConfigureAwait(false);
            await ExpectAsync(reader, "250", cancellationToken).ConfigureAwait(false);
            await SendLineAsync(stream, $"RCPT TO:<{recipient}>", cancellationToken).ConfigureAwait(false);
            await ExpectAsync(reader, "250", cancellationToken).ConfigureAwait(false);
            await SendLineAsync(stream, "DATA", cancellationToken).ConfigureAwait(false);
            await ExpectAsync(reader, "354", cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(DotStuff(message), cancellationToken).ConfigureAwait(false);
            await ExpectAsync(reader, "250", cancellationToken).ConfigureAwait(false);
        }
        await SendLineAsync(stream, "QUIT", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many messages the INBOX of <paramref name="user"/> (user@localhost or user) holds, read from its Maildir.</summary>
    public int CountInboxMessages(string user)
    {
        var local = user.Split('@')[0];
        var maildir = System.IO.Path.Combine(Directory, "mail", "localhost", local);
        return new[] { "new", "cur" }
            .Select(sub => System.IO.Path.Combine(maildir, sub))
            .Where(System.IO.Directory.Exists)
            .Sum(path => System.IO.Directory.GetFiles(path).Length);
    }

    /// <summary>Polls the Maildir until the INBOX of <paramref name="user"/> holds <paramref name="count"/> messages, failing after <paramref name="timeout"/>.</summary>
    public async Task WaitForInboxCountAsync(string user, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (CountInboxMessages(user) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{user} has {CountInboxMessages(user)} messages after {timeout.TotalSeconds} s, expected {count}. Postfix log: {System.IO.Path.Combine(Directory, "postfix.log")}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops both servers and deletes the directory (keeps it when <c>MAILSTACK_KEEP</c> is set, for debugging).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        await RunScriptAsync("stop", Directory, CancellationToken.None).ConfigureAwait(false);
        if (Environment.GetEnvironmentVariable("MAILSTACK_KEEP") is null)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A straggling delivery process may still hold a file; the OS cleans /tmp.
            }
        }
    }

    private void StopOnExit(object? sender, EventArgs e) => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private int Port(string key) => int.Parse(_settings[key], System.Globalization.CultureInfo.InvariantCulture);

    private async Task WaitUntilListeningAsync(int[] ports, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        foreach (var port in ports)
        {
            while (true)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(Host, port, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task RunScriptAsync(string action, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [ScriptPath, action, directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/mailstack.sh {action} {directory} did not finish within {ScriptTimeout.TotalSeconds} s.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/mailstack.sh {action} {directory} failed ({process.ExitCode}):\n{await output.ConfigureAwait(false)}\n{await error.ConfigureAwait(false)}");
        }
    }

    private static async Task SendLineAsync(NetworkStream stream, string line, CancellationToken cancellationToken) =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken).ConfigureAwait(false);

    private static async Task ExpectAsync(StreamReader reader, string code, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"The mail server closed the connection while we waited for {code}.");
            if (!line.StartsWith(code, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Mail server: expected {code}, got \"{line}\".");
            }
            if (line.Length < 4 || line[3] == ' ')
            {
                return;
            }
        }
    }

    private static byte[] DotStuff(byte[] message)
    {
        using var output = new MemoryStream(message.Length + 64);
        var lineStart = true;
        foreach (var b in message)
        {
            if (lineStart && b == (byte)'.')
            {
                output.WriteByte((byte)'.');
            }
            output.WriteByte(b);
            lineStart = b == (byte)'\n';
        }
        if (!lineStart)
        {
            output.Write("\r\n"u8);
        }
        output.Write(".\r\n"u8);
        return output.ToArray();
    }
}

/// <summary>
/// Base for a NUnit test fixture that needs the real servers: starts a private <see cref="MailStack"/> before the
/// fixture's first test and stops it after the last, so fixtures never disturb each other's servers.
/// </summary>
public abstract class MailStackFixture
{
    private MailStack? _stack;

    /// <summary>The running stack.</summary>
    protected MailStack Stack => _stack ?? throw new InvalidOperationException("The mail stack has not started.");

    /// <summary>Starts the stack.</summary>
    [OneTimeSetUp]
    public async Task StartMailStackAsync()
    {
        _stack = await MailStack.StartAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Stops the stack (kills the process groups) so no server outlives the run.</summary>
    [OneTimeTearDown]
    public async Task StopMailStackAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync().ConfigureAwait(false);
            _stack = null;
        }
    }
}
