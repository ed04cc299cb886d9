using MailComplaints.Threads;

namespace MailComplaints.Tests.Threads;

public sealed class CommandDatesTests
{
    [TestCase("2027-03-03")]
    [TestCase("2027-3-3")]
    [TestCase("3-3-2027")]
    [TestCase("03-03-2027")]
    [TestCase("3/3/2027")]
    [TestCase("3.3.2027")]
    [TestCase("3 maart 2027")]
    [TestCase("3 mrt 2027")]
    [TestCase("3 mrt. 2027")]
    [TestCase("3 March 2027")]
    [TestCase("3rd March 2027")]
    [TestCase("March 3, 2027")]
    [TestCase("Mar 3 2027")]
    [TestCase("mar. 3rd, 2027")]
    [TestCase("3 MAART 2027")]
    [TestCase("  3 maart 2027")]
    public void Every_written_form_of_3_March_2027_is_read(string text)
    {
        Assert.That(CommandDates.TryParse(text, out var date, out var consumed), Is.True);
        Assert.That(date, Is.EqualTo(new DateOnly(2027, 3, 3)));
        Assert.That(consumed, Is.EqualTo(text.Length));
    }

    [TestCase("1 januari 2027", 1)]
    [TestCase("1 jan 2027", 1)]
    [TestCase("1 februari 2027", 2)]
    [TestCase("1 feb 2027", 2)]
    [TestCase("1 april 2027", 4)]
    [TestCase("1 mei 2027", 5)]
    [TestCase("1 May 2027", 5)]
    [TestCase("1 juni 2027", 6)]
    [TestCase("1 jun 2027", 6)]
    [TestCase("1 juli 2027", 7)]
    [TestCase("1 jul 2027", 7)]
    [TestCase("1 augustus 2027", 8)]
    [TestCase("1 August 2027", 8)]
    [TestCase("1 sept 2027", 9)]
    [TestCase("1 sep 2027", 9)]
    [TestCase("1 oktober 2027", 10)]
    [TestCase("1 okt 2027", 10)]
    [TestCase("1 October 2027", 10)]
    [TestCase("1 oct 2027", 10)]
    [TestCase("1 nov 2027", 11)]
    [TestCase("1 december 2027", 12)]
    [TestCase("1 dec 2027", 12)]
    public void Dutch_and_English_month_names_and_abbreviations_are_read(string text, int month)
    {
        Assert.That(CommandDates.TryParse(text, out var date, out _), Is.True);
        Assert.That(date, Is.EqualTo(new DateOnly(2027, month, 1)));
    }

    [Test]
    public void Only_the_date_at_the_start_is_consumed()
    {
        const string Text = "3 maart 2027 wegens ziekte van de behandelaar";

        Assert.That(CommandDates.TryParse(Text, out var date, out var consumed), Is.True);
        Assert.That(date, Is.EqualTo(new DateOnly(2027, 3, 3)));
        Assert.That(Text[consumed..], Is.EqualTo(" wegens ziekte van de behandelaar"));
    }

    [TestCase("31 februari 2027")]
    [TestCase("31-02-2027")]
    [TestCase("29-02-2027")]
    [TestCase("2027-13-01")]
    [TestCase("31 april 2027")]
    [TestCase("0-3-2027")]
    [TestCase("June 31, 2027")]
    public void A_day_that_does_not_exist_is_refused(string text)
    {
        Assert.That(CommandDates.TryParse(text, out _, out var consumed), Is.False);
        Assert.That(consumed, Is.Zero);
    }

    [Test]
    public void The_29th_of_February_of_a_leap_year_is_read()
    {
        Assert.That(CommandDates.TryParse("29-02-2028", out var date, out _), Is.True);
        Assert.That(date, Is.EqualTo(new DateOnly(2028, 2, 29)));
    }

    [TestCase("3 maart")]
    [TestCase("3-3")]
    [TestCase("3-3-27")]
    [TestCase("March 3")]
    [TestCase("morgen")]
    [TestCase("over 3 weken")]
    [TestCase("8")]
    [TestCase("3 maartje 2027")]
    [TestCase("3-3/2027")]
    [TestCase("3-3-20271")]
    [TestCase("")]
    [TestCase(null)]
    public void Text_without_a_whole_date_with_year_at_the_start_is_not_a_date(string? text)
    {
        Assert.That(CommandDates.TryParse(text, out _, out _), Is.False);
    }

    [TestCase("wegens ziekte op 3 maart 2027")]
    public void A_date_later_in_the_text_is_not_read(string text)
    {
        Assert.That(CommandDates.TryParse(text, out _, out _), Is.False);
    }
}
