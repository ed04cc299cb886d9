using System.Text;
using Dapper;
using MailComplaints.Cases;
using MailComplaints.Intake;
using MailComplaints.Procedure;
using MailComplaints.Storage;

namespace MailComplaints.Tests.Reporting;

/// <summary>
/// A register with known complaints in 2025 and 2026, written through the repositories as the worker writes them: across
/// the year boundary (received at 00:30 on 1 January in Amsterdam, still 31 December in UTC), withdrawn, escalated,
/// referred, extended with reasons, agreed and disagreed, with categories, causes and measures, complainants who complained
/// more than once, the ledger's machine mail, copies, follow-ups and failures, and one case erased (no complainant, cause,
/// measure or reason left). <see cref="AnalysisTests"/> lists the figures it makes; the report example is rendered from it.
/// </summary>
public sealed class ReportDataSet
{
    /// <summary>When the report of 2026 is made: Monday 4 January 2027, 09:00 in Amsterdam.</summary>
    public static readonly DateTimeOffset MadeAt = At(2027, 1, 4, 9);

    private readonly Database database;
    private readonly CaseRepository cases;
    private readonly List<InboundRecord> ledger = [];

    private ReportDataSet(Database database)
    {
        this.database = database;
        cases = new CaseRepository(database);
    }

    /// <summary>The complaint received at 00:30 on 1 January 2026 in Amsterdam (23:30 UTC on 31 December 2025), decided within the term.</summary>
    public Case NewYearsNight { get; private set; } = null!;

    /// <summary>The second complaint of jan@example.nl in 2026, extended twice, escalated, decided without the complainant's agreement.</summary>
    public Case Extended { get; private set; } = null!;

    /// <summary>Escalated and referred, still with the third party; acknowledged late.</summary>
    public Case Referred { get; private set; } = null!;

    /// <summary>Erased on request after it was decided: no complainant, cause, measure or extension reason left; its category kept.</summary>
    public Case Erased { get; private set; } = null!;

    /// <summary>Open, with a cause and a measure recorded already.</summary>
    public Case Open { get; private set; } = null!;

    /// <summary>Escalated and decided; whether the complainant agreed was not recorded.</summary>
    public Case Escalated { get; private set; } = null!;

    /// <summary>Writes the data set into a migrated <paramref name="database"/>.</summary>
    public static async Task<ReportDataSet> WriteAsync(Database database)
    {
        var set = new ReportDataSet(database);
        await set.WriteAsync();
        return set;
    }

    /// <summary>An instant on an Amsterdam wall clock.</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour = 10, int minute = 0) =>
        WorkingDayCalendar.StartOfDay(new DateOnly(year, month, day)).AddHours(hour).AddMinutes(minute);

