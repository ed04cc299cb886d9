using MailComplaints.Intake.Classification;
using MailComplaints.Reading;
using MimeKit;
using MailComplaints.Testing;
using static MailComplaints.Tests.Intake.Classification.Messages;

namespace MailComplaints.Tests.Intake.Classification;

public sealed class BounceReportTests
{
    private readonly MachineMailDetector detector = Detector();

    // As the intake reads a bounce: the detector's verdict first, then the report.
    private BounceReport? BounceOf(MimeMessage message) => detector.Detect(message) is { } verdict ? detector.ReadBounce(message, verdict) : null;

    [Test]
    public void A_bounce_of_our_acknowledgement_names_the_failed_recipient_and_our_Message_ID()
    {
        var bounce = Parse($"""
            Return-Path: <>
            From: MAILER-DAEMON@mx.gemeente.example (Mail Delivery System)
            To: {OwnAddress}
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

            --dsn
            Content-Type: text/plain

            I'm sorry to have to inform you that your message could not be delivered.
            --dsn
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.gemeente.example
            Arrival-Date: Fri, 20 Nov 2026 10:00:00 +0100

            Final-Recipient: rfc822; anna@example.nl
            Original-Recipient: rfc822;anna@example.nl
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 <anna@example.nl>: Recipient address
                rejected: User unknown

            Final-Recipient: rfc822; piet@example.nl
            Action: delayed
            Status: 4.4.1 (connection timed out)
            --dsn
            Content-Type: message/rfc822

            From: Klachten <{OwnAddress}>
            To: anna@example.nl
            Subject: [KL-2026-00042] Ontvangstbevestiging
            Message-ID: <{OurAcknowledgementId}>
            X-MailComplaints-Loop: {OwnAddress}

            Wij hebben uw klacht ontvangen.
            --dsn--
            """);

        var report = BounceOf(bounce);

        Assert.That(report, Is.Not.Null);
        Assert.That(report!.OriginalMessageId, Is.EqualTo(OurAcknowledgementId));
        Assert.That(report.OriginalMessageIdSource, Is.EqualTo(OriginalMessageIdSource.EnclosedMessage));
        Assert.That(report.Recipients, Is.EqualTo(new[]
        {
            new BouncedRecipient("anna@example.nl", "anna@example.nl", "failed", "5.1.1", "smtp; 550 5.1.1 <anna@example.nl>: Recipient address rejected: User unknown"),
            new BouncedRecipient("piet@example.nl", null, "delayed", "4.4.1", null),
        }));
        Assert.That(report.Failed.Select(recipient => recipient.Address), Is.EqualTo(new[] { "anna@example.nl" }));
    }

    [Test]
    public void A_field_folded_over_thousands_of_lines_is_read_whole_at_a_cost_in_proportion_to_its_length()
    {
        const int Lines = 5_000;
        var folded = string.Concat(Enumerable.Repeat("\n    rejected: mailbox full", Lines));
        // In a plain text (a message/delivery-status part with a field this long is refused as a whole).
        var bounce = Parse($"""
            From: MAILER-DAEMON@mx.gemeente.example
            To: {OwnAddress}
            Subject: Undelivered Mail Returned to Sender
            Content-Type: text/plain

            Reporting-MTA: dns; mx.gemeente.example

            Final-Recipient: rfc822; anna@example.nl
            Action: failed
            Status: 5.2.2
            Diagnostic-Code: smtp; 552{folded}
            """);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var report = BounceOf(bounce);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var diagnostic = report!.Recipients.Single().DiagnosticCode!;
        Assert.That(diagnostic, Does.StartWith("smtp; 552 rejected: mailbox full rejected:"));
        Assert.That(diagnostic, Has.Length.EqualTo("smtp; 552".Length + Lines * " rejected: mailbox full".Length));
        // Copying the value read so far for each line costs Lines² / 2 times a line: about 575 MB here.
        Assert.That(allocated, Is.LessThan(64L * bounce.ToString().Length));
    }

