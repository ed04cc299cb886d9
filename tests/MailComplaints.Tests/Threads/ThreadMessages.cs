using System.Text;
using MailComplaints.Reading;
using MimeKit;

namespace MailComplaints.Tests.Threads;

/// <summary>Replies written in the tests.</summary>
internal static class ThreadMessages
{
    public const string Domain = "klachten.gemeente.example";

    /// <summary>A message from its header lines and body, LF turned into CRLF.</summary>
    public static MimeMessage Parse(string headers, string body = "Dank voor uw bericht.")
    {
        var text = new StringBuilder(headers.Trim('\n'))
            .Append("\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n").Append(body).Append('\n');
        return MessageParser.Parse(Encoding.UTF8.GetBytes(text.ToString().ReplaceLineEndings("\r\n")));
    }
}
