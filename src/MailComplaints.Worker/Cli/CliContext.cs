using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using MailComplaints.Templates;
using MailComplaints.Worker.Configuration;
using MailComplaints.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailComplaints.Worker.Cli;

/// <summary>What every verb shares: how to build the host (with test overrides of settings and services), where to write, how to print JSON.</summary>
internal sealed class CliContext(IEnumerable<KeyValuePair<string, string?>>? overrides, Action<IServiceCollection>? replaceServices)
{
    /// <summary>Exit code for a wrong or missing setting (sysexits' EX_CONFIG).</summary>
    public const int ConfigurationError = 78;

    /// <summary>Exit code for a failure at run time.</summary>
    public const int Failure = 1;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public IHost BuildHost(HostMode mode) => WorkerHost.Build(mode, overrides, replaceServices);

    /// <summary>The setting Mail:TemplatesDirectory, read as the host reads it but without reading every setting (which creates the thread secret file).</summary>
    public string TemplatesDirectory() =>
        WorkerHost.CreateBuilder(overrides).Configuration["Mail:TemplatesDirectory"] is { Length: > 0 } configured ? configured : new MailOptions().TemplatesDirectory;

    /// <summary>Runs a verb's body; a settings or template error becomes one line on stderr and exit code 78.</summary>
    public static async Task<int> GuardAsync(ParseResult parseResult, Func<TextWriter, Task<int>> body)
    {
        var output = parseResult.InvocationConfiguration.Output;
        try
        {
            return await body(output).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SettingsException or TemplateException)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return ConfigurationError;
        }
        catch (OptionsValidationException exception)
        {
            // A section's validator reports its first wrong setting as the same one line.
            await parseResult.InvocationConfiguration.Error.WriteLineAsync(exception.Failures.First()).ConfigureAwait(false);
            return ConfigurationError;
        }
    }

    public static Task WriteJsonAsync<T>(TextWriter output, T value) => output.WriteLineAsync(JsonSerializer.Serialize(value, Json));
}
