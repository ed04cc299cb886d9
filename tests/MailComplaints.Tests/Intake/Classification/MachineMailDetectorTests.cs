using MailComplaints.Intake.Classification;
using MailComplaints.Reading;
using MimeKit;
using static MailComplaints.Tests.Intake.Classification.Messages;

namespace MailComplaints.Tests.Intake.Classification;

public sealed class MachineMailDetectorTests
{
    private readonly MachineMailDetector detector = Detector();

    // What must stay a person's mail.

    [Test]
    public void A_complaint_written_by_a_person_is_not_machine_mail() =>
        Assert.That(detector.Detect(Person()), Is.Null);

    [Test]
    public void A_person_who_writes_out_of_office_in_the_text_is_not_machine_mail() =>
        Assert.That(detector.Detect(Person(body: "I was out of office when your collector came, and got an automatic reply: Undeliverable.")), Is.Null);

    [TestCase("Re: Automatic reply: Klacht over de afvalinzameling")]
    [TestCase("AW: Automatische Antwort: Beschwerde")]
    [TestCase("Antw: Afwezig")]
    public void A_person_answering_an_automatic_reply_is_not_machine_mail(string subject) =>
        Assert.That(detector.Detect(Person(subject: subject, headers: "In-Reply-To: <ooo.1@example.nl>")), Is.Null);

    [TestCase("Onbestelbaar pakket, bezorger liet niets achter")]
    [TestCase("Undeliverable parcel left at the wrong address")]
    [TestCase("Vakantie geannuleerd zonder bericht")]
    [TestCase("Vakantie: geannuleerd zonder bericht")]
    [TestCase("Auto: schade na het parkeren bij het stadhuis")]
    [TestCase("Out of office hours service was closed")]
    [TestCase("Returned mail of my neighbour was opened")]
    [TestCase("Afwezigheid van de wijkagent")]
    [TestCase("Complaint about message from your call centre")]
    public void A_complaint_whose_subject_resembles_a_robots_is_not_machine_mail(string subject) =>
        Assert.That(detector.Detect(Person(subject: subject)), Is.Null);

    [TestCase("Precedence: first-class")]
    [TestCase("Precedence: normal")]
    [TestCase("Auto-Submitted: no")]
    [TestCase("X-Autoreply: no")]
    [TestCase("List-Unsubscribe: <mailto:unsubscribe@crm.example.com>")]
    [TestCase("X-Auto-Response-Suppress: DR, OOF, AutoReply")]
    [TestCase("X-Auto-Response-Suppress: All")]
    [TestCase("Return-Path: <anna@example.nl>")]
    [TestCase("X-Apple-Action: FORWARD")]
    public void A_header_that_does_not_make_mail_automatic_leaves_it_a_persons(string header) =>
        Assert.That(detector.Detect(Person(header)), Is.Null);

    [Test]
    public void A_complaint_a_person_forwards_with_the_original_attached_is_not_machine_mail()
    {
        // The enclosed message is automatic; the person who forwards it is not.
        var message = Parse("""
            From: Anna de Vries <anna@example.nl>
            To: klachten@gemeente.example
            Subject: Fwd: Uw melding is ontvangen
            Message-ID: <fwd.1@example.nl>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            Zie hieronder: dit antwoord kreeg ik, daarna niets meer.
            --b
            Content-Type: message/rfc822

            From: Meldingen <noreply@leverancier.example>
            Subject: Uw melding is ontvangen
            Auto-Submitted: auto-generated
            Return-Path: <>

            Wij hebben uw melding ontvangen.
            --b--
            """);

        Assert.That(detector.Detect(message), Is.Null);
    }

    [Test]
    public void A_person_forwarding_a_bounce_with_a_complaint_of_their_own_is_not_machine_mail()
    {
        var body = """
            Ik heb drie keer geprobeerd de afdeling Vergunningen te mailen over mijn aanvraag, en elke keer komt
            mijn mail terug. Zo kan ik mijn bezwaar niet op tijd indienen. Ik wil hierover een klacht indienen.

            ---------- Forwarded message ---------
            From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
            Subject: Delivery Status Notification (Failure)
            Final-Recipient: rfc822; vergunningen@gemeente.example
            Status: 5.1.1
            """;

        Assert.That(detector.Detect(Person(subject: "Fwd: Delivery Status Notification (Failure)", body: body)), Is.Null);
    }

