using MailComplaints.Outbox;
using MailComplaints.Cases;
using MailComplaints.Procedure;
using MailComplaints.Storage;
using MailComplaints.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailComplaints.Tests.Procedure;

/// <summary>The handlers' morning overview: once each working day from its time on, with what is overdue and what waits.</summary>
public sealed class MorningOverviewTests(StorageProvider provider) : ProcedureFixture(provider)
{
    [SetUp]
    public Task StartOnMonday1February2027() => StartAsync(Amsterdam(2027, 2, 1));

    private MorningOverview Overview() => new(Cases, Outbox, new WorkerStateRepository(Database), Mails(ProcedureSettings.Default), Terms(ProcedureSettings.Default),
        Database, Clock, NullLogger<MorningOverview>.Instance);

    [Test]
    public async Task Each_handler_with_open_cases_gets_one_overview_a_working_day_with_the_overdue_and_the_waiting_cases()
    {
        var overdue = await LodgeAsync();
        MoveClockTo(Amsterdam(2027, 3, 1));
        var waiting = await LodgeAsync(complainant: "piet@example.nl");
        await using (var unit = await Database.BeginAsync(default))
        {
            await Cases.RecordAsync(unit, waiting.Id, CaseEventKind.FollowUp, "piet@example.nl", "message <again@example.nl>", Clock.GetUtcNow(), default);
            await unit.CommitAsync(default);
        }

        MoveClockTo(Amsterdam(2027, 3, 16, 7, 29));
        Assert.That(await Overview().SendIfDueAsync(default), Is.Zero, "not before 07:30");
        MoveClockTo(Amsterdam(2027, 3, 16, 7, 30));
        Assert.That(await Overview().SendIfDueAsync(default), Is.EqualTo(1), "Henk has two open cases; Ans none; nothing is with the director");
        Assert.That(await Overview().SendIfDueAsync(default), Is.Zero, "once a day");

        var mail = (await Outbox.DueAsync(Clock.GetUtcNow(), 100, default)).Single(entry => entry.Kind == MailKind.MorningOverview);
        Assert.That(mail.Recipients, Is.EqualTo(new[] { Handler.Email }));
        var text = MailComplaints.Reading.MessageParser.Parse(Composer.Compose(mail));
        Assert.That(text.Subject, Is.EqualTo("Uw klachten op 16 maart 2027: 2 open, 1 over de termijn, 1 wacht op u"));
        // 17 working days to 12 April: Good Friday and Easter Monday do not count.
        Assert.That(MailComplaints.Reading.MessageText.Of(text), Does.Contain($"[{overdue.Number}] Lekkage\n    OVER DE TERMIJN: die liep tot 15 maart 2027")
            .And.Contain($"[{waiting.Number}] Lekkage\n    termijn tot 12 april 2027, nog 17 werkdag(en)\n    de klager heeft geschreven en wacht op uw antwoord"));

        MoveClockTo(Amsterdam(2027, 3, 20, 9));
        Assert.That(await Overview().SendIfDueAsync(default), Is.Zero, "Saturday");
        MoveClockTo(Amsterdam(2027, 3, 22, 9));
        Assert.That(await Overview().SendIfDueAsync(default), Is.EqualTo(1), "Monday, the next working day");
    }
}
