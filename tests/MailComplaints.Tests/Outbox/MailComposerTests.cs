using MailComplaints.Cases;
using MailComplaints.Outbox;
using MailComplaints.Reading;
using MailComplaints.Templates;
using MailComplaints.Testing;
using MailComplaints.Threads;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace MailComplaints.Tests.Outbox;

/// <summary>What MimeKit writes for us: CRLF throughout, and no value of ours can ever make a header of its own.</summary>
public sealed class MailComposerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 3, 9, 15, 0, TimeSpan.Zero);
    private readonly MailSettings mail = new("Klachten\r\nBcc: spy@example.org", "klachten@example.org", Path.Combine(Corpus.RepositoryRoot.FullName, "templates"), 10_000_000);

    private MailComposer Composer() => new(mail, new MailTemplates(mail.TemplatesDirectory), new ThreadTokens(ThreadTokens.ParseSecret(ThreadTokens.NewSecret())), new FakeTimeProvider(Now));

    private byte[] Acknowledgement(string complainantName, string subject)
    {
        var @case = new Case(1, CaseNumber.TryParse("KL-2026-00001", out var number) ? number : throw new InvalidOperationException(), CaseStatus.Registered, null, new Complainant(complainantName, "jan@example.nl"), subject,
            "De lift is kapot.", "nl", "petra@example.org", null, null, null, Now, null) { TermEnds = new DateOnly(2026, 12, 15) };
        var model = MailFields.Catalogue["acknowledgement"].Sample();
        model["subject"] = subject;
        var queued = Composer().Queue(MailKind.Acknowledgement, @case, new MailboxAddress(complainantName, "jan@example.nl"), "acknowledgement", model, "complaint-1@example.nl", ["complaint-1@example.nl"], automatic: true);
        return Composer().Compose(new OutboxEntry(1, queued.MessageId, 1, queued.Kind, queued.EnvelopeFrom, queued.Recipients, queued.Raw, queued.Draft, OutboxStatus.Pending, 0, null, Now, Now, null));
    }

    [Test]
    public void A_line_break_in_a_name_or_subject_never_makes_a_header_of_its_own()
    {
        var raw = Acknowledgement("Jan\r\nBcc: spy@example.org", "Lekkage\nX-Injected: yes\r\nTo: spy@example.org");

        var message = MessageParser.Parse(raw);
        var headerBlock = System.Text.Encoding.UTF8.GetString(raw)[..System.Text.Encoding.UTF8.GetString(raw).IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.That(message.Headers.Select(header => header.Field), Has.None.EqualTo("Bcc").And.None.EqualTo("X-Injected"));
        Assert.That(message.To.Mailboxes.Select(mailbox => mailbox.Address), Is.EqualTo(new[] { "jan@example.nl" }));
        Assert.That(headerBlock.Split("\r\n"), Has.None.StartsWith("Bcc:").And.None.StartsWith("X-Injected:").And.Exactly(1).StartsWith("To:"));
        Assert.That(message.Subject, Does.Contain("X-Injected: yes"), "the text is kept, on one line");
    }

    [Test]
    public void Every_line_ends_in_CRLF()
    {
        var raw = Acknowledgement("Jan de Vries", "Lekkage");

        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == (byte)'\n')
            {
                Assert.That(i > 0 && raw[i - 1] == (byte)'\r', Is.True, $"a bare LF at byte {i}");
            }
        }
        Assert.That(MessageText.Of(MessageParser.Parse(raw)), Does.Contain("KL-2027-00042").And.Contain("17 maart 2027"), "the text as rendered, read back");
    }

    [Test]
    public async Task The_pickup_directory_keeps_the_mail_byte_for_byte_with_its_CRLF()
    {
        var raw = Acknowledgement("Jan de Vries", "Lekkage");
        var folder = Directory.CreateTempSubdirectory("pickup-").FullName;
        try
        {
            var pickup = new PickupDirectoryTransport(folder);
            await pickup.SendAsync(new OutboxEntry(1, "m1@example.org", 1, MailKind.Acknowledgement, "klachten@example.org", ["jan@example.nl"], raw, null, OutboxStatus.Pending, 0, null, Now, Now, null), default);

            Assert.That(await File.ReadAllBytesAsync(pickup.PathFor("m1@example.org")), Is.EqualTo(raw));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