    [Test]
    public void Returned_headers_give_the_original_Message_ID_even_when_folded_and_the_groups_run_together()
    {
        var bounce = Parse($"""
            From: postmaster@example.nl
            To: {OwnAddress}
            Subject: Delivery Status Notification (Failure)
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

            --dsn
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.nl
            Final-Recipient: rfc822; <anna@example.nl>
            Action: failed
            Status: 5.2.2
            Final-Recipient: rfc822; bert@example.nl
            Action: failed
            Status: 5.1.1
            --dsn
            Content-Type: text/rfc822-headers

            From: {OwnAddress}
            Message-ID:
             <{OurAcknowledgementId}>
            Subject: Ontvangstbevestiging
            --dsn--
            """);

        var report = BounceOf(bounce)!;

        Assert.That(report.OriginalMessageId, Is.EqualTo(OurAcknowledgementId));
        Assert.That(report.OriginalMessageIdSource, Is.EqualTo(OriginalMessageIdSource.EnclosedHeaders));
        Assert.That(report.Recipients.Select(recipient => (recipient.Address, recipient.Status)),
            Is.EqualTo(new[] { ("anna@example.nl", "5.2.2"), ("bert@example.nl", "5.1.1") }));
    }

    [Test]
    public void An_Exim_bounce_gives_the_recipients_of_its_header_and_the_Message_ID_of_the_pasted_original()
    {
        var bounce = Parse($"""
            From: Mail Delivery System <Mailer-Daemon@mx.example.nl>
            To: {OwnAddress}
            Subject: Mail delivery failed: returning message to sender
            X-Failed-Recipients: anna@example.nl
            Auto-Submitted: auto-replied

            This message was created automatically by mail delivery software.

              anna@example.nl
                mailbox is full: retry timeout exceeded

            ------ This is a copy of the message, including all the headers. ------

            From: {OwnAddress}
            Message-Id: <{OurAcknowledgementId}>
            Subject: [KL-2026-00042] Ontvangstbevestiging
            """);

        var report = BounceOf(bounce)!;

        Assert.That(report.Recipients, Is.EqualTo(new[] { new BouncedRecipient("anna@example.nl", null, "failed", null, null) }));
        Assert.That(report.OriginalMessageId, Is.EqualTo(OurAcknowledgementId));
        Assert.That(report.OriginalMessageIdSource, Is.EqualTo(OriginalMessageIdSource.TextLine));
    }

    [Test]
    public void An_X_Original_Message_ID_line_wins_over_other_Message_ID_lines()
    {
        var bounce = Parse($"""
            From: postmaster@example.nl
            Subject: Undeliverable: Ontvangstbevestiging

            Message-ID: <something.else@example.nl>
            X-Original-Message-ID: <{OurAcknowledgementId}>
            """);

        Assert.That(BounceOf(bounce)?.OriginalMessageId, Is.EqualTo(OurAcknowledgementId));
    }

    [Test]
    public void A_bounce_without_a_copy_of_the_original_points_at_it_with_In_Reply_To()
    {
        var bounce = Parse($"""
            From: postmaster@example.nl
            Subject: Undeliverable: Ontvangstbevestiging
            In-Reply-To: <{OurAcknowledgementId}>

            Your message could not be delivered.
            """);

        var report = BounceOf(bounce)!;

        Assert.That((report.OriginalMessageId, report.OriginalMessageIdSource), Is.EqualTo((OurAcknowledgementId, OriginalMessageIdSource.InReplyTo)));
    }

    [Test]
    public void A_person_or_an_automatic_reply_is_no_bounce()
    {
        Assert.That(BounceOf(Person()), Is.Null);
        Assert.That(BounceOf(Person("Auto-Submitted: auto-replied")), Is.Null);
    }

