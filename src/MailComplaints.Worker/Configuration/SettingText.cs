using System.Globalization;
using System.Text.RegularExpressions;
using MailComplaints.Procedure;

namespace MailComplaints.Worker.Configuration;

/// <summary>
/// Reads the text of one setting as the value it stands for, or throws a <see cref="SettingsException"/> naming the
/// key, the text found and what is allowed. The options classes hold settings as text so that these words, not the
/// configuration binder's, describe a value that does not parse; <see cref="Of(int)"/> and its overloads write a
/// default back as that text.
/// </summary>
internal static partial class SettingText
{
    public static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string Required(string key, string? text, string allowed) =>
        Optional(text) ?? throw new SettingsException(key, text is null ? null : "", allowed);

    public static int WholeNumber(string key, string? text, int minimum, int maximum) => (int)WholeNumber(key, text, minimum, (long)maximum);

    public static long WholeNumber(string key, string? text, long minimum, long maximum) =>
        long.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum && parsed <= maximum
            ? parsed
            : throw new SettingsException(key, text, $"a whole number from {minimum} to {maximum}.");

    public static TimeSpan Duration(string key, string? text, TimeSpan minimum, TimeSpan maximum) =>
        TimeSpan.TryParse(text?.Trim(), CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum && parsed <= maximum
            ? parsed
            : throw new SettingsException(key, text, $"a duration hh:mm:ss from {minimum:c} to {maximum:c}.");

    /// <summary>A name of <typeparamref name="TEnum"/>, in any case; a number is refused rather than taken as an index.</summary>
    public static TEnum Choice<TEnum>(string key, string? text) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(text?.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _)
            ? parsed
            : throw new SettingsException(key, text, $"one of {string.Join(", ", Enum.GetNames<TEnum>())}.");

    public static bool Flag(string key, string? text) =>
        bool.TryParse(text?.Trim(), out var parsed) ? parsed : throw new SettingsException(key, text, "true or false.");

    public static Term Term(string key, string? text) =>
        Procedure.Term.TryParse(text, out var term) ? term : throw new SettingsException(key, text, "a term such as '2 working days', '14 days', '4 weeks' or '1 month'.");

    public static DateOnly Date(string key, string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new SettingsException(key, text, "a date written yyyy-MM-dd, e.g. 2026-12-24.");

    /// <summary>A bare address (<c>j.jansen@example.org</c>); <paramref name="allowed"/> gives an example that fits the setting.</summary>
    public static string Address(string key, string text, string allowed) =>
        AddressOnly().IsMatch(text) ? text : throw new SettingsException(key, text, allowed);

    /// <summary>An address with or without a display name: <c>Klachtenloket &lt;klachten@example.org&gt;</c> or <c>klachten@example.org</c>.</summary>
    public static (string? Name, string Address) AddressWithName(string key, string text)
    {
        var match = AddressWithNamePattern().Match(text);
        if (!match.Success)
        {
            throw new SettingsException(key, text, "an address such as 'Klachtenloket <klachten@example.org>' or 'klachten@example.org'.");
        }
        var name = match.Groups["name"].Value.Trim().Trim('"').Trim();
        return (name.Length == 0 ? null : name, match.Groups["address"].Value);
    }

    public static string Matching(string key, string text, Regex pattern, string allowed) =>
        pattern.IsMatch(text) ? text : throw new SettingsException(key, text, allowed);

    /// <summary>The entries of a list setting that are not blank, trimmed.</summary>
    public static List<string> Entries(IEnumerable<string?> texts) => texts.Select(Optional).OfType<string>().ToList();

    public static string Of(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(bool value) => value ? "true" : "false";

    public static string Of(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(?:(?<name>[^<>]*?)\s*<(?<address>[^<>@\s]+@[^<>@\s]+)>|(?<address>[^<>@\s]+@[^<>@\s]+))\s*$")]
    private static partial Regex AddressWithNamePattern();

    [GeneratedRegex(@"^[^<>@\s]+@[^<>@\s]+$")]
    private static partial Regex AddressOnly();
}
