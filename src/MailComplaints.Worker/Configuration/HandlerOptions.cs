using System.Text.RegularExpressions;
using MailComplaints.Procedure;

namespace MailComplaints.Worker.Configuration;

/// <summary>One entry of the list <c>Handlers</c>: a person who may change a case by mail.</summary>
internal sealed partial class HandlerOptions
{
    public string? Name { get; set; }

    public string? Email { get; set; }

    public string Role { get; set; } = nameof(HandlerRole.Handler);

    /// <summary>The complainants whose account manager this is: addresses (<c>jan@example.nl</c>) and domains (<c>example.edu</c>, with its subdomains).</summary>
    public List<string?> Complainants { get; set; } = [];

    /// <summary>Words that send a complaint naming one of them to this handler.</summary>
    public List<string?> Keywords { get; set; } = [];

    /// <summary>The list <c>Handlers</c>: at least one entry with role Handler, each address at most once.</summary>
    public static List<Handler> ToSettings(IReadOnlyList<HandlerOptions> entries)
    {
        var handlers = entries.Select((entry, index) => entry.ToHandler($"Handlers:{index}")).ToList();
        if (!handlers.Any(handler => handler.Role == HandlerRole.Handler))
        {
            throw new SettingsException("Handlers", handlers.Count == 0 ? null : $"{handlers.Count} entries without Role Handler",
                "at least one entry with Name, Email and Role Handler (Role Director for the director).");
        }
        var duplicate = handlers.GroupBy(handler => handler.Email, StringComparer.OrdinalIgnoreCase).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new SettingsException("Handlers", duplicate.Key, "each email address at most once.");
        }
        var shared = handlers.SelectMany(handler => handler.Complainants).GroupBy(entry => entry, StringComparer.OrdinalIgnoreCase).FirstOrDefault(group => group.Count() > 1);
        if (shared is not null)
        {
            throw new SettingsException("Handlers", shared.Key, "each complainant address or domain under Complainants of one handler only: a complainant has one account manager.");
        }
        return handlers;
    }

    private Handler ToHandler(string key)
    {
        var email = SettingText.Address($"{key}:Email", SettingText.Required($"{key}:Email", Email, "the handler's email address."),
            "an email address such as 'j.jansen@example.org'.");
        return new Handler(SettingText.Required($"{key}:Name", Name, "the handler's name as complainants see it."), email,
            SettingText.Choice<HandlerRole>($"{key}:Role", Role))
        {
            Complainants = Complainants.Select((entry, index) => SettingText.Matching($"{key}:Complainants:{index}", SettingText.Optional(entry) ?? "", AddressOrDomain(),
                "a complainant's address such as 'jan@example.nl' or a domain such as 'example.edu'.")).ToList(),
            Keywords = Keywords.Select((entry, index) => SettingText.Required($"{key}:Keywords:{index}", entry, "a word, such as 'wifi'.")).ToList(),
        };
    }

    [GeneratedRegex(@"^([^@\s]+@)?[^@\s.]+(\.[^@\s.]+)+$")]
    private static partial Regex AddressOrDomain();
}