    [TestCase("flanker/tests/fixtures/messages/bounce/office365.eml", "20171013111011.20866.254C2F3A4D7AA526@ninomail.com", OriginalMessageIdSource.EnclosedMessage, "noname@example.com", "5.1.10")]
    [TestCase("flanker/tests/fixtures/messages/bounce/mailbox-full.eml", "4E326A95.3010907@example.com", OriginalMessageIdSource.EnclosedHeaders, "user@aol.com", "5.2.2")]
    [TestCase("flanker/tests/fixtures/messages/bounce/zed.eml", "20090708054735.GC7578@example.com", OriginalMessageIdSource.EnclosedMessage, "asdfasdfasdfasdfasdfasdfewrqertrtyrthsfgdfgadfqeadvxzvz@gmail.com", "5.1.1")]
    [TestCase("mimekit/UnitTests/TestData/messages/bounce.txt", "44565655.JitbitHelpdesk.13439.691a0afc-a0a0-457c-8208-f20b7c4a4cb1@jitbit.com", OriginalMessageIdSource.EnclosedMessage, "netec.test@netecgc.com", "5.1.1")]
    [TestCase("sisimai-set-of-emails/maildir/bsd/lhost-postfix-13.eml", "20150213024748.CEEDB20C16@2jo.example.jp", OriginalMessageIdSource.EnclosedMessage, "kijitora@example.jp", "5.2.1")]
    [TestCase("sisimai-set-of-emails/maildir/bsd/rhost-aol-05.eml", "15bc79632bf-5852-14fcf@webprd-m12.mail.aol.example.com", OriginalMessageIdSource.EnclosedHeaders, "nyan@haineko.org", "5.4.4")]
    [TestCase("sisimai-set-of-emails/maildir/bsd/lhost-receivingses-06.eml", "AB98CD43-A5D1-49BC-A3A8-677069F6433E@example.co.jp", OriginalMessageIdSource.EnclosedHeaders, "contenterror@neko.example.jp", "5.6.1")]
    [TestCase("sisimai-set-of-emails/maildir/bsd/lhost-exim-01.eml", "E1P1ce6-000Egt-GZ@e1.example.org", OriginalMessageIdSource.TextLine, "kijitora@example.ed.jp", null)]
    [TestCase("sisimai-set-of-emails/maildir/bsd/lhost-sendmail-14.eml", "6D736808-04A1-47D3-92BD-44388ABFCCE4@example.jp", OriginalMessageIdSource.TextLine, "kijitora@example.com", "5.1.1")]
    public void A_corpus_bounce_gives_the_original_Message_ID_and_the_failed_recipient(string path, string id, OriginalMessageIdSource source, string recipient, string? status)
    {
        var message = MessageParser.Parse(File.ReadAllBytes(Corpus.Path(path.Split('/'))));

        var report = BounceOf(message);

        Assert.That(report, Is.Not.Null);
        Assert.That((report!.OriginalMessageId, report.OriginalMessageIdSource), Is.EqualTo((id, source)));
        Assert.That(report.Failed.Select(failed => (failed.Address, failed.Status)), Does.Contain((recipient, status)));
    }

    [Test]
    public void Most_corpus_bounces_carry_the_original_Message_ID()
    {
        var files = Directory.EnumerateFiles(Corpus.Path("sisimai-set-of-emails", "maildir", "bsd"))
            .Concat(Directory.EnumerateFiles(Corpus.Path("flanker", "tests", "fixtures", "messages", "bounce")));
        var bounces = 0;
        var withId = 0;
        var withRecipients = 0;
        foreach (var file in files)
        {
            if (BounceOf(MessageParser.Parse(File.ReadAllBytes(file))) is not { } report)
            {
                continue;
            }
            bounces++;
            withId += report.OriginalMessageId is null ? 0 : 1;
            withRecipients += report.Recipients.Count == 0 ? 0 : 1;
        }

        TestContext.Out.WriteLine($"{bounces} bounces and delay notices: {withId} with the original's Message-ID, {withRecipients} with recipients");
        Assert.That(withId, Is.GreaterThan(bounces * 3 / 4));
    }
}