    private async Task WriteAsync()
    {
        // 2025, the year before.
        var p1 = await CaseAsync(At(2025, 3, 10), "a@example.nl", "nl", acknowledged: At(2025, 3, 11));
        await DecideAsync(p1, At(2025, 4, 7), agrees: true, category: "bejegening", cause: "Onvriendelijke medewerker aan de balie.");
        var p2 = await CaseAsync(At(2025, 6, 2), "b@example.nl", "en", acknowledged: At(2025, 6, 10));
        await StepAsync(p2, CaseEventKind.Extended, "2025-07-14 → 2025-08-01: Wachten op het rapport van de aannemer.");
        await StepAsync(p2, CaseEventKind.Escalated, "Disagreement; director's term until 2025-09-01");
        await DecideAsync(p2 with { ExtensionReason = "Wachten op het rapport van de aannemer." }, At(2025, 8, 1), agrees: false, category: "termijnen");
        var p3 = await CaseAsync(At(2025, 12, 30, 14), "A@Example.nl", "nl", acknowledged: At(2025, 12, 31));
        await DecideAsync(p3, At(2026, 1, 20), agrees: true, category: "kosten", measure: "Facturen worden voortaan gecontroleerd.");
        await RejectedAsync(At(2025, 5, 5), "c@example.nl", RejectionReason.Late);
        Message(At(2025, 6, 20), MessageOutcome.FollowUp, "a reply on the thread", p2.Id);
        Message(At(2025, 7, 1), MessageOutcome.Ignored, $"{IntakeDecision.MachineMail} (AutoReply): Auto-Submitted: auto-replied", null);
        Message(At(2025, 9, 9), MessageOutcome.Failed, "no sender address in From, Sender or Reply-To", null);

        // 2026, the year reported on.
        NewYearsNight = await CaseAsync(new DateTimeOffset(2025, 12, 31, 23, 30, 0, TimeSpan.Zero), "jan@example.nl", "nl", acknowledged: At(2026, 1, 2, 9));
        await DecideAsync(NewYearsNight, At(2026, 1, 30), agrees: true, category: "bejegening", cause: "Monteur kwam niet opdagen.",
            measure: "Monteurs bevestigen afspraken de dag ervoor.");
        Extended = await CaseAsync(At(2026, 2, 16), "jan@example.nl", "nl", acknowledged: At(2026, 2, 17));
        await StepAsync(Extended, CaseEventKind.Extended, "2026-03-30 → 2026-04-20: Wachten op het rapport van de aannemer.");
        await StepAsync(Extended, CaseEventKind.Extended, "2026-04-20 → 2026-05-15: Wachten op het rapport van de aannemer.");
        await StepAsync(Extended, CaseEventKind.Escalated, "Disagreement; director's term until 2026-06-11");
        await DecideAsync(Extended with { ExtensionReason = "Wachten op het rapport van de aannemer." }, At(2026, 5, 11), agrees: false, category: "termijnen",
            cause: "Aannemer te laat ingepland.");
        Referred = await CaseAsync(At(2026, 3, 9), "piet@example.nl", "en", acknowledged: At(2026, 3, 18));
        await StepAsync(Referred, CaseEventKind.Escalated, "TermEnded; director's term until 2026-05-11");
        await StepAsync(Referred, CaseEventKind.Referred, "de onafhankelijke klachtencommissie");
        await UpdateAsync(Referred with { Status = CaseStatus.Referred, StatusReason = "ThirdParty", Category = "dienstverlening" });
        Erased = await CaseAsync(At(2026, 4, 20), "erased@example.nl", "nl", acknowledged: At(2026, 4, 21));
        await StepAsync(Erased, CaseEventKind.Extended, "2026-06-01 → 2026-06-15: Wachten op de verzekeraar van mevrouw Jansen.");
        await DecideAsync(Erased with { ExtensionReason = "Wachten op de verzekeraar van mevrouw Jansen." }, At(2026, 5, 15), agrees: true, category: "kosten",
            cause: "Mevrouw Jansen kreeg een verkeerde factuur.", measure: "Factuur aan mevrouw Jansen gecorrigeerd.");
        var withdrawn = await CaseAsync(At(2026, 6, 15), "klaas@example.nl", "nl", acknowledged: At(2026, 6, 15, 15), relay: "servicedesk@example.org");
        await UpdateAsync(withdrawn with { Status = CaseStatus.Withdrawn, ClosedAt = At(2026, 6, 20) });
        Open = await CaseAsync(At(2026, 9, 7), "marie@example.nl", "en", acknowledged: At(2026, 9, 8));
        await UpdateAsync(Open with { Status = CaseStatus.InHandling, Category = "informatie", Cause = "Brief was onduidelijk.", Measure = "Standaardbrief herschreven." });
        Escalated = await CaseAsync(At(2026, 10, 5), "kees@example.nl", "nl", acknowledged: At(2026, 10, 6));
        await StepAsync(Escalated, CaseEventKind.Escalated, "HandlerRequest; director's term until 2026-11-16");
        await DecideAsync(Escalated, At(2026, 11, 20), agrees: null, category: "bejegening", measure: "Klantcontacttraining voor monteurs.");
        await CaseAsync(At(2026, 11, 2), "Marie@example.nl", "en", acknowledged: null);
        await RejectedAsync(At(2026, 2, 3), "jan@example.nl", RejectionReason.Late);
        await RejectedAsync(At(2026, 7, 1), "anna@example.nl", RejectionReason.OtherChannel);
        Message(At(2026, 8, 3), MessageOutcome.Rejected, $"the same matter as {NewYearsNight.Number}, decided on 2026-01-30", NewYearsNight.Id);
        Message(At(2026, 3, 2), MessageOutcome.FollowUp, "a reply on the thread", Extended.Id);
        Message(At(2026, 9, 20), MessageOutcome.FollowUp, "the same matter as the open case", Open.Id);
        Message(At(2026, 1, 5), MessageOutcome.Ignored, $"{IntakeDecision.MachineMail} (AutoReply): Auto-Submitted: auto-replied", null);
        Message(At(2026, 4, 1), MessageOutcome.Ignored, $"{IntakeDecision.MachineMail} (DeliveryStatus): multipart/report", null);
        Message(At(2026, 12, 31, 23, 30), MessageOutcome.Ignored, $"{IntakeDecision.MachineMail} (Bulk): Precedence: bulk", null);
        Message(At(2026, 5, 5), MessageOutcome.Ignored, "the same bytes were processed before (a copy of a message already handled)", null);
        Message(At(2026, 5, 5, 11), MessageOutcome.Failed, "larger than Intake:MaxMessageBytes", null);
        Message(At(2026, 5, 5, 12), MessageOutcome.Retried, "larger than Intake:MaxMessageBytes", null);

        // After the period: not counted.
        Message(At(2027, 1, 2), MessageOutcome.Ignored, $"{IntakeDecision.MachineMail} (AutoReply): Auto-Submitted: auto-replied", null);
        await CaseAsync(At(2027, 1, 2), "jan@example.nl", "nl", acknowledged: null);

        await using (var unit = await database.BeginAsync(default))
        {
            await new InboundMessageRepository(database).RecordManyAsync(unit, "INBOX", ledger, MadeAt, default);
            await unit.CommitAsync(default);
        }
        await EraseAsync(Erased);
    }

