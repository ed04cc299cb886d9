using System.Collections;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailComplaints.Worker.Configuration;

/// <summary>
/// The worker's settings: each section of the configuration bound to its options class, which holds the section as
/// text with its defaults, checked at start by its <see cref="IValidateOptions{TOptions}"/> and turned into the
/// domain's records. The first wrong setting stops start-up with one line naming its key, the value found and what
/// is allowed (<see cref="SettingsException"/>, or the same line in an <see cref="OptionsValidationException"/>).
/// </summary>
internal static class WorkerOptions
{
    /// <summary>Binds every section to its options class, each validated when the options start.</summary>
    public static IServiceCollection AddWorkerOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSection<StorageOptions>(configuration.GetSection("Storage"), options => options.ToSettings())
            .Configure(options => options.ConnectionString = configuration.GetConnectionString("Complaints") ?? "");
        services.AddSection<MailboxOptions>(configuration.GetSection("Mailbox"), options => options.ToSettings());
        services.AddSection<SmtpOptions>(configuration.GetSection("Smtp"), options => options.ToSettings());
        services.AddSection<OutboxOptions>(configuration.GetSection("Outbox"), options => options.ToSettings());
        services.AddSection<MailOptions>(configuration.GetSection("Mail"), options => options.ToSettings());
        services.AddSection<List<HandlerOptions>>(configuration.GetSection("Handlers"), options => HandlerOptions.ToSettings(options));
        services.AddSection<ProcedureOptions>(configuration.GetSection("Procedure"), options =>
        {
            options.ToSettings();
            options.SweepTime();
        });
        services.AddSection<IntakeOptions>(configuration.GetSection("Intake"), options => options.ToSettings());
        services.AddSection<LoggingOptions>(configuration.GetSection("Logging"), options => options.ToSettings());
        services.AddSection<ThreadsOptions>(configuration.GetSection("Threads"), options => options.Check());
        services.AddSection<RetentionOptions>(configuration.GetSection("Retention"), options => options.ToSettings());
        return services;
    }

    /// <summary>Binds and validates every section and returns the settings the host is built from.</summary>
    public static WorkerSettings Bind(IConfiguration configuration)
    {
        // Logging and the Quartz schedule are declared from these values while the host is being built, so the options
        // get a provider of their own and are validated now, before the host or anything in it exists.
        using var provider = new ServiceCollection().AddWorkerOptions(configuration).BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (AggregateException several) when (several.InnerExceptions[0] is OptionsValidationException first)
        {
            // Several sections are wrong: report the first, as for one.
            ExceptionDispatchInfo.Throw(first);
        }
        T Valid<T>() where T : class => provider.GetRequiredService<IOptions<T>>().Value;
        var procedure = Valid<ProcedureOptions>();
        return new WorkerSettings(
            Valid<StorageOptions>().ToSettings(),
            Valid<MailboxOptions>().ToSettings(),
            Valid<SmtpOptions>().ToSettings(),
            Valid<OutboxOptions>().ToSettings(),
            Valid<MailOptions>().ToSettings(),
            HandlerOptions.ToSettings(Valid<List<HandlerOptions>>()),
            procedure.ToSettings(),
            Valid<IntakeOptions>().ToSettings(),
            Valid<LoggingOptions>().ToSettings())
        {
            Threads = Valid<ThreadsOptions>().ToSettings(),
            DeadlineSweepTime = procedure.SweepTime(),
            Retention = Valid<RetentionOptions>().ToSettings(),
        };
    }

    private static OptionsBuilder<TOptions> AddSection<TOptions>(this IServiceCollection services, IConfigurationSection section, Action<TOptions> check)
        where TOptions : class, new()
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(check));
        return services.AddOptions<TOptions>()
            .Bind(section)
            .PostConfigure(options => EmptyMeansDefault(options, new TOptions()))
            .ValidateOnStart();
    }

    /// <summary>
    /// A setting written empty (an environment variable set to nothing, <c>"Host": ""</c> in a profile) means its
    /// default, as leaving it out does: the binder would take the empty text as the value.
    /// </summary>
    private static void EmptyMeansDefault(object options, object defaults)
    {
        if (options is IList entries)
        {
            foreach (var entry in entries.OfType<object>().Where(entry => entry is not string))
            {
                EmptyMeansDefault(entry, Activator.CreateInstance(entry.GetType())!);
            }
            return;
        }
        foreach (var property in options.GetType().GetProperties().Where(property => property.CanWrite && property.GetIndexParameters().Length == 0))
        {
            var value = property.GetValue(options);
            if (property.PropertyType == typeof(string))
            {
                if (string.IsNullOrWhiteSpace((string?)value))
                {
                    property.SetValue(options, property.GetValue(defaults));
                }
            }
            else if (value is not null)
            {
                EmptyMeansDefault(value, property.GetValue(defaults)!);
            }
        }
    }

    /// <summary>A section is valid when it reads as the domain's record; the reading says what is wrong.</summary>
    private sealed class SectionValidator<TOptions>(Action<TOptions> check) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            try
            {
                check(options);
                return ValidateOptionsResult.Success;
            }
            catch (SettingsException problem)
            {
                return ValidateOptionsResult.Fail(problem.Message);
            }
        }
    }
}