    [Test]
    public void A_web_form_relayed_from_a_no_reply_address_with_the_person_in_Reply_To_is_left_to_the_other_channel_rule() =>
        Assert.That(detector.Detect(Person("From: Website <noreply@gemeente.example>\nReply-To: Anna de Vries <anna@example.nl>")), Is.Null);

    [Test]
    public void A_complainants_mail_redirected_to_us_by_a_colleagues_Exchange_rule_is_not_machine_mail() =>
        Assert.That(detector.Detect(Person("X-MS-Exchange-Inbox-Rules-Loop: balie@gemeente.example")), Is.Null);

    [Test]
    public void Mail_through_the_group_that_is_our_published_address_is_not_list_mail()
    {
        var detector = new MachineMailDetector(new MachineMailOptions([OwnAddress], "X-MailComplaints-Loop", OwnDomain)
        {
            DeliveringListIds = ["<klachten.gemeente.example>"],
        });

        var verdict = detector.Detect(Person("List-Id: <klachten.gemeente.example>\nPrecedence: list"));

        Assert.That(verdict, Is.Null);
    }

    [Test]
    public void A_reply_to_our_acknowledgement_is_a_person_and_not_our_own_mail() =>
        Assert.That(detector.Detect(Person($"In-Reply-To: <{OurAcknowledgementId}>\nReferences: <{OurAcknowledgementId}>", subject: "Re: [KL-2026-00042] Ontvangstbevestiging")), Is.Null);

    [Test]
    public void A_Message_ID_in_our_domain_that_we_did_not_make_is_a_colleague_not_our_outbox()
    {
        var message = Parse("""
            From: Piet Jansen <piet@example.nl>
            To: klachten@gemeente.example
            Subject: Klacht
            Message-ID: <AM0PR01MB1234.eurprd01.prod@gemeente.example>

            Tekst.
            """);

        Assert.That(detector.Detect(message), Is.Null);
    }

    // RFC 3834 and the vendor headers of automatic replies.

    [TestCase("Auto-Submitted: auto-replied", MachineMailKind.AutoReply)]
    [TestCase("Auto-Submitted: auto-generated", MachineMailKind.Notification)]
    [TestCase("Auto-Submitted: auto-notified; owner-email=\"x@example.nl\"", MachineMailKind.Notification)]
    [TestCase("X-Autoreply: yes", MachineMailKind.AutoReply)]
    [TestCase("X-Autorespond: Afwezig tot 1 december", MachineMailKind.AutoReply)]
    [TestCase("X-Autogenerated: Reply", MachineMailKind.AutoReply)]
    [TestCase("X-Apple-Action: VACATION", MachineMailKind.AutoReply)]
    [TestCase("Precedence: auto_reply", MachineMailKind.AutoReply)]
    [TestCase("Precedence: bulk", MachineMailKind.List)]
    [TestCase("Precedence: junk", MachineMailKind.List)]
    [TestCase("Precedence: list", MachineMailKind.List)]
    [TestCase("X-Precedence: bulk", MachineMailKind.List)]
    [TestCase("List-Id: Nieuwsbrief <nieuws.example.nl>", MachineMailKind.List)]
    [TestCase("X-MLServer: fml [fml 4.0.3 release (20011202/4.0.3)]; post only (only members can post)", MachineMailKind.List)]
    [TestCase("X-ML-Name: bewoners", MachineMailKind.List)]
    [TestCase("Mailing-List: contact bewoners-help@lijst.example.nl; run by ezmlm", MachineMailKind.List)]
    [TestCase("X-Mailman-Version: 2.1.39", MachineMailKind.List)]
    [TestCase("List-Post: <mailto:bewoners@lijst.example.nl>", MachineMailKind.List)]
    [TestCase("List-Help: <mailto:sympa@lijst.example.nl?subject=help>", MachineMailKind.List)]
    [TestCase("List-Subscribe: <mailto:LISTSERV@LISTSERV.EXAMPLE.NL?body=SUB%20BEWONERS>", MachineMailKind.List)]
    [TestCase("X-Failed-Recipients: anna@example.nl", MachineMailKind.DeliveryStatus)]
    [TestCase("X-MS-Exchange-Message-Is-Ndr:", MachineMailKind.DeliveryStatus)]
    [TestCase("Return-Path: <>", MachineMailKind.DeliveryStatus)]
    [TestCase("Return-Path: <MAILER-DAEMON>", MachineMailKind.DeliveryStatus)]
    [TestCase("X-MS-Exchange-Inbox-Rules-Loop: anna@example.nl", MachineMailKind.AutoReply)]
    public void A_header_of_automatic_mail_makes_it_machine_mail_and_is_named_in_the_reason(string header, MachineMailKind kind)
    {
        var verdict = detector.Detect(Person(header));

        Assert.That(verdict?.Kind, Is.EqualTo(kind));
        Assert.That(verdict!.Reason, Does.StartWith(header.Split(':')[0] + ":"));
    }

