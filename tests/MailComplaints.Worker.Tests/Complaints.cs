using System.Text;

namespace MailComplaints.Worker.Tests;

/// <summary>Complaint messages written for the tests, and Maildir delivery the way a mail server does it.</summary>
internal static class Complaints
{
    public static byte[] Dutch(string messageId = "complaint-1@example.nl", string from = "jan@example.nl") => Encoding.UTF8.GetBytes($"""
        From: =?utf-8?q?Jan_de_Vri=C3=ABs?= <{from}>
        To: Klachtenloket <klachten@example.org>
        Subject: Lekkage in de badkamer niet verholpen
        Date: Tue, 3 Nov 2026 10:15:00 +0100
        Message-ID: <{messageId}>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        Geachte heer of mevrouw,

        Op 2 november is de monteur voor de derde keer niet gekomen. Ik ben het zat en dien hierbij een klacht in.

        Met vriendelijke groet,
        Jan de Vriës

        """.ReplaceLineEndings("\r\n"));

    /// <summary>A message written for a test: headers as given (one per line), then a blank line and the text; CRLF line ends.</summary>
    public static byte[] Message(string headers, string text) =>
        Encoding.UTF8.GetBytes((headers.Trim() + "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + text.Trim() + "\n").ReplaceLineEndings("\r\n"));

    /// <summary>Delivers a message into <c>new/</c> of a Maildir, written in <c>tmp/</c> first, dated <paramref name="arrived"/>.</summary>
    public static string Deliver(string maildir, byte[] message, DateTime arrived, string name)
    {
        foreach (var folder in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, folder));
        }
        var temporary = Path.Combine(maildir, "tmp", name);
        File.WriteAllBytes(temporary, message);
        File.SetLastWriteTimeUtc(temporary, arrived);
        var delivered = Path.Combine(maildir, "new", name);
        File.Move(temporary, delivered);
        return delivered;
    }
}
