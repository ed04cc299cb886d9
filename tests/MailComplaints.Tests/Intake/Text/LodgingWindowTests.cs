using FsCheck;
using FsCheck.Fluent;
using MailComplaints.Intake.Text;

namespace MailComplaints.Tests.Intake.Text;

public sealed class LodgingWindowTests
{
    private static readonly DateOnly Received = new(2026, 11, 18);

    [Test]
    public void A_complaint_about_an_event_fourteen_days_before_receipt_is_in_time()
    {
        Assert.That(LodgingWindow.Default.IsLate(Received, new DateOnly(2026, 11, 4)), Is.False);
    }

    [Test]
    public void A_complaint_about_an_event_fifteen_days_before_receipt_is_late()
    {
        Assert.That(LodgingWindow.Default.IsLate(Received, new DateOnly(2026, 11, 3)), Is.True);
    }

    [Test]
    public void A_complaint_about_an_event_on_the_day_of_receipt_is_in_time()
    {
        Assert.That(LodgingWindow.Default.IsLate(Received, Received), Is.False);
    }

    [Test]
    public void A_complaint_without_a_known_event_date_is_never_late()
    {
        Assert.That(LodgingWindow.Default.IsLate(Received, null), Is.False);
    }

    [Test]
    public void The_last_day_to_lodge_is_the_event_plus_the_window_across_the_turn_of_the_year()
    {
        Assert.That(new LodgingWindow(14).LastDayToLodge(new DateOnly(2026, 12, 30)), Is.EqualTo(new DateOnly(2027, 1, 13)));
        Assert.That(new LodgingWindow(7).IsLate(new DateOnly(2027, 1, 7), new DateOnly(2026, 12, 30)), Is.True);
    }

    [Test]
    public void A_negative_window_is_refused()
    {
        Assert.That(() => new LodgingWindow(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void A_complaint_is_late_exactly_when_more_than_the_window_of_days_lies_between_event_and_receipt()
    {
        Prop.ForAll(Gen.Choose(0, 60).ToArbitrary(), Gen.Choose(0, 30).ToArbitrary(), (daysBetween, window) =>
        {
            var late = new LodgingWindow(window).IsLate(Received, Received.AddDays(-daysBetween));
            Assert.That(late, Is.EqualTo(daysBetween > window));
        }).QuickCheckThrowOnFailure();
    }
}
