using MailComplaints.Mail.Imap;
using MailComplaints.Mail.Net;
using MailComplaints.Mail.Tests.Net;

namespace MailComplaints.Mail.Tests.Imap;

/// <summary>Helpers for IMAP conversations with a <see cref="ScriptedServer"/>.</summary>
internal static class ImapScript
{
    public const string Greeting = "* OK [CAPABILITY IMAP4rev1 IDLE MOVE UIDPLUS LITERAL+ SASL-IR AUTH=PLAIN] ready\n";

    public static ImapClientOptions Options(ScriptedServer server) => new()
    {
        Host = "127.0.0.1",
        Port = server.Port,
        Security = TransportSecurity.None,
        ReadTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Reads one command and answers with <paramref name="response"/>, whose "A########" becomes the command's tag.</summary>
    public static async Task<string> AnswerAsync(this ScriptedConnection connection, string response)
    {
        var command = await connection.ReceiveAsync();
        var tag = command.Split(' ')[0];
        await connection.SendAsync(response.Replace("A########", tag, StringComparison.Ordinal));
        return command;
    }

    public static async Task<ImapClient> ConnectAsync(ScriptedServer server, Func<ImapClientOptions, ImapClientOptions>? configure = null)
    {
        var client = new ImapClient(configure is null ? Options(server) : configure(Options(server)));
        await client.ConnectAsync(CancellationToken.None);
        return client;
    }
}