    private async Task<Case> CaseAsync(DateTimeOffset received, string address, string language, DateTimeOffset? acknowledged, string? relay = null)
    {
        var (termEnds, acknowledgeBy) = new ProcedureTerms(ProcedureSettings.Default, WorkingDayCalendar.Statutory).For(received);
        await using var unit = await database.BeginAsync(default);
        var registered = (await cases.RegisterManyAsync(unit, [new NewCase(CaseStatus.Registered, null, new Complainant("Klager", address), "Klacht", "De klacht.",
            language, "henk@example.org", null, received)
        {
            TermEnds = termEnds, AcknowledgeBy = acknowledgeBy, Channel = relay is null ? CaseChannel.Email : CaseChannel.Relay, RelayAddress = relay,
        }], "KL", received, default))[0];
        if (acknowledged is { } at)
        {
            await unit.Connection.ExecuteAsync("UPDATE cases SET acknowledged_at = @at, status = 'InHandling' WHERE id = @id",
                new { at = at.UtcDateTime, id = registered.Id }, unit.Transaction);
        }
        await unit.CommitAsync(default);
        Message(received, MessageOutcome.Registered, "a complaint by email", registered.Id);
        return registered;
    }

    private async Task RejectedAsync(DateTimeOffset received, string address, RejectionReason rule)
    {
        await using var unit = await database.BeginAsync(default);
        var rejected = (await cases.RegisterManyAsync(unit, [new NewCase(CaseStatus.Rejected, rule.ToString(), new Complainant(null, address), "Klacht", "De klacht.",
            "nl", null, null, received)], "KL", received, default))[0];
        await unit.CommitAsync(default);
        Message(received, MessageOutcome.Rejected, rule.ToString(), rejected.Id);
    }

    private Task DecideAsync(Case @case, DateTimeOffset closed, bool? agrees, string category, string? cause = null, string? measure = null) => UpdateAsync(@case with
    {
        Status = CaseStatus.Resolved, StatusReason = null, Solution = "Opgelost.", ComplainantAgrees = agrees, ClosedAt = closed, Category = category, Cause = cause, Measure = measure,
    });

    private async Task UpdateAsync(Case changed)
    {
        await using var unit = await database.BeginAsync(default);
        await cases.UpdateAsync(unit, changed, changed.ClosedAt ?? changed.ReceivedAt, default);
        await unit.CommitAsync(default);
    }

    private async Task StepAsync(Case @case, CaseEventKind kind, string detail)
    {
        await using var unit = await database.BeginAsync(default);
        await cases.RecordAsync(unit, @case.Id, kind, "henk@example.org", detail, @case.ReceivedAt.AddDays(30), default);
        await unit.CommitAsync(default);
    }

    private void Message(DateTimeOffset received, MessageOutcome outcome, string reason, long? caseId)
    {
        var raw = Encoding.ASCII.GetBytes($"Message-ID: <{ledger.Count}@example.nl>\r\n\r\n.\r\n");
        ledger.Add(new InboundRecord($"{ledger.Count + 1}:1", $"<{ledger.Count}@example.nl>", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw)), raw,
            outcome, reason, caseId, received));
    }

    // What erasure on request leaves of a case (docs/retention.md): the anonymous record, its category and its audit lines' kinds.
    private async Task EraseAsync(Case @case)
    {
        await using var unit = await database.BeginAsync(default);
        foreach (var sql in new[]
        {
            """
            UPDATE cases SET complainant_name = NULL, complainant_address = '', complainant_key = NULL, subject = NULL, description = '', solution = NULL,
                             extension_reason = NULL, relay_address = NULL, cause = NULL, measure = NULL
            WHERE id = @id
            """,
            "UPDATE case_events SET actor = NULL, detail = NULL WHERE case_id = @id",
            "UPDATE inbound_messages SET raw = @nothing, sha256 = '', message_id = NULL, reason = NULL WHERE case_id = @id",
        })
        {
            await unit.Connection.ExecuteAsync(sql, new { id = @case.Id, nothing = Array.Empty<byte>() }, unit.Transaction);
        }
        await unit.CommitAsync(default);
    }
}
