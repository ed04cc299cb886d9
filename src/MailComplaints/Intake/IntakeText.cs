using System.Text.RegularExpressions;

namespace MailComplaints.Intake;

/// <summary>The date of the event a complaint is about (placeholder until the date reader lands: finds none).</summary>
internal static class IncidentDates
{
    public static DateOnly? Read(string text, DateOnly received) => null;
}

/// <summary>"The same matter": subjects equal once reply prefixes and case tags are gone.</summary>
internal static partial class Matter
{
    public static string Key(string? subject) =>
        Spaces().Replace(Prefixes().Replace(subject ?? "", ""), " ").Trim().ToLowerInvariant();

    public static bool Same(string key, string otherKey, string text, string otherText) => key.Length > 0 && key == otherKey;

    [GeneratedRegex(@"^(\s*(re|fw|fwd|aw|wg|antw|doorst)(\[\d+\])?\s*:|\s*\[[^\]]{1,40}\])+", RegexOptions.IgnoreCase)]
    private static partial Regex Prefixes();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
