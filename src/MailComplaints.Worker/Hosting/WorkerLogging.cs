using MailComplaints.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace MailComplaints.Worker.Hosting;

/// <summary>
/// Serilog: the console, and rolling daily files in <c>Logging:Directory</c> in two forms, readable text and
/// JSON, size-capped and kept <c>Logging:RetainedDays</c> days. Levels per namespace come from the
/// <c>Serilog</c> section. Case numbers and message ids are logged; complaint text and addresses are not at
/// Information level.
/// </summary>
internal static class WorkerLogging
{
    private const string TextTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.ILogger Create(IConfiguration configuration, LogSettings settings, bool consoleToStandardError)
    {
        var directory = Path.GetFullPath(settings.Directory);
        Directory.CreateDirectory(directory);
        return new LoggerConfiguration()
            .MinimumLevel.Information()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(
                outputTemplate: "{Timestamp:HH:mm:ss} [{Level:u3}] {Message:lj}{NewLine}{Exception}",
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
            .WriteTo.File(
                new JsonFormatter(renderMessage: true, formatProvider: System.Globalization.CultureInfo.InvariantCulture),
                Path.Combine(directory, "mailcomplaints-.json"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: null,
                retainedFileTimeLimit: TimeSpan.FromDays(settings.RetainedDays),
                fileSizeLimitBytes: settings.FileSizeLimitBytes,
                rollOnFileSizeLimit: true,
                shared: true)
            .CreateLogger();
    }
}
