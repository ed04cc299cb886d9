using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MailComplaints.Cases;

/// <summary>A case's number as people quote it: <c>KL-2026-00042</c> (prefix, year of receipt, sequence in that year).</summary>
public sealed partial record CaseNumber(string Prefix, int Year, int Sequence)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{Year:D4}-{Sequence:D5}");

    /// <summary>Reads a case number written as <c>PREFIX-YYYY-NNNNN</c> (any prefix of letters and digits).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CaseNumber? number)
    {
        number = null;
        var match = Pattern().Match(text ?? string.Empty);
        if (!match.Success)
        {
            return false;
        }
        number = new CaseNumber(
            match.Groups["prefix"].Value.ToUpperInvariant(),
            int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["sequence"].Value, CultureInfo.InvariantCulture));
        return true;
    }

    [GeneratedRegex(@"^\s*(?<prefix>[A-Za-z][A-Za-z0-9]{0,15})-(?<year>\d{4})-(?<sequence>\d{1,9})\s*$")]
    private static partial Regex Pattern();
}
