using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailComplaints.Mail.Tests.Net;

/// <summary>
/// A one-connection loopback server that plays a conversation written by the test, for protocol behaviour that
/// Dovecot and Postfix cannot be made to show (HELO-only servers, XOAUTH2, odd replies, sudden disconnects).
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _conversation;

    public ScriptedServer(Func<ScriptedConnection, Task> conversation)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _conversation = RunAsync(conversation);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every line the client sent, in order.</summary>
    public List<string> Received { get; } = [];

    /// <summary>Waits for the conversation to end and rethrows what went wrong in it.</summary>
    public Task Completion => _conversation;

    private async Task RunAsync(Func<ScriptedConnection, Task> conversation)
    {
        using var client = await _listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await using var connection = new ScriptedConnection(client.GetStream(), Received);
        await conversation(connection).WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _conversation.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is SocketException or IOException or ObjectDisposedException)
        {
            // The client hung up early, which some tests are about.
        }
    }
}

internal sealed class ScriptedConnection(NetworkStream stream, List<string> received) : IAsyncDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8, leaveOpen: true);

    public async Task SendAsync(string text) => await stream.WriteAsync(Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)));

    public async Task SendBytesAsync(byte[] bytes) => await stream.WriteAsync(bytes);

    public async Task<string> ReceiveAsync()
    {
        var line = await _reader.ReadLineAsync() ?? throw new IOException("The client closed the connection.");
        lock (received)
        {
            received.Add(line);
        }
        return line;
    }

    /// <summary>Reads lines up to and including a line consisting of a single dot (SMTP DATA).</summary>
    public async Task<List<string>> ReceiveDataAsync()
    {
        var lines = new List<string>();
        while (await ReceiveAsync() is var line && line != ".")
        {
            lines.Add(line);
        }
        return lines;
    }

    public void Close() => stream.Close();

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await stream.DisposeAsync();
    }
}