    [Test]
    public void An_auto_generated_message_with_an_out_of_office_subject_is_an_automatic_reply()
    {
        var verdict = detector.Detect(Person("Auto-Submitted: auto-generated", subject: "Automatic reply: Klacht over de afvalinzameling"));

        Assert.That(verdict, Is.EqualTo(new MachineMailVerdict(MachineMailKind.AutoReply, "Auto-Submitted: auto-generated")));
    }

    [Test]
    public void List_Unsubscribe_counts_together_with_bulk_precedence_and_the_reason_says_so()
    {
        var verdict = detector.Detect(Person("List-Unsubscribe: <mailto:u@news.example>\nPrecedence: bulk"));

        Assert.That(verdict, Is.EqualTo(new MachineMailVerdict(MachineMailKind.List, "Precedence: bulk with List-Unsubscribe")));
    }

    // Mail servers' senders.

    [TestCase("From: MAILER-DAEMON@mx.example.nl")]
    [TestCase("From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>")]
    [TestCase("From: Mail Delivery System <Mailer-Daemon@t-online.example>")]
    [TestCase("From: MAILER-DAEMON <>")]
    [TestCase("From: \"Mail Delivery System\" <>")]
    [TestCase("From: <>")]
    [TestCase("From: mailer-daemon")]
    [TestCase("From: postmaster@example.nl")]
    [TestCase("From: Microsoft Outlook <postmaster@outlook.com>")]
    [TestCase("From: post_master@vtext.com")]
    [TestCase("Sender: postmaster@example.nl")]
    public void Mail_from_a_mail_servers_role_address_is_a_bounce(string header)
    {
        var verdict = detector.Detect(Person(header, subject: "Notice"));

        Assert.That(verdict?.Kind, Is.EqualTo(MachineMailKind.DeliveryStatus));
        Assert.That(verdict!.Reason, Does.StartWith(header.Split(':')[0] + ":"));
    }

    [Test]
    public void A_mail_servers_warning_that_delivery_is_delayed_is_a_delay_notice() =>
        Assert.That(detector.Detect(Person("From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>", subject: "Delivery Status Notification (Delay)"))?.Kind,
            Is.EqualTo(MachineMailKind.DelayNotice));

    [TestCase("From: no-reply@sns.amazonaws.com")]
    [TestCase("From: Gemeente Post <noreply@post.example>")]
    [TestCase("From: do-not-reply@bank.example\nReply-To: noreply@bank.example")]
    public void Mail_from_an_address_that_takes_no_replies_is_a_notification(string headers) =>
        Assert.That(detector.Detect(Person(headers))?.Kind, Is.EqualTo(MachineMailKind.Notification));

    // Subjects of robots that set no header.

