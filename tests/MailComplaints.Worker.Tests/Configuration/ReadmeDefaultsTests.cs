using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailComplaints.Testing;
using MailComplaints.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailComplaints.Worker.Tests.Configuration;

/// <summary>
/// The README's configuration tables (<c>| key | default | allowed |</c>) against the options classes, where each
/// default lives: writing the documented default changes nothing, and writing anything else changes something.
/// </summary>
public sealed partial class ReadmeDefaultsTests
{
    /// <summary>Rows whose default is a description rather than a value.</summary>
    private static readonly Dictionary<string, string> Described = new()
    {
        ["Mailbox:Imap:Port"] = "follows Mailbox:Imap:Security",
        ["Smtp:Port"] = "follows Smtp:Security",
        ["Mail:TemplatesDirectory"] = "a folder next to the executable",
        ["Handlers"] = "the examples in appsettings.json",
        ["Procedure:Categories"] = "the six categories of ProcedureSettings, named in the row",
        ["Serilog:MinimumLevel:Default"] = "Serilog reads its own section",
        ["Serilog:MinimumLevel:Override:<namespace>"] = "Serilog reads its own section",
    };

    public static IEnumerable<TestCaseData> DocumentedDefaults() => ReadmeRows()
        .Where(row => !Described.ContainsKey(row.Key))
        .Select(row => new TestCaseData(row.Key, row.Default).SetArgDisplayNames(row.Key));

    [TestCaseSource(nameof(DocumentedDefaults))]
    public void The_documented_default_is_the_options_default(string key, string documented)
    {
        Assert.That(BoundOptions((key, documented)), Is.EqualTo(BoundOptions()), $"README: {key} defaults to '{documented}'");
    }

    [TestCaseSource(nameof(DocumentedDefaults))]
    public void The_documented_key_is_bound_to_an_options_class(string key, string documented)
    {
        // A scalar key binds its own value, a list key its entries.
        Assert.That(BoundOptions((key, "something else"), ($"{key}:0", "something else")), Is.Not.EqualTo(BoundOptions()), key);
    }

    [Test]
    public void The_tables_are_read()
    {
        Assert.That(ReadmeRows().Select(row => row.Key), Does.Contain("Procedure:DirectorTerm").And.Contain("Threads:SecretFile").And.Contain("Mailbox:Imap:Folder"));
    }

    /// <summary>Each key of the README's configuration tables with its documented default, written as a setting: "empty", "—" and "none" are no value.</summary>
    private static IEnumerable<(string Key, string Default)> ReadmeRows()
    {
        var inTable = false;
        foreach (var line in File.ReadLines(Path.Combine(Corpus.RepositoryRoot.FullName, "README.md")))
        {
            if (line == "| key | default | allowed |")
            {
                inTable = true;
                continue;
            }
            inTable &= line.StartsWith('|');
            var cells = line.Split('|');
            if (!inTable || cells[1].StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }
            var keys = Backticked().Matches(cells[1]).Select(match => match.Groups[1].Value).ToList();
            var section = keys[0][..(keys[0].LastIndexOf(':') + 1)];
            if (keys.All(Described.ContainsKey))
            {
                continue;
            }
            var defaults = TopLevelComma().Split(cells[2]);
            Assert.That(defaults, Has.Length.EqualTo(keys.Count).Or.Length.EqualTo(1), $"README row {cells[1]}: one default for all keys, or one per key");
            for (var index = 0; index < keys.Count; index++)
            {
                var key = keys[index].Contains(':', StringComparison.Ordinal) ? keys[index] : section + keys[index];
                yield return (key, Setting(key, defaults[defaults.Length == 1 ? 0 : index]));
            }
        }
    }

    private static string Setting(string key, string documented)
    {
        var text = Parenthesised().Replace(documented, "").Trim().Trim('`');
        return text switch
        {
            "empty" or "—" or "none" => "",
            "those names" => key[(key.LastIndexOf(':') + 1)..],
            _ => text,
        };
    }

    /// <summary>Every options class as the configuration binds it, defaults and all, before validation.</summary>
    private static string BoundOptions(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection().AddWorkerOptions(configuration);
        using var provider = services.BuildServiceProvider();
        var unvalidated = typeof(ReadmeDefaultsTests).GetMethod(nameof(Unvalidated), BindingFlags.NonPublic | BindingFlags.Static)!;
        return string.Join('\n', OptionsSections.Types(services)
            .Select(type => JsonSerializer.Serialize(unvalidated.MakeGenericMethod(type).Invoke(null, [provider]), type)));
    }

    private static TOptions Unvalidated<TOptions>(IServiceProvider provider) where TOptions : class =>
        new OptionsFactory<TOptions>(provider.GetServices<IConfigureOptions<TOptions>>(), provider.GetServices<IPostConfigureOptions<TOptions>>()).Create(Options.DefaultName);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@",\s*(?![^()]*\))")]
    private static partial Regex TopLevelComma();

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Parenthesised();
}
