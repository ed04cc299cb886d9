using System.Globalization;
using System.Text.RegularExpressions;
using MailComplaints.Procedure;

namespace MailComplaints.Worker.Configuration;

/// <summary>
/// Section <c>Procedure</c>: the terms of the complaints procedure. Its defaults are the domain's email-only
/// procedure (<see cref="ProcedureSettings.Default"/>), written as text.
/// </summary>
internal sealed partial class ProcedureOptions
{
    private static readonly ProcedureSettings Defaults = ProcedureSettings.Default;

    public string CaseNumberPrefix { get; set; } = Defaults.CaseNumberPrefix;

    public string LodgingWindowDays { get; set; } = SettingText.Of(Defaults.LodgingWindowDays);

    public string AcknowledgeWithinWorkingDays { get; set; } = SettingText.Of(Defaults.AcknowledgeWithinWorkingDays);

    public string HandlingTermWeeks { get; set; } = SettingText.Of(Defaults.HandlingTermWeeks);

    public string MaximumTermMonths { get; set; } = SettingText.Of(Defaults.MaximumTermMonths);

    public List<string?> ClosureDays { get; set; } = [];

    public string AcknowledgementAlarmWorkingDays { get; set; } = SettingText.Of(Defaults.AcknowledgementAlarmWorkingDays);

    public string ReminderWorkingDays { get; set; } = SettingText.Of(Defaults.ReminderWorkingDays);

    public string MaximumTermAlarmWorkingDays { get; set; } = SettingText.Of(Defaults.MaximumTermAlarmWorkingDays);

    public string EscalateAtTermEnd { get; set; } = SettingText.Of(Defaults.EscalateAtTermEnd);

    public string DirectorTerm { get; set; } = Defaults.DirectorTerm.ToString();

    public string ReferAtDirectorTermEnd { get; set; } = SettingText.Of(Defaults.ReferAtDirectorTermEnd);

    public string DirectorConfirmationWorkingDays { get; set; } = SettingText.Of(Defaults.DirectorConfirmationWorkingDays);

    /// <summary>A time of day, or <c>off</c>.</summary>
    public string MorningOverviewTime { get; set; } = Defaults.MorningOverviewTime is { } at ? SettingText.Of(at) : Off;

    /// <summary>A time of day, or <c>off</c>.</summary>
    public string ReportTime { get; set; } = Defaults.ReportTime is { } reportAt ? SettingText.Of(reportAt) : Off;

    private const string Off = "off";

    public ThirdPartyOptions ThirdParty { get; set; } = new();

    /// <summary>Empty: the default categories. The binder adds configured entries to a list, so the defaults are not in it.</summary>
    public List<CategoryOptions> Categories { get; set; } = [];

    /// <summary>Not a term of the procedure but when the worker looks at the terms: the time of day (Amsterdam) deadlines fire.</summary>
    public string DeadlineSweepTime { get; set; } = SettingText.Of(new TimeSpan(8, 0, 0));

    public ProcedureSettings ToSettings()
    {
        var prefix = SettingText.Matching("Procedure:CaseNumberPrefix", CaseNumberPrefix.Trim(), CaseNumberPrefixPattern(),
            "1 to 16 letters and digits, starting with a letter (e.g. KL).");
        var weeks = SettingText.WholeNumber("Procedure:HandlingTermWeeks", HandlingTermWeeks, 1, 104);
        var months = SettingText.WholeNumber("Procedure:MaximumTermMonths", MaximumTermMonths, 1, 24);
        if (weeks * 7 > months * 31)
        {
            throw new SettingsException("Procedure:HandlingTermWeeks", SettingText.Of(weeks),
                $"the handling term may not exceed Procedure:MaximumTermMonths ({months} months).");
        }
        var acknowledgeWithin = SettingText.WholeNumber("Procedure:AcknowledgeWithinWorkingDays", AcknowledgeWithinWorkingDays, 1, 60);
        return new ProcedureSettings
        {
            CaseNumberPrefix = prefix.ToUpperInvariant(),
            LodgingWindowDays = SettingText.WholeNumber("Procedure:LodgingWindowDays", LodgingWindowDays, 1, 366),
            AcknowledgeWithinWorkingDays = acknowledgeWithin,
            HandlingTermWeeks = weeks,
            MaximumTermMonths = months,
            ClosureDays = ClosureDays
                .Select((text, index) => (text, index))
                .Where(day => !string.IsNullOrWhiteSpace(day.text))
                .Select(day => SettingText.Date($"Procedure:ClosureDays:{day.index}", day.text))
                .ToList(),
            AcknowledgementAlarmWorkingDays = SettingText.WholeNumber("Procedure:AcknowledgementAlarmWorkingDays", AcknowledgementAlarmWorkingDays, 1, acknowledgeWithin),
            ReminderWorkingDays = SettingText.WholeNumber("Procedure:ReminderWorkingDays", ReminderWorkingDays, 0, 60),
            MaximumTermAlarmWorkingDays = SettingText.WholeNumber("Procedure:MaximumTermAlarmWorkingDays", MaximumTermAlarmWorkingDays, 0, 60),
            EscalateAtTermEnd = SettingText.Flag("Procedure:EscalateAtTermEnd", EscalateAtTermEnd),
            DirectorTerm = SettingText.Term("Procedure:DirectorTerm", DirectorTerm),
            ReferAtDirectorTermEnd = SettingText.Flag("Procedure:ReferAtDirectorTermEnd", ReferAtDirectorTermEnd),
            DirectorConfirmationWorkingDays = SettingText.WholeNumber("Procedure:DirectorConfirmationWorkingDays", DirectorConfirmationWorkingDays, 0, 60),
            MorningOverviewTime = TimeOfDayOrOff("Procedure:MorningOverviewTime", MorningOverviewTime),
            ReportTime = TimeOfDayOrOff("Procedure:ReportTime", ReportTime),
            ThirdParty = ThirdParty.ToSettings(),
            Categories = Categories.Count == 0 ? Defaults.Categories : CategorySettings(),
        };
    }

