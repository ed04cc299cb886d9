using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailComplaints.Worker.Tests.Configuration;

/// <summary>The options classes <c>AddWorkerOptions</c> registers: one per section, each with its validator.</summary>
internal static class OptionsSections
{
    public static IEnumerable<Type> Types(IServiceCollection services) => services
        .Select(service => service.ServiceType)
        .Where(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
        .Select(type => type.GetGenericArguments()[0]);
}
