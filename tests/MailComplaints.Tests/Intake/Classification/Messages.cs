using System.Text;
using MailComplaints.Intake.Classification;
using MailComplaints.Mail.Mime;

namespace MailComplaints.Tests.Intake.Classification;

/// <summary>Messages written in the tests, and the detector for the complaints mailbox they are sent to.</summary>
internal static class Messages
{
    public const string OwnAddress = "klachten@gemeente.example";
    public const string OwnDomain = "gemeente.example";

    public static MachineMailDetector Detector() => new(new MachineMailOptions([OwnAddress], "X-MailComplaints-Loop", OwnDomain));

    /// <summary>A message from its text, LF turned into CRLF.</summary>
    public static MimeMessage Parse(string text) => MimeMessage.Load(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")));
}
