using MailComplaints.Mail.Mime;
using MailComplaints.Mail.Mime.Reports;
using MailComplaints.Testing;

namespace MailComplaints.Mail.Tests.Mime;

public sealed class ReportTests
{
    private const string Bounce = """
        From: MAILER-DAEMON@mx.example.net
        Subject: Undelivered Mail
        Content-Type: multipart/report; report-type=delivery-status; boundary=r

        --r
        Content-Type: text/plain

        Your message could not be delivered.
        --r
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.net
        Arrival-Date: Mon, 2 Jun 2025 10:00:00 +0000

        Final-Recipient: rfc822; gone@example.org
        Original-Recipient: rfc822;Gone@Example.org
        Action: failed
        Status: 5.1.1 (no such user)
        Remote-MTA: dns; mail.example.org
        Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>:
         Recipient address rejected

        Final-Recipient: rfc822; later@example.org
        Action: delayed
        Status: 4.4.1
        --r
        Content-Type: text/rfc822-headers

        From: complaints@example.com
        Message-ID: <case-17@example.com>
        Subject: Your complaint

        --r--
        """;

    [Test]
    public void Delivery_status_gives_each_recipient_with_action_and_status_and_the_original_id()
    {
        var report = Mail.Parse(Bounce).GetDeliveryStatus();
        Assert.That(report, Is.Not.Null);
        Assert.That(report!.ReportingMta, Is.EqualTo("mx.example.net"));
        Assert.That(report.Recipients, Has.Count.EqualTo(2));
        Assert.That(report.Recipients[0], Is.EqualTo(new DeliveryStatusRecipient("gone@example.org", "Gone@Example.org", "failed", "5.1.1", "smtp; 550 5.1.1 <gone@example.org>: Recipient address rejected", "mail.example.org")));
        Assert.That(report.Recipients[0].IsPermanentFailure, Is.True);
        Assert.That((report.Recipients[1].Action, report.Recipients[1].IsPermanentFailure), Is.EqualTo(("delayed", false)));
        Assert.That(report.OriginalMessageId, Is.EqualTo("case-17@example.com"));
    }

    [Test]
    public void Ordinary_message_has_no_reports()
    {
        var message = Mail.Parse("Subject: hi\n\nhello");
        Assert.That((message.GetDeliveryStatus(), message.GetDispositionNotification(), message.GetFeedbackReport()), Is.EqualTo((null as DeliveryStatusReport, null as DispositionNotification, null as FeedbackReport)));
    }

    [TestCase("delivery-status.txt")]
    [TestCase("delivery-status-no-blank-line.txt")]
    [TestCase("delivery-status-multiple-blank-lines.txt")]
    public void Mimekit_delivery_status_variants_give_the_permanently_failed_recipient(string file)
    {
        var message = MimeMessage.Load(File.ReadAllBytes(Corpus.Path("mimekit", "UnitTests", "TestData", "messages", file)));
        var report = message.GetDeliveryStatus();
        Assert.That(report, Is.Not.Null);
        Assert.That(report!.Recipients, Is.Not.Empty);
        Assert.That(report.Recipients.Select(r => r.IsPermanentFailure), Has.All.True);
        Assert.That(report.Recipients.Select(r => r.FinalRecipient ?? r.OriginalRecipient), Has.All.Contains("@"));
        Assert.That(report.ReportingMta, Is.Not.Null);
    }

    [Test]
    public void Mimekit_delivery_status_without_blank_line_still_finds_the_original_message_id()
    {
        var message = MimeMessage.Load(File.ReadAllBytes(Corpus.Path("mimekit", "UnitTests", "TestData", "messages", "delivery-status-no-blank-line.txt")));
        Assert.That(message.GetDeliveryStatus()!.OriginalMessageId, Is.EqualTo("31FC7EB4.41C6@netscape.com"));
    }

    [Test]
    public void Disposition_notification_gives_the_disposition_and_original_id()
    {
        var message = MimeMessage.Load(File.ReadAllBytes(Corpus.Path("mimekit", "UnitTests", "TestData", "messages", "disposition-notification.txt")));
        var notification = message.GetDispositionNotification();
        Assert.That(notification, Is.EqualTo(new DispositionNotification(
            "joes-pc.cs.example.com; Foomail 97.1", "Joe_Recipient@example.com", "199509192301.23456@example.org",
            "manual-action/MDN-sent-manually; displayed", "displayed")));
    }

    [Test]
    public void Feedback_report_gives_the_feedback_type_and_source()
    {
        var message = MimeMessage.Load(File.ReadAllBytes(Corpus.Path("mimekit", "UnitTests", "TestData", "messages", "feedback-report.txt")));
        var report = message.GetFeedbackReport();
        Assert.That(report, Is.Not.Null);
        Assert.That((report!.FeedbackType, report.UserAgent, report.SourceIp, report.ReportedDomain, report.OriginalMailFrom),
            Is.EqualTo(("abuse", "SomeGenerator/1.0", "192.0.2.2", "example.net", "somespammer@example.net")));
        Assert.That(report.OriginalRcptTo, Is.EqualTo(new[] { "user@example.com" }));
        Assert.That(report.OriginalMessageId, Is.Not.Null);
    }

    [Test]
    public void Sisimai_bounces_that_declare_a_delivery_status_yield_its_recipients()
    {
        var declared = Directory.EnumerateFiles(Corpus.Path("sisimai-set-of-emails", "maildir", "bsd"))
            .Where(file => File.ReadAllText(file).Contains("message/delivery-status", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var missed = declared.Where(file => MimeMessage.Load(File.ReadAllBytes(file)).GetDeliveryStatus() is not { Recipients.Count: > 0 }).ToList();
        TestContext.Out.WriteLine($"sisimai bsd: {declared.Count - missed.Count}/{declared.Count} bounces declaring message/delivery-status yield recipients");
        foreach (var file in missed)
        {
            TestContext.Out.WriteLine("  no recipients: " + Path.GetFileName(file));
        }
        Assert.That(declared, Has.Count.GreaterThan(100));
        Assert.That(missed.Count, Is.LessThanOrEqualTo(declared.Count / 20));
    }
}