    [TestCase("Automatic reply: Klacht over de afvalinzameling", MachineMailKind.AutoReply)]
    [TestCase("Automatisch antwoord: Klacht", MachineMailKind.AutoReply)]
    [TestCase("Out of Office: Klacht", MachineMailKind.AutoReply)]
    [TestCase("Out of Office AutoReply: Klacht", MachineMailKind.AutoReply)]
    [TestCase("Autoreply: Klacht", MachineMailKind.AutoReply)]
    [TestCase("Auto-Reply - Klacht", MachineMailKind.AutoReply)]
    [TestCase("Abwesenheitsnotiz: Beschwerde", MachineMailKind.AutoReply)]
    [TestCase("[EXTERNAL] Automatic reply: Klacht", MachineMailKind.AutoReply)]
    [TestCase("Afwezig", MachineMailKind.AutoReply)]
    [TestCase("Niet aanwezig", MachineMailKind.AutoReply)]
    [TestCase("Vakantie", MachineMailKind.AutoReply)]
    [TestCase("Undeliverable: Klacht", MachineMailKind.DeliveryStatus)]
    [TestCase("Onbestelbaar: Klacht", MachineMailKind.DeliveryStatus)]
    [TestCase("Undelivered Mail Returned to Sender", MachineMailKind.DeliveryStatus)]
    [TestCase("Delivery Status Notification (Failure)", MachineMailKind.DeliveryStatus)]
    [TestCase("Returned mail: see transcript for details", MachineMailKind.DeliveryStatus)]
    [TestCase("Mail delivery failed: returning message to sender", MachineMailKind.DeliveryStatus)]
    [TestCase("failure notice", MachineMailKind.DeliveryStatus)]
    [TestCase("Unzustellbar: Beschwerde", MachineMailKind.DeliveryStatus)]
    [TestCase("Warning: could not send message for past 4 hours", MachineMailKind.DelayNotice)]
    [TestCase("Delayed Mail (still being retried)", MachineMailKind.DelayNotice)]
    [TestCase("complaint about message from 192.0.2.222", MachineMailKind.FeedbackReport)]
    public void A_robots_subject_makes_mail_machine_mail(string subject, MachineMailKind kind)
    {
        var verdict = detector.Detect(Person(subject: subject));

        Assert.That(verdict?.Kind, Is.EqualTo(kind));
        Assert.That(verdict!.Reason, Does.StartWith($"Subject \"{subject}\""));
    }

    [Test]
    public void A_holiday_prefix_counts_when_the_message_answers_one() =>
        Assert.That(detector.Detect(Person($"In-Reply-To: <{OurAcknowledgementId}>", subject: "Vakantie: Re: [KL-2026-00042] Ontvangstbevestiging"))?.Kind,
            Is.EqualTo(MachineMailKind.AutoReply));

    [Test]
    public void X_Auto_Response_Suppress_confirms_a_prefix_that_alone_would_be_a_persons_subject()
    {
        var verdict = detector.Detect(Person("X-Auto-Response-Suppress: All", subject: "Auto: Klacht over de afvalinzameling"));

        Assert.That(verdict?.Kind, Is.EqualTo(MachineMailKind.AutoReply));
        Assert.That(verdict!.Reason, Does.Contain("X-Auto-Response-Suppress: All"));
    }

    [Test]
    public void A_bounce_forwarded_with_only_a_line_of_the_forwarders_own_is_a_forwarded_bounce()
    {
        var body = """
            Forward the message.

            Begin forwarded message:

            > From: Mail Delivery Subsystem <MAILER-DAEMON>
            > Subject: Returned mail: see transcript for details
            > Final-Recipient: RFC822; kijitora@example.com
            > Action: failed
            > Status: 5.1.1
            """;

        var verdict = detector.Detect(Person(subject: "Fwd: Returned mail: see transcript for details", body: body));

        Assert.That(verdict?.Kind, Is.EqualTo(MachineMailKind.ForwardedDeliveryStatus));
    }

    // Report structure (RFC 6522 multipart/report and its parts).

