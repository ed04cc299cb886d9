using MailComplaints.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace MailComplaints.Worker.Hosting;

/// <summary>
/// Serilog: the console, and rolling daily files in <c>Logging:Directory</c> in two forms, readable text
/// (<c>mailcomplaints-YYYYMMDD.log</c>) and compact JSON (<c>mailcomplaints-YYYYMMDD.clef</c>), size-capped and kept
/// <c>Logging:RetainedDays</c> days. Levels per namespace come from the <c>Serilog</c> section. The unit of work's
/// <c>CaseNumber</c> and <c>MessageId</c> (a logging scope, see <c>LogScope</c>) are properties of every line in it
/// and close each text line; complaint text and addresses are not logged at Information level.
/// </summary>
internal static class WorkerLogging
{
    // Where the message is empty of them, the unit of work's case number and message id follow it (nothing when absent).
    private const string UnitOfWork = "{CaseNumber:l} {MessageId:l}";

    private const string TextTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj} " + UnitOfWork + "{NewLine}{Exception}";

    private const string ConsoleTemplate = "{Timestamp:HH:mm:ss} [{Level:u3}] {Message:lj} " + UnitOfWork + "{NewLine}{Exception}";

    public static Serilog.ILogger Create(IConfiguration configuration, LogSettings settings, bool consoleToStandardError)
    {
        var directory = Path.GetFullPath(settings.Directory);
        Directory.CreateDirectory(directory);
        return new LoggerConfiguration()
            .MinimumLevel.Information()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(
                outputTemplate: ConsoleTemplate,
                standardErrorFromLevel: consoleToStandardError ? LogEventLevel.Verbose : null,
                restrictedToMinimumLevel: consoleToStandardError ? LogEventLevel.Warning : LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                Path.Combine(directory, "mailcomplaints-.log"),
                outputTemplate: TextTemplate,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: null,
                retainedFileTimeLimit: TimeSpan.FromDays(settings.RetainedDays),
                fileSizeLimitBytes: settings.FileSizeLimitBytes,
                rollOnFileSizeLimit: true,
                shared: true,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            // CLEF, one event a line, as Seq and `seqcli ingest` read it. CompactJsonFormatter rather than the rendered
            // variant: it keeps the message template (@mt), which names the kind of event (what Seq groups and a query
            // filters on), with every property beside it; the reader renders the message, so it is not stored twice.
            .WriteTo.File(
                new CompactJsonFormatter(),
                Path.Combine(directory, "mailcomplaints-.clef"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: null,
                retainedFileTimeLimit: TimeSpan.FromDays(settings.RetainedDays),
                fileSizeLimitBytes: settings.FileSizeLimitBytes,
                rollOnFileSizeLimit: true,
                shared: true)
            .CreateLogger();
    }
}
