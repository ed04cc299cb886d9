using System.CommandLine;
using System.Globalization;
using MailComplaints.Procedure;
using MailComplaints.Reporting;
using MailComplaints.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MailComplaints.Worker.Cli;

/// <summary>
/// <c>report --year Y [--quarter Q] [--language nl|en] [--format html|csv|json] [--out FILE]</c>: the analysis of a year or a
/// quarter beside the one before it, to stdout or a file. Exit 2 for a period that is not a year from 2000 on, not a quarter
/// 1–4, or has not begun.
/// </summary>
internal static class ReportVerb
{
    public static Command Create(CliContext context)
    {
        var year = new Option<int>("--year") { Description = "The calendar year, e.g. 2026.", Required = true };
        var quarter = new Option<int?>("--quarter") { Description = "A quarter of that year, 1 to 4; without it, the whole year." };
        var language = new Option<string>("--language") { Description = "The language of the HTML report.", DefaultValueFactory = _ => "nl" };
        language.AcceptOnlyFromAmong("nl", "en");
        var format = new Option<ReportFormat>("--format") { Description = "html (to read and print), csv or json (for a spreadsheet).", DefaultValueFactory = _ => ReportFormat.Html };
        var file = new Option<FileInfo?>("--out") { Description = "The file to write; without it, standard output." };
        var command = new Command("report", "The analysis of the complaints of a year or a quarter, each figure beside the period before it.")
        {
            year, quarter, language, format, file,
        };
        command.SetAction((parseResult, cancellationToken) => CliContext.GuardAsync(parseResult, async output =>
        {
            using var host = context.BuildHost(HostMode.Command);
            var today = WorkingDayCalendar.Today(host.Services.GetRequiredService<TimeProvider>());
            var error = parseResult.InvocationConfiguration.Error;
            if (Period(parseResult.GetValue(year), parseResult.GetValue(quarter), today) is not { } period)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"--year {parseResult.GetValue(year)}{(parseResult.GetValue(quarter) is { } q ? $" --quarter {q}" : "")} is no period to report on: give a year from {ReportPeriod.FirstYear} to {today.Year} and, for a quarter, 1 to 4, one that has begun."))
                    .ConfigureAwait(false);
                return 2;
            }
            var analysis = await host.Services.GetRequiredService<ComplaintsReport>().AnalyseAsync(period, cancellationToken).ConfigureAwait(false);
            var report = host.Services.GetRequiredService<ReportRenderer>().Write(analysis, parseResult.GetValue(format), parseResult.GetValue(language)!);
            if (parseResult.GetValue(file) is { } target)
            {
                await File.WriteAllTextAsync(target.FullName, report, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"{target.FullName}: the report of {period.Code} beside {period.Before().Code}").ConfigureAwait(false);
                return 0;
            }
            await output.WriteAsync(report).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    // The period asked for, or null when it is none or has not begun.
    private static ReportPeriod? Period(int year, int? quarter, DateOnly today)
    {
        if (year < ReportPeriod.FirstYear || year > today.Year || quarter is < 1 or > 4)
        {
            return null;
        }
        var period = quarter is { } q ? ReportPeriod.OfQuarter(year, q) : ReportPeriod.OfYear(year);
        return period.First <= today ? period : null;
    }
}
