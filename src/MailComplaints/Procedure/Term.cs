using System.Globalization;

namespace MailComplaints.Procedure;

/// <summary>The unit a <see cref="Term"/> counts in.</summary>
public enum TermUnit
{
    /// <summary>Working days (Monday to Friday, not a holiday or closure day).</summary>
    WorkingDays,

    /// <summary>Calendar days.</summary>
    Days,

    /// <summary>Calendar weeks.</summary>
    Weeks,

    /// <summary>Calendar months.</summary>
    Months,
}

/// <summary>
/// A term of the procedure as the regulation words it: "2 working days", "4 weeks", "1 month". Its end is
/// computed on the working-day calendar: a term in working days counts only working days; any other term that
/// ends on a day off moves to the next working day (Algemene termijnenwet).
/// </summary>
public sealed record Term(int Count, TermUnit Unit)
{
    /// <summary>The last day of the term that starts the day after <paramref name="start"/>.</summary>
    public DateOnly EndFrom(DateOnly start, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Unit switch
        {
            TermUnit.WorkingDays => calendar.AddWorkingDays(start, Count),
            TermUnit.Weeks => calendar.EndOfTermInWeeks(start, Count),
            TermUnit.Months => calendar.EndOfTermInMonths(start, Count),
            _ => calendar.NextWorkingDayOnOrAfter(start.AddDays(Count)),
        };
    }

    /// <summary>Reads "2 working days", "14 days", "4 weeks", "1 month" (also Dutch: werkdagen, dagen, weken, maanden).</summary>
    public static bool TryParse(string? text, out Term term)
    {
        term = new Term(0, TermUnit.Days);
        var words = (text ?? "").Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 2 or > 3 || !int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 1000)
        {
            return false;
        }
        TermUnit? unit = string.Join(' ', words[1..]) switch
        {
            "working day" or "working days" or "werkdag" or "werkdagen" => TermUnit.WorkingDays,
            "day" or "days" or "dag" or "dagen" => TermUnit.Days,
            "week" or "weeks" or "weken" => TermUnit.Weeks,
            "month" or "months" or "maand" or "maanden" => TermUnit.Months,
            _ => null,
        };
        if (unit is null)
        {
            return false;
        }
        term = new Term(count, unit.Value);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Count} {Unit switch
    {
        TermUnit.WorkingDays => Count == 1 ? "working day" : "working days",
        TermUnit.Weeks => Count == 1 ? "week" : "weeks",
        TermUnit.Months => Count == 1 ? "month" : "months",
        _ => Count == 1 ? "day" : "days",
    }}");
}
