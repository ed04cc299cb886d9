using MailComplaints.Worker.Configuration;
using MailComplaints.Worker.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace MailComplaints.Worker.Hosting;

/// <summary>How the host is used: the long-running service, or one command that does its work and exits.</summary>
internal enum HostMode
{
    /// <summary><c>run</c>: Quartz schedules the jobs until the process is stopped.</summary>
    Service,

    /// <summary><c>run --once</c>: services only; does what is due and exits.</summary>
    Once,

    /// <summary>Every other verb: services only; console logs (warnings and worse) go to stderr so stdout stays clean.</summary>
    Command,
}

/// <summary>
/// Builds the generic host: configuration, logging, services, jobs, in that order. Configuration comes from
/// <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> next to the executable, then environment
/// variables (<c>Section__Key</c>), then <paramref name="overrides"/>; <paramref name="replaceServices"/>
/// lets tests swap a service such as the clock.
/// </summary>
internal static class WorkerHost
{
    public static IHost Build(HostMode mode, IEnumerable<KeyValuePair<string, string?>>? overrides = null, Action<IServiceCollection>? replaceServices = null)
    {
        // Configuration: read and check every setting before anything starts.
        var builder = CreateBuilder(overrides);
        var settings = WorkerOptions.Bind(builder.Configuration);

        // Logging
        builder.Services.AddSerilog(WorkerLogging.Create(builder.Configuration, settings.Logging, consoleToStandardError: mode == HostMode.Command), dispose: true);

        // Service managers: under systemd the host tells it when it is ready and stopping (Type=notify); under the Windows
        // service control manager it answers start and stop. Elsewhere both do nothing.
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService();

        // Services
        builder.Services.AddComplaints(settings);
        replaceServices?.Invoke(builder.Services);

        // Jobs
        if (mode == HostMode.Service)
        {
            builder.Services.AddComplaintJobs(settings);
        }

        return builder.Build();
    }

    /// <summary>The host's builder with its configuration: the appsettings files, the environment, then <paramref name="overrides"/>.</summary>
    public static HostApplicationBuilder CreateBuilder(IEnumerable<KeyValuePair<string, string?>>? overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
        return builder;
    }
}
