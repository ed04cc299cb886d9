using System.Text;

namespace MailComplaints.Worker.Tests;

/// <summary>Complaint messages written for the tests, and Maildir delivery the way a mail server does it.</summary>
public static class Complaints
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

        Gisteren is de monteur voor de derde keer niet gekomen. Ik ben het zat en dien hierbij een klacht in.

        Met vriendelijke groet,
        Jan de Vriës

        """.ReplaceLineEndings("\r\n"));

    /// <summary>An RFC 3464 delivery status notification for one of our mails, as a receiving server sends it.</summary>
    public static byte[] Bounce(string originalMessageId, string recipient) => Encoding.UTF8.GetBytes($"""
        Return-Path: <>
        From: Mail Delivery System <MAILER-DAEMON@mx.example.nl>
        To: klachten@example.org
        Subject: Undelivered Mail Returned to Sender
        Message-ID: <bounce-{Guid.NewGuid():N}@mx.example.nl>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain; charset=us-ascii

        Your message could not be delivered to {recipient}.

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.nl

        Final-Recipient: rfc822; {recipient}
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 user unknown

        --b1
        Content-Type: text/rfc822-headers

        From: Klachtenloket <klachten@example.org>
        To: {recipient}
        Subject: [KL-2026-00001] Ontvangstbevestiging
        Message-ID: <{originalMessageId}>

        --b1--

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
