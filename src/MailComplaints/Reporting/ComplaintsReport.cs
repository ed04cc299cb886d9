using MailComplaints.Procedure;

namespace MailComplaints.Reporting;

/// <summary>
/// Analyses a period: reads the register of the period and the one before it, and computes the figures as they stand now,
/// counting each message and case as it is read.
/// </summary>
public sealed class ComplaintsReport(AnalysisRepository repository, ProcedureTerms terms, TimeProvider time)
{
    /// <summary>The analysis of <paramref name="period"/> beside the period before it.</summary>
    public async Task<ComplaintsAnalysis> AnalyseAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var from = WorkingDayCalendar.StartOfDay(period.Before().First);
        var until = WorkingDayCalendar.StartOfDay(period.End);
        var analysis = new AnalysisBuilder(terms, period, time.GetUtcNow());
        await foreach (var message in repository.MessagesAsync(from, until, cancellationToken).ConfigureAwait(false))
        {
            analysis.Add(message);
        }
        await foreach (var @case in repository.CasesAsync(from, until, cancellationToken).ConfigureAwait(false))
        {
            analysis.Add(@case);
        }
        return analysis.Build();
    }
}
