using System.Text;
using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Storage;
using MailComplaints.Templates;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Reporting;

/// <summary>
/// Mails every director the report of the period that ended: the year in January, a quarter in April, July and October, from
/// <see cref="ProcedureSettings.ReportTime"/> (Amsterdam) on the first working day after the period, and on the working days
/// of that first working week when the worker was not running before. The report goes as HTML and CSV attachments, in the
/// language most of the period's complaints were written in. Exactly once a period: the period is claimed in the
/// transaction that queues the mails, so a restart, a second run or a second worker sends nothing again.
/// </summary>
public sealed class PeriodicReport(ComplaintsReport reports, ReportRenderer renderer, OutboxRepository outbox, WorkerStateRepository state, CaseMails mails,
    ProcedureTerms terms, Database database, TimeProvider time, ILogger<PeriodicReport> logger)
{
    private const string LastSent = "periodic-report";

    // The first working week after the period: a worker down on its first working day still sends the report that week.
    private const int WorkingDaysToSend = 5;

    /// <summary>Queues the report of the period that ended when it is due and not queued yet; returns how many mails were queued.</summary>
    public async Task<int> SendIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = WorkingDayCalendar.DateIn(now);
        var period = ReportPeriod.LastEndedBefore(today);
        var firstDay = terms.Calendar.NextWorkingDayOnOrAfter(period.End);
        if (terms.Settings.ReportTime is not { } at || !terms.Calendar.IsWorkingDay(today) || now < WorkingDayCalendar.StartOfDay(firstDay) + at
            || terms.Calendar.WorkingDaysBetween(firstDay, today) >= WorkingDaysToSend
            || (await state.GetAsync(LastSent, cancellationToken).ConfigureAwait(false))?.Value == period.Code)
        {
            return 0;
        }
        var analysis = await reports.AnalyseAsync(period, cancellationToken).ConfigureAwait(false);
        var language = analysis.Languages.FirstOrDefault(count => count.Language == "en")?.Complaints.Period
            > analysis.Languages.Sum(count => count.Complaints.Period) / 2.0 ? "en" : MailTemplates.FallbackLanguage;
        var attachments = new List<OutgoingAttachment>
        {
            new($"report-{period.Code}.html", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(renderer.Html(analysis, language))),
            new($"report-{period.Code}.csv", "text/csv; charset=utf-8", Encoding.UTF8.GetBytes(ReportRenderer.Csv(analysis))),
        };
        var model = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["year"] = period.Year,
            ["quarter"] = period.Quarter ?? 0,
            ["previousYear"] = analysis.PreviousPeriod.Year,
            ["previousQuarter"] = analysis.PreviousPeriod.Quarter ?? 0,
            ["madeDate"] = MailTemplates.FormatDate(today, language),
            ["complaints"] = analysis.Outcomes.Complaints.Period,
            ["previousComplaints"] = analysis.Outcomes.Complaints.Previous,
        };
        var reportMails = mails.Handlers.Where(handler => handler.Role == HandlerRole.Director)
            .Select(director => mails.PeriodicReport(director, language, model, attachments)).ToList();
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (!await state.TryClaimAsync(unit, LastSent, period.Code, now, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }
        await outbox.EnqueueManyAsync(unit, reportMails, now, cancellationToken).ConfigureAwait(false);
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (reportMails.Count == 0)
        {
            logger.LogWarning("The report of {Period} is due, but no handler has the role Director to send it to", period.Code);
        }
        else
        {
            logger.LogInformation("The report of {Period} queued for {Count} director(s)", period.Code, reportMails.Count);
        }
        return reportMails.Count;
    }
}
