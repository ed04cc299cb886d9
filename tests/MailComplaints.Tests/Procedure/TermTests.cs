using MailComplaints.Procedure;

namespace MailComplaints.Tests.Procedure;

public sealed class TermTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Statutory;

    [TestCase("2 working days", 2, TermUnit.WorkingDays)]
    [TestCase("1 working day", 1, TermUnit.WorkingDays)]
    [TestCase("2 werkdagen", 2, TermUnit.WorkingDays)]
    [TestCase("14 days", 14, TermUnit.Days)]
    [TestCase(" 4  Weeks ", 4, TermUnit.Weeks)]
    [TestCase("6 weken", 6, TermUnit.Weeks)]
    [TestCase("1 month", 1, TermUnit.Months)]
    [TestCase("3 maanden", 3, TermUnit.Months)]
    public void The_regulations_wording_is_read(string text, int count, TermUnit unit)
    {
        Assert.That(Term.TryParse(text, out var term), Is.True);
        Assert.That(term, Is.EqualTo(new Term(count, unit)));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("month")]
    [TestCase("0 days")]
    [TestCase("-1 weeks")]
    [TestCase("1001 days")]
    [TestCase("4 fortnights")]
    [TestCase("4 weeks from now")]
    [TestCase("vier weken")]
    public void Anything_else_is_not_a_term(string? text) => Assert.That(Term.TryParse(text, out _), Is.False);

    [TestCase("1 working day")]
    [TestCase("2 working days")]
    [TestCase("14 days")]
    [TestCase("1 week")]
    [TestCase("4 weeks")]
    [TestCase("1 month")]
    [TestCase("3 months")]
    public void A_term_reads_back_what_it_writes(string text)
    {
        Assert.That(Term.TryParse(text, out var term), Is.True);
        Assert.That(term.ToString(), Is.EqualTo(text));
    }

    // Thursday 25 March 2027: Good Friday and Easter Monday are days off.
    [TestCase("2 working days", "2027-03-25", "2027-03-31")]
    // Friday 23 April 2027: Koningsdag is Tuesday 27 April.
    [TestCase("2 working days", "2027-04-23", "2027-04-28")]
    // Four weeks from Tuesday 30 March 2027 is Koningsdag.
    [TestCase("4 weeks", "2027-03-30", "2027-04-28")]
    // A month from 31 January is the last day of February (a Sunday in 2027), then Monday 1 March.
    [TestCase("1 month", "2027-01-31", "2027-03-01")]
    // 14 days from Wednesday 21 April 2027 is Liberation Day, Wednesday 5 May, and Ascension Day follows.
    [TestCase("14 days", "2027-04-21", "2027-05-07")]
    // Koningsdag 2025: 27 April is a Sunday, so Saturday 26 April; the week term from Saturday 19 April ends Monday 28 April.
    [TestCase("1 week", "2025-04-19", "2025-04-28")]
    public void The_end_of_a_term_is_on_a_working_day(string text, string start, string end)
    {
        Assert.That(Term.TryParse(text, out var term), Is.True);
        Assert.That(term.EndFrom(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), Calendar),
            Is.EqualTo(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
