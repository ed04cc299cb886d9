using System.Security.Cryptography;
using System.Text;
using Dapper;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Storage;

namespace MailComplaints.Benchmarks.Register;

/// <summary>
/// Fills a register deterministically from a seed: open cases received over the last thirteen weeks before
/// <see cref="RegisterAtScale.Today"/>, each with its deadlines, and closed ones over the three years before, each with
/// its ledger line, audit lines, mails and, for one case in ten, an attachment. Not part of the worker: it runs in a
/// process of its own (<c>register fill</c>), so that the measured process holds only what the worker would.
/// </summary>
internal sealed class RegisterGenerator(Database database, ProcedureTerms terms)
{
    private const int CasesPerTransaction = 1000;

    private readonly Random random = new(2026);
    private readonly CaseRepository cases = new(database);
    private readonly OutboxRepository outbox = new(database);
    private readonly InboundMessageRepository ledger = new(database);
    private readonly DeadlineRepository deadlines = new(database);

    /// <summary>
    /// Open cases received over the last thirteen weeks and closed ones over the three years before; the deadlines
    /// due before today count as fired by the sweeps of earlier days, so that today's sweep has a day's work.
    /// </summary>
    public async Task FillAsync(int open, int closed, CancellationToken cancellationToken)
    {
        for (var done = 0; done < closed; done += CasesPerTransaction)
        {
            await AddAsync(Math.Min(CasesPerTransaction, closed - done), isOpen: false, cancellationToken);
        }
        for (var done = 0; done < open; done += CasesPerTransaction)
        {
            await AddAsync(Math.Min(CasesPerTransaction, open - done), isOpen: true, cancellationToken);
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE case_deadlines SET state = 'Fired' WHERE state = 'Pending' AND due_on < @today",
            new { today = WorkingDayCalendar.DateIn(RegisterAtScale.Today).ToDateTime(TimeOnly.MinValue) }, cancellationToken: cancellationToken));
    }

    private async Task AddAsync(int count, bool isOpen, CancellationToken cancellationToken)
    {
        var today = RegisterAtScale.Today;
        var handlers = RegisterAtScale.Handlers;
        var received = Enumerable.Range(0, count)
            .Select(_ => today.AddMinutes(-random.Next(isOpen ? 10 : 100, (isOpen ? 91 : 3 * 365) * 24 * 60) - (isOpen ? 0 : 91 * 24 * 60))).ToList();
        var newCases = received.Select(at => NewCase(at, isOpen)).ToList();
        await using var unit = await database.BeginAsync(cancellationToken);
        var registered = await cases.RegisterManyAsync(unit, newCases.Select(pair => pair.Case).ToList(), "KL", today, cancellationToken);
        for (var i = 0; i < registered.Count; i++)
        {
            if (newCases[i].Status is not (CaseStatus.Registered or CaseStatus.Rejected))
            {
                // Closed a month after receipt, the way the procedure closes a case.
                var closedAt = registered[i].ReceivedAt.AddDays(30);
                await cases.UpdateAsync(unit, registered[i] with { Status = newCases[i].Status, Solution = "De monteur is langs geweest.", ComplainantAgrees = true, ClosedAt = closedAt },
                    closedAt, cancellationToken);
            }
        }
        var lines = await ledger.RecordManyAsync(unit, "maildir:inbox", registered.Select(@case => new InboundRecord($"{@case.Number}.eml", $"{@case.Number}@example.nl",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(@case.Number.ToString()))), Raw(@case),
            @case.Status == CaseStatus.Rejected ? MessageOutcome.Rejected : MessageOutcome.Registered, "generated", @case.Id, @case.ReceivedAt)).ToList(),
            today, cancellationToken);
        await cases.RecordManyAsync(unit, registered.SelectMany(@case => new[]
        {
            new CaseEventEntry(@case.Id, CaseEventKind.Registered, "intake", "generated"),
            new CaseEventEntry(@case.Id, CaseEventKind.AcknowledgementQueued, "intake", null),
            new CaseEventEntry(@case.Id, CaseEventKind.Assigned, "intake", null),
        }).ToList(), today, cancellationToken);
        await outbox.EnqueueManyAsync(unit, registered.SelectMany(@case => new[]
        {
            Mail(@case, MailKind.Acknowledgement, @case.Complainant.Address), Mail(@case, MailKind.Assignment, @case.HandlerEmail ?? handlers[0].Email),
        }).ToList(), today, cancellationToken);
        await cases.AddAttachmentsAsync(unit, registered.Select((@case, i) => (@case, line: lines[i])).Where(pair => pair.@case.Id % 10 == 0)
            .Select(pair => (pair.@case.Id, (long?)pair.line, new CaseAttachment("foto.jpg", "image/jpeg", 20_000, new string('a', 64)), (ReadOnlyMemory<byte>)new byte[20_000]))
            .ToList(), today, cancellationToken);
        if (isOpen)
        {
            await deadlines.ScheduleManyAsync(unit, registered.SelectMany(@case => terms.OpeningDeadlines(@case).Select(deadline => (@case.Id, deadline))).ToList(),
                today, cancellationToken);
        }
        await unit.CommitAsync(cancellationToken);
    }

    private (NewCase Case, CaseStatus Status) NewCase(DateTimeOffset received, bool isOpen)
    {
        var person = random.Next(1, 80_000);
        var (termEnds, acknowledgeBy) = terms.For(received);
        var status = isOpen ? CaseStatus.Registered : random.Next(10) switch
        {
            0 => CaseStatus.Rejected,
            1 => CaseStatus.Withdrawn,
            2 => CaseStatus.Referred,
            _ => CaseStatus.Resolved,
        };
        return (new NewCase(status == CaseStatus.Rejected ? CaseStatus.Rejected : CaseStatus.Registered, status == CaseStatus.Rejected ? nameof(RejectionReason.Late) : null,
            new Complainant($"Klager {person}", $"klager{person}@example.nl"), $"Klacht over de dienstverlening {person % 97}",
            "De monteur is opnieuw niet gekomen, terwijl de afspraak twee keer is bevestigd. " + new string('x', random.Next(200, 2000)), "nl",
            RegisterAtScale.Handlers[person % 2].Email, DateOnly.FromDateTime(received.UtcDateTime.AddDays(-2)), received)
        {
            TermEnds = status == CaseStatus.Rejected ? null : termEnds,
            AcknowledgeBy = status == CaseStatus.Rejected ? null : acknowledgeBy,
        }, status);
    }

    private static byte[] Raw(Case @case) => Encoding.UTF8.GetBytes(
        $"From: {@case.Complainant.Name} <{@case.Complainant.Address}>\r\nTo: klachten@example.org\r\nSubject: {@case.Subject}\r\nMessage-ID: <{@case.Number}@example.nl>\r\n\r\n{@case.Description}\r\n");

    private static OutgoingMail Mail(Case @case, MailKind kind, string to) => new($"{kind}.{@case.Number}@example.org", @case.Id, kind, "klachten@example.org", [to],
        Encoding.UTF8.GetBytes($"Subject: [{@case.Number}] {kind}\r\n\r\n{@case.Subject}\r\n"), null, RegisterAtScale.Today);
}
