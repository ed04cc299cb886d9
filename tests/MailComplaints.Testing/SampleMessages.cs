using System.Text;

namespace MailComplaints.Testing;

/// <summary>Generated complaint-like messages (2–10 KB, CRLF, some 8-bit text and lines starting with a dot) for mail-server tests.</summary>
public static class SampleMessages
{
    private static readonly string[] Sentences =
    [
        "I am writing to complain about the late delivery of my order.",
        "The parcel arrived damaged and the contents were unusable.",
        "Nobody answered the phone although I called five times.",
        "Žádám o vrácení peněz za vadné zboží.",
        "Die Rechnung enthält Positionen, die ich nie bestellt habe.",
        ".A line that starts with a dot must survive dot-stuffing.",
        "Please confirm receipt of this complaint within the statutory period.",
    ];

    /// <summary>Message number <paramref name="index"/>; the same index always gives the same bytes.</summary>
    public static byte[] Complaint(int index, string to = "complaints@localhost")
    {
        var random = new Random(index);
        var target = random.Next(2_000, 10_000);
        var text = new StringBuilder()
            .Append("From: Customer ").Append(index).Append(" <customer").Append(index).Append("@example.com>\r\n")
            .Append("To: <").Append(to).Append(">\r\n")
            .Append("Subject: Complaint number ").Append(index).Append("\r\n")
            .Append("Date: Mon, 2 Feb 2026 10:00:00 +0100\r\n")
            .Append("Message-ID: <complaint-").Append(index).Append("@example.com>\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        while (Encoding.UTF8.GetByteCount(text.ToString()) < target)
        {
            text.Append(Sentences[random.Next(Sentences.Length)]).Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
