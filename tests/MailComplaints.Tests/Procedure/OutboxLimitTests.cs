using MailComplaints.Cases;
using MimeKit;
using MailComplaints.MailServers;
using MailComplaints.Outbox;
using MailComplaints.Storage;

namespace MailComplaints.Tests.Procedure;

/// <summary>
/// The outbox's part in the procedure: mails queued as drafts and composed when sent, the daily limit on automatic mail per
/// address, and what a case hears when a mail cannot be delivered.
/// </summary>
public sealed class OutboxLimitTests(StorageProvider provider) : ProcedureFixture(provider)
{
    [SetUp]
    public Task StartOnTuesday16March2027() => StartAsync(Amsterdam(2027, 3, 16));

    private async Task<IReadOnlyList<OutboxStatus>> StatusesAsync(Case @case, MailKind kind) =>
        (await Outbox.ForCaseAsync(@case.Id, default)).Where(mail => mail.Kind == kind && !mail.ThroughRelay).Select(mail => mail.Status).ToList();

    [Test]
    public async Task A_mail_is_queued_as_a_draft_and_sent_with_the_Message_ID_and_Date_of_its_queuing_and_its_bytes_are_kept()
    {
        var queuedAt = Clock.GetUtcNow();
        var lodged = await LodgeAsync();
        var queued = (await Outbox.ForCaseAsync(lodged.Id, default)).Single(mail => mail.Kind == MailKind.Acknowledgement);
        Assert.That((queued.Raw, queued.Draft?.Template, queued.Draft?.To.Address), Is.EqualTo(((byte[]?)null, "acknowledgement", "jan@example.nl")));

        Clock.Advance(TimeSpan.FromHours(3));
        Assert.That(await SendOutboxAsync(), Is.EqualTo(2));

        var sent = (await Outbox.ForCaseAsync(lodged.Id, default)).Single(mail => mail.Kind == MailKind.Acknowledgement);
        Assert.That((sent.Status, sent.Draft), Is.EqualTo((OutboxStatus.Sent, (MailDraft?)null)));
        var message = MailComplaints.Reading.MessageParser.Parse(sent.Raw!);
        Assert.That(message.MessageId, Is.EqualTo(queued.MessageId));
        Assert.That(message.Date, Is.EqualTo(queuedAt), "dated when it was queued, not when it left");
        Assert.That(message.Subject, Does.StartWith($"[{lodged.Number}] "));
        Assert.That(MailComplaints.Reading.MessageText.Of(message), Does.Contain(lodged.Number.ToString()));
    }

    [Test]
    public async Task A_draft_that_cannot_be_composed_is_given_up_with_the_reason_and_the_case_hears_of_it()
    {
        var lodged = await LodgeAsync();
        await using (var unit = await Database.BeginAsync(default))
        {
            await Outbox.EnqueueAsync(unit, Composer.Queue(MailKind.Extension, lodged, new MailboxAddress(null, "jan@example.nl"), "no-such-template",
                new Dictionary<string, object?>(), null, [], automatic: true), Clock.GetUtcNow(), default);
            await unit.CommitAsync(default);
        }

        Assert.That(await SendOutboxAsync(), Is.EqualTo(3), "the acknowledgement, the assignment and the handler's notice of the failure leave");

        var broken = (await Outbox.ForCaseAsync(lodged.Id, default)).Single(mail => mail.Kind == MailKind.Extension);
        Assert.That(broken.Status, Is.EqualTo(OutboxStatus.Failed));
        Assert.That(broken.LastError, Does.Contain("could not be composed").And.Contain("no-such-template"));
        Assert.That((await Cases.EventsAsync(lodged.Id, default)).Where(e => e.Kind == nameof(CaseEventKind.DeliveryFailed)).Select(e => e.Detail), Has.Exactly(1).Contains("no-such-template"));
        Assert.That((await Outbox.ForCaseAsync(lodged.Id, default)).Where(mail => mail.Kind == MailKind.DeliveryFailed).Select(mail => (string.Join(",", mail.Recipients), mail.Status)),
            Is.EqualTo(new[] { (Handler.Email, OutboxStatus.Sent) }));
    }

    [Test]
    public async Task Automatic_mails_over_the_daily_limit_to_one_address_are_withheld_but_handlers_always_get_theirs()
    {
        var lodged = new List<Case>();
        for (var i = 0; i < 3; i++)
        {
            lodged.Add(await LodgeAsync());
            Clock.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.That(await SendOutboxAsync(perAddressPerDay: 2), Is.EqualTo(5), "two acknowledgements and three assignments");

        var acknowledgements = new List<OutboxStatus>();
        var assignments = new List<OutboxStatus>();
        foreach (var @case in lodged)
        {
            acknowledgements.AddRange(await StatusesAsync(@case, MailKind.Acknowledgement));
            assignments.AddRange(await StatusesAsync(@case, MailKind.Assignment));
        }
        Assert.That(acknowledgements, Is.EqualTo(new[] { OutboxStatus.Sent, OutboxStatus.Sent, OutboxStatus.Withheld }));
        Assert.That(assignments, Is.EqualTo(new[] { OutboxStatus.Sent, OutboxStatus.Sent, OutboxStatus.Sent }), "the handler is exempt");
        Assert.That((await Outbox.ForCaseAsync(lodged[2].Id, default)).Single(mail => mail.Kind == MailKind.Acknowledgement).LastError, Does.Contain("Outbox:AutomaticMailsPerAddressPerDay"));
    }

    [Test]
    public async Task The_limit_counts_the_last_24_hours()
    {
        await LodgeAsync();
        await LodgeAsync();
        Assert.That(await SendOutboxAsync(perAddressPerDay: 2), Is.EqualTo(4));

        Clock.Advance(TimeSpan.FromHours(24).Add(TimeSpan.FromMinutes(1)));
        var next = await LodgeAsync();

        Assert.That(await SendOutboxAsync(perAddressPerDay: 2), Is.EqualTo(2));
        Assert.That(await StatusesAsync(next, MailKind.Acknowledgement), Is.EqualTo(new[] { OutboxStatus.Sent }));
    }

    [Test]
    public async Task When_the_outbox_gives_up_the_case_records_it_and_the_handler_is_told()
    {
        var lodged = await LodgeAsync();
        // Nothing listens on port 9 of this host: the connection is refused at every attempt.
        var unreachable = new SmtpTransport(new SmtpSettings("127.0.0.1", 9, TransportSecurity.None, "", ""));

        Assert.That(await SendOutboxAsync(transport: unreachable, maxAttempts: 1), Is.Zero);

        var events = await Cases.EventsAsync(lodged.Id, default);
        Assert.That(events.Where(e => e.Kind == nameof(CaseEventKind.DeliveryFailed)).Select(e => e.Detail), Has.Exactly(1).Contains("(Acknowledgement)"),
            "the acknowledgement's failure is in the file; the assignment's too, but the handler is not told of a mail to themselves");
        Assert.That((await Outbox.ForCaseAsync(lodged.Id, default)).Where(mail => mail.Kind == MailKind.DeliveryFailed).Select(mail => string.Join(",", mail.Recipients)),
            Is.EqualTo(new[] { Handler.Email }));
        Assert.That(await StatusesAsync(lodged, MailKind.Acknowledgement), Is.EqualTo(new[] { OutboxStatus.Failed }));
        Assert.That((await ReloadAsync(lodged)).AcknowledgedAt, Is.Null);
    }
}
