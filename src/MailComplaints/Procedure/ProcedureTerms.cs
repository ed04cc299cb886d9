using MailComplaints.Cases;

namespace MailComplaints.Procedure;

/// <summary>
/// The procedure's terms as configured, counted on the working-day calendar: when a complaint must be acknowledged,
/// when its handling term ends, how far it may run, how long the director has, and the deadlines that watch each.
/// </summary>
public sealed class ProcedureTerms(ProcedureSettings settings, WorkingDayCalendar calendar)
{
    /// <summary>The procedure's settings.</summary>
    public ProcedureSettings Settings => settings;

    /// <summary>The calendar the working days are counted on.</summary>
    public WorkingDayCalendar Calendar => calendar;

    /// <summary>The handling term's end and the acknowledgement's last day for a complaint received at <paramref name="receivedAt"/>.</summary>
    public (DateOnly TermEnds, DateOnly AcknowledgeBy) For(DateTimeOffset receivedAt)
    {
        var received = WorkingDayCalendar.DateIn(receivedAt);
        return (HandlingTermFrom(received), calendar.AddWorkingDays(received, settings.AcknowledgeWithinWorkingDays));
    }

    /// <summary>The end of a full handling term that starts on <paramref name="day"/>.</summary>
    public DateOnly HandlingTermFrom(DateOnly day) => calendar.EndOfTermInWeeks(day, settings.HandlingTermWeeks);

    /// <summary>The end of a term of <paramref name="weeks"/> from the day <paramref name="case"/> was received (<c>#termijn 8</c>).</summary>
    public DateOnly WeeksFromReceipt(Case @case, int weeks)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return calendar.EndOfTermInWeeks(WorkingDayCalendar.DateIn(@case.ReceivedAt), weeks);
    }

    /// <summary>The last day a case may run without an extension: the maximum term from the day of receipt.</summary>
    public DateOnly MaximumTerm(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return calendar.EndOfTermInMonths(WorkingDayCalendar.DateIn(@case.ReceivedAt), settings.MaximumTermMonths);
    }

    /// <summary>The day the director must have answered a case escalated on <paramref name="day"/>.</summary>
    public DateOnly DirectorAnswerBy(DateOnly day) => settings.DirectorTerm.EndFrom(day, calendar);

    /// <summary>The deadlines of a newly registered case.</summary>
    public IReadOnlyList<CaseDeadline> OpeningDeadlines(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var received = WorkingDayCalendar.DateIn(@case.ReceivedAt);
        List<CaseDeadline> list =
        [
            new(DeadlineKind.AcknowledgementAlarm, calendar.AddWorkingDays(received, settings.AcknowledgementAlarmWorkingDays)),
            .. TermDeadlines(@case.TermEnds ?? For(@case.ReceivedAt).TermEnds),
        ];
        if (settings.MaximumTermAlarmWorkingDays > 0)
        {
            list.Add(new(DeadlineKind.MaximumTermAlarm, calendar.AddWorkingDays(MaximumTerm(@case), -settings.MaximumTermAlarmWorkingDays)));
        }
        return list;
    }

    /// <summary>The reminder (when configured) and the end of a handling term that ends on <paramref name="termEnds"/>.</summary>
    public IReadOnlyList<CaseDeadline> TermDeadlines(DateOnly termEnds) => settings.ReminderWorkingDays > 0
        ? [new(DeadlineKind.Reminder, calendar.AddWorkingDays(termEnds, -settings.ReminderWorkingDays)), new(DeadlineKind.TermEnd, termEnds)]
        : [new(DeadlineKind.TermEnd, termEnds)];

    /// <summary>The deadlines of a case escalated on <paramref name="day"/>: the director's term and, when configured, the alarm on the complainant's confirmation.</summary>
    public IReadOnlyList<CaseDeadline> EscalationDeadlines(DateOnly day, DateOnly answerBy)
    {
        List<CaseDeadline> list = [new(DeadlineKind.DirectorTermEnd, answerBy)];
        if (settings.DirectorConfirmationWorkingDays > 0)
        {
            list.Add(new(DeadlineKind.DirectorConfirmationAlarm, calendar.AddWorkingDays(day, settings.DirectorConfirmationWorkingDays)));
        }
        return list;
    }
}
