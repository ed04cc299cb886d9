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

    private const string Off = "off";

    public ThirdPartyOptions ThirdParty { get; set; } = new();

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
            MorningOverviewTime = OverviewTime(),
            ThirdParty = ThirdParty.ToSettings(),
        };
    }

    private TimeSpan? OverviewTime()
    {
        if (string.Equals(MorningOverviewTime?.Trim(), Off, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return TimeSpan.TryParse(MorningOverviewTime?.Trim(), CultureInfo.InvariantCulture, out var at) && at >= TimeSpan.Zero && at < TimeSpan.FromDays(1)
            ? at
            : throw new SettingsException("Procedure:MorningOverviewTime", MorningOverviewTime, "a time of day hh:mm from 00:00 to 23:59 (Amsterdam), or off.");
    }

    public TimeSpan SweepTime() => SettingText.Duration("Procedure:DeadlineSweepTime", DeadlineSweepTime, TimeSpan.Zero, new TimeSpan(23, 59, 0));

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]{0,15}$")]
    private static partial Regex CaseNumberPrefixPattern();
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