    [TestCase("delivery-status", "message/delivery-status", "Action: failed", MachineMailKind.DeliveryStatus)]
    [TestCase("delivery-status", "message/delivery-status", "Action: delayed", MachineMailKind.DelayNotice)]
    [TestCase("global-delivery-status", "message/global-delivery-status", "Action: failed", MachineMailKind.DeliveryStatus)]
    [TestCase("disposition-notification", "message/disposition-notification", "Disposition: manual-action/MDN-sent-manually; displayed", MachineMailKind.ReadReceipt)]
    [TestCase("feedback-report", "message/feedback-report", "Feedback-Type: abuse", MachineMailKind.FeedbackReport)]
    [TestCase("tlsrpt", "application/tlsrpt+json", "{}", MachineMailKind.Notification)]
    public void A_multipart_report_is_machine_mail_of_its_report_type(string reportType, string partType, string field, MachineMailKind kind)
    {
        var verdict = detector.Detect(Report($"multipart/report; report-type={reportType}", partType, field));

        Assert.That(verdict?.Kind, Is.EqualTo(kind));
        Assert.That(verdict!.Reason, Does.StartWith($"multipart/report; report-type={reportType}"));
    }

    [TestCase("message/delivery-status", "Action: failed", MachineMailKind.DeliveryStatus)]
    [TestCase("message/disposition-notification", "Disposition: automatic-action/MDN-sent-automatically; displayed", MachineMailKind.ReadReceipt)]
    [TestCase("message/feedback-report", "Feedback-Type: abuse", MachineMailKind.FeedbackReport)]
    public void A_report_part_in_a_plain_multipart_is_machine_mail(string partType, string field, MachineMailKind kind)
    {
        var verdict = detector.Detect(Report("multipart/mixed", partType, field));

        Assert.That(verdict, Is.EqualTo(new MachineMailVerdict(kind, $"a {partType} part")));
    }

    // Our own mail.

    [Test]
    public void Mail_carrying_our_loop_header_is_our_own_mail() =>
        Assert.That(detector.Detect(Person($"X-MailComplaints-Loop: {OwnAddress}")),
            Is.EqualTo(new MachineMailVerdict(MachineMailKind.OwnMail, $"X-MailComplaints-Loop: {OwnAddress} (our loop header)")));

    [Test]
    public void Mail_with_the_loop_header_of_another_installation_is_an_automatic_reply() =>
        Assert.That(detector.Detect(Person("X-MailComplaints-Loop: klachten@andere-gemeente.example"))?.Kind, Is.EqualTo(MachineMailKind.AutoReply));

    [Test]
    public void Mail_with_a_Message_ID_we_made_is_our_own_mail()
    {
        var message = Parse($"""
            From: Klachten <other@example.nl>
            To: anna@example.nl
            Subject: [KL-2026-00042] Ontvangstbevestiging
            Message-ID: <{OurAcknowledgementId}>

            Tekst.
            """);

        Assert.That(detector.Detect(message)?.Kind, Is.EqualTo(MachineMailKind.OwnMail));
    }

    [Test]
    public void Mail_from_our_own_complaints_address_is_our_own_mail() =>
        Assert.That(detector.Detect(Person($"From: Klachten <{OwnAddress.ToUpperInvariant()}>"))?.Kind, Is.EqualTo(MachineMailKind.OwnMail));

    [Test]
    public void The_detector_needs_the_Message_ID_domain() =>
        Assert.That(() => new MachineMailDetector(new MachineMailOptions([OwnAddress], "X-MailComplaints-Loop", " ")),
            Throws.ArgumentException.With.Message.Contains("Message-ID domain"));

    private static MimeMessage Report(string containerType, string partType, string field) => Parse($"""
        From: Reporter <reports@mx.example.nl>
        To: klachten@gemeente.example
        Subject: Report
        MIME-Version: 1.0
        Content-Type: {containerType}; boundary="r"

        --r
        Content-Type: text/plain

        A report.
        --r
        Content-Type: {partType}

        Reporting-MTA: dns; mx.example.nl

        Final-Recipient: rfc822; anna@example.nl
        {field}
        --r--
        """);
}
