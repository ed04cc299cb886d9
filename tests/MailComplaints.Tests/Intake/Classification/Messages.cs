using System.Text;
using MailComplaints.Intake.Classification;
using MailComplaints.Reading;
using MimeKit;

namespace MailComplaints.Tests.Intake.Classification;

/// <summary>Messages written in the tests, and the detector for the complaints mailbox they are sent to.</summary>
internal static class Messages
{
    public const string OwnAddress = "klachten@gemeente.example";
    public const string OwnDomain = "gemeente.example";
    public const string OurAcknowledgementId = "acknowledgement.KL-2026-00042.0123456789abcdef0123456789abcdef@gemeente.example";

    public static MachineMailDetector Detector() => new(new MachineMailOptions([OwnAddress], "X-MailComplaints-Loop", OwnDomain));

    /// <summary>A message from its text, LF turned into CRLF.</summary>
    public static MimeMessage Parse(string text) => MessageParser.Parse(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")));

    /// <summary>A plain message from a complainant to us; <paramref name="headers"/> (one per line) are added, and replace From or Subject when they name them.</summary>
    public static MimeMessage Person(string headers = "", string subject = "Klacht over de afvalinzameling", string body = "Mijn container is al drie weken niet geleegd.")
    {
        var text = new StringBuilder();
        if (!headers.Contains("From:", StringComparison.OrdinalIgnoreCase))
        {
            text.Append("From: Anna de Vries <anna@example.nl>\n");
        }
        if (!headers.Contains("Subject:", StringComparison.OrdinalIgnoreCase))
        {
            text.Append("Subject: ").Append(subject).Append('\n');
        }
        text.Append("To: ").Append(OwnAddress).Append('\n')
            .Append("Date: Fri, 20 Nov 2026 09:30:00 +0100\n")
            .Append("Message-ID: <20261120093000.4711@example.nl>\n");
        foreach (var header in headers.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append(header.Trim()).Append('\n');
        }
        text.Append("MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n").Append(body).Append('\n');
        return Parse(text.ToString());
    }
}