    private List<CaseCategory> CategorySettings()
    {
        var categories = Categories.Select((category, index) => category.ToSettings($"Procedure:Categories:{index}")).ToList();
        for (var index = 0; index < categories.Count; index++)
        {
            // Every key and name points at one category, so that what a handler writes never means two.
            var names = new[] { categories[index].Key, categories[index].Dutch, categories[index].English };
            if (categories.Take(index).FirstOrDefault(earlier => new[] { earlier.Key, earlier.Dutch, earlier.English }.Intersect(names, StringComparer.OrdinalIgnoreCase).Any()) is { } clash)
            {
                throw new SettingsException($"Procedure:Categories:{index}:Key", categories[index].Key, $"each key and name may belong to one category only; '{clash.Key}' has the same key or name.");
            }
        }
        return categories;
    }

    private static TimeSpan? TimeOfDayOrOff(string key, string? value)
    {
        if (string.Equals(value?.Trim(), Off, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return TimeSpan.TryParse(value?.Trim(), CultureInfo.InvariantCulture, out var at) && at >= TimeSpan.Zero && at < TimeSpan.FromDays(1)
            ? at
            : throw new SettingsException(key, value, "a time of day hh:mm from 00:00 to 23:59 (Amsterdam), or off.");
    }

    public TimeSpan SweepTime() => SettingText.Duration("Procedure:DeadlineSweepTime", DeadlineSweepTime, TimeSpan.Zero, new TimeSpan(23, 59, 0));

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]{0,15}$")]
    private static partial Regex CaseNumberPrefixPattern();
}

/// <summary>One entry of <c>Procedure:Categories</c>: a key and its names in Dutch and English.</summary>
internal sealed partial class CategoryOptions
{
    public string Key { get; set; } = "";

    public string Dutch { get; set; } = "";

    public string English { get; set; } = "";

    public CaseCategory ToSettings(string section)
    {
        var key = SettingText.Matching($"{section}:Key", Key.Trim(), KeyPattern(), "1 to 32 lower-case letters, digits and hyphens, starting with a letter (e.g. bejegening).");
        return new CaseCategory(key, Name($"{section}:Dutch", Dutch), Name($"{section}:English", English));
    }

    private static string Name(string key, string name) =>
        name.Trim() is { Length: > 0 and <= 100 } trimmed ? trimmed : throw new SettingsException(key, name, "a name of 1 to 100 characters.");

    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex KeyPattern();
}

/// <summary>Section <c>Procedure:ThirdParty</c>: the independent third party whose decision binds.</summary>
internal sealed class ThirdPartyOptions
{
    public string Name { get; set; } = ProcedureSettings.Default.ThirdParty.Name;

    public string? Address { get; set; } = ProcedureSettings.Default.ThirdParty.Address;

    public string? Email { get; set; } = ProcedureSettings.Default.ThirdParty.Email;

    public ThirdParty ToSettings() => new(Name.Trim(), SettingText.Optional(Address) ?? "",
        SettingText.Optional(Email) is { } email ? SettingText.Address("Procedure:ThirdParty:Email", email, "an address such as 'commissie@example.org'.") : null);
}
