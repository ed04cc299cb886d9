using MailComplaints.Mail.Mime;

namespace MailComplaints.Mail.Tests.Mime;

public sealed class DateTests
{
    [TestCase("Tue, 1 Jul 2003 10:52:37 +0200", "2003-07-01T10:52:37+02:00")]
    [TestCase("1 Jul 2003 10:52 +0200", "2003-07-01T10:52:00+02:00")]
    [TestCase("Thu, 19 Sep 91 12:41:43 EDT", "1991-09-19T12:41:43-04:00")]
    [TestCase("Thu, 19 Sep 2019 12:41:43 GMT", "2019-09-19T12:41:43+00:00")]
    [TestCase("Thu Sep 19 12:41:43 2019", "2019-09-19T12:41:43+00:00")]
    [TestCase("Mon, 3 Feb 2020 08:00:00 +0100 (CET)", "2020-02-03T08:00:00+01:00")]
    [TestCase("03-Feb-2020 08:00:00 -0500", "2020-02-03T08:00:00-05:00")]
    [TestCase("2020-02-03T08:00:00Z", "2020-02-03T08:00:00+00:00")]
    [TestCase("Wed, 5 Mar 2014 10:00:00 Z", "2014-03-05T10:00:00+00:00")]
    [TestCase("Sat,29 Jan 2011 11:12:13 +0000", "2011-01-29T11:12:13+00:00")]
    public void Common_date_forms_are_read(string text, string expected)
    {
        Assert.That(DateParser.Parse(text), Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("")]
    [TestCase("yesterday")]
    [TestCase("31 Feb 2020 10:00 +0000")]
    [TestCase("-Apr- --")]
    [TestCase("- -- : +")]
    public void Unreadable_dates_are_null(string text)
    {
        Assert.That(DateParser.Parse(text), Is.Null);
    }

    [Test]
    public void Formatted_date_reads_back()
    {
        var date = new DateTimeOffset(2024, 12, 31, 23, 59, 58, TimeSpan.FromHours(-3.5));
        Assert.That(DateParser.Format(date), Is.EqualTo("Tue, 31 Dec 2024 23:59:58 -0330"));
        Assert.That(DateParser.Parse(DateParser.Format(date)), Is.EqualTo(date));
    }
}
