using MailComplaints.Procedure;
using MailComplaints.Reporting;
using MailComplaints.Storage;
using MailComplaints.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace MailComplaints.Tests.Reporting;

/// <summary>Every figure of the analysis of 2026 beside 2025, on the register of <see cref="ReportDataSet"/>, on each database.</summary>
public sealed class AnalysisTests(StorageProvider provider) : DatabaseFixture(provider)
{
    private ReportDataSet set = null!;
    private ComplaintsAnalysis analysis = null!;

    [SetUp]
    public async Task AnalyseTheDataSet()
    {
        set = await ReportDataSet.WriteAsync(await MigratedDatabaseAsync());
        analysis = await Report().AnalyseAsync(ReportPeriod.OfYear(2026), default);
    }

    private ComplaintsReport Report() => new(new AnalysisRepository(Database), new ProcedureTerms(ProcedureSettings.Default, WorkingDayCalendar.Statutory),
        new FakeTimeProvider(ReportDataSet.MadeAt));

    private static Compared<int> Of(int period, int previous) => new(period, previous);

    [Test]
    public void A_year_is_compared_with_the_year_before_as_the_register_stands_when_the_report_is_made()
    {
        Assert.That((analysis.Period.Code, analysis.PreviousPeriod.Code, analysis.MadeAt), Is.EqualTo(("2026", "2025", ReportDataSet.MadeAt)));
        Assert.That(analysis.Bounds, Is.EqualTo(new ProcedureBounds(5, 6, 3)));
    }

    [Test]
    public void Complaints_are_counted_in_the_Amsterdam_month_they_came_in_registered_or_rejected()
    {
        Assert.That(analysis.ReceivedPerMonth.Select(month => month.Complaints.Period), Is.EqualTo(new[] { 1, 2, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0 }),
            "the complaint of 00:30 on New Year's night is January's; the repeat of August counts; nothing of 2027");
        Assert.That(analysis.ReceivedPerMonth.Select(month => month.Complaints.Previous), Is.EqualTo(new[] { 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1 }),
            "23:30 UTC on 31 December 2025 is not December 2025's");
        Assert.That(analysis.ReceivedPerMonth.Select(month => (month.Month, month.PreviousMonth)).First(), Is.EqualTo((new DateOnly(2026, 1, 1), new DateOnly(2025, 1, 1))));
    }

    [Test]
    public void Every_message_is_counted_by_its_outcome_and_a_retried_one_once()
    {
        var outcomes = analysis.Outcomes;
        Assert.That(new[]
        {
            outcomes.Registered, outcomes.RejectedLate, outcomes.RejectedOtherChannel, outcomes.RejectedRepeat, outcomes.FollowUps, outcomes.MachineMail, outcomes.OtherIgnored, outcomes.Failed,
        }, Is.EqualTo(new[] { Of(8, 3), Of(1, 1), Of(1, 0), Of(1, 0), Of(2, 1), Of(3, 1), Of(1, 0), Of(1, 1) }));
        Assert.That((outcomes.Complaints, outcomes.Messages), Is.EqualTo((Of(11, 4), Of(18, 7))));
    }

    [Test]
    public void Registered_complaints_are_counted_per_category_channel_and_language_with_every_configured_category()
    {
        Assert.That(analysis.Categories.Select(category => (category.Key, category.Complaints)), Is.EqualTo(new (string?, Compared<int>)[]
        {
            ("bejegening", Of(2, 1)), ("dienstverlening", Of(1, 0)), ("informatie", Of(1, 0)), ("termijnen", Of(1, 1)), ("kosten", Of(1, 1)), ("overig", Of(0, 0)), (null, Of(2, 0)),
        }), "the erased complaint keeps its category");
        Assert.That(analysis.Channels, Is.EqualTo(new ChannelCounts(Of(7, 3), Of(1, 0))));
        Assert.That(analysis.Languages.Select(language => (language.Language, language.Complaints)), Is.EqualTo(new (string?, Compared<int>)[] { ("nl", Of(5, 2)), ("en", Of(3, 1)) }));
    }

    [Test]
    public void Acknowledgements_are_measured_in_working_days_against_each_case_s_bound()
    {
        var acknowledgement = analysis.Acknowledgement;
        Assert.That((acknowledgement.Acknowledged, acknowledgement.NotAcknowledged), Is.EqualTo((Of(7, 3), Of(1, 0))));
        Assert.That((acknowledgement.MedianWorkingDays, acknowledgement.Percentile90WorkingDays), Is.EqualTo((new Compared<int?>(1, 1), new Compared<int?>(7, 5))),
            "2026: 0, 1, 1, 1, 1, 1, 7; 2025: 1, 1, 5 (Whit Monday does not count)");
        Assert.That(acknowledgement.WithinBound, Is.EqualTo(new Compared<Share>(new Share(6, 8), new Share(3, 3))),
            "the one acknowledged after 7 working days is late, and so is the one never acknowledged whose bound has passed");
        Assert.That((acknowledgement.WithinBound.Period.Percent, acknowledgement.WithinBound.Previous.Percent), Is.EqualTo((75.0m, 100.0m)));
        Assert.That(acknowledgement.Distribution.Select(days => (days.WorkingDays, days.OrMore, days.Complaints)), Is.EqualTo(new[]
        {
            (0, false, Of(1, 0)), (1, false, Of(5, 2)), (2, false, Of(0, 0)), (3, false, Of(0, 0)), (4, false, Of(0, 0)), (5, false, Of(0, 1)), (6, true, Of(1, 0)),
        }));
    }

    [Test]
    public void Time_to_decision_is_measured_in_days_against_the_term_and_the_maximum_from_receipt()
    {
        var decision = analysis.Decision;
        Assert.That((decision.Decided, decision.Undecided), Is.EqualTo((Of(4, 3), Of(3, 0))), "decided across the year boundary counts with its year of receipt");
        Assert.That((decision.MedianDays, decision.Percentile90Days), Is.EqualTo((new Compared<int?>(29, 28), new Compared<int?>(84, 60))), "2026: 25, 29, 46, 84; 2025: 21, 28, 60");
        Assert.That((decision.WithinTerm, decision.WithinMaximum), Is.EqualTo((new Compared<Share>(new Share(2, 4), new Share(2, 3)), new Compared<Share>(new Share(4, 4), new Share(3, 3)))));
        Assert.That((decision.WithinTerm.Period.Percent, decision.WithinTerm.Previous.Percent), Is.EqualTo((50.0m, 66.7m)));
        Assert.That((decision.AfterTermWithinMaximum, decision.AfterMaximum), Is.EqualTo((Of(2, 1), Of(0, 0))));
    }

    [Test]
    public void Extensions_are_counted_with_their_reasons_and_an_erased_reason_as_not_kept()
    {
        Assert.That((analysis.Extensions.ExtendedComplaints, analysis.Extensions.Extensions), Is.EqualTo((Of(2, 1), Of(3, 1))));
        Assert.That(analysis.Extensions.Reasons.Select(reason => (reason.Reason, reason.Complaints)),
            Is.EqualTo(new (string?, Compared<int>)[] { ("Wachten op het rapport van de aannemer.", Of(1, 1)), (null, Of(1, 0)) }));
    }

    [Test]
    public void Escalations_and_referrals_are_followed_to_where_they_stand()
    {
        Assert.That(analysis.Escalations, Is.EqualTo(new EscalationFigures(Of(3, 1), Of(0, 0), Of(1, 0), new Resolutions(Of(0, 0), Of(1, 1), Of(1, 0)), Of(0, 0))));
        Assert.That(analysis.Referrals, Is.EqualTo(new ReferralFigures(Of(1, 0), Of(1, 0), new Resolutions(Of(0, 0), Of(0, 0), Of(0, 0)), Of(0, 0))));
    }

    [Test]
    public void Agreement_withdrawals_and_repeat_complainants_count_the_erased_complaint_without_its_complainant()
    {
        Assert.That(analysis.Agreement, Is.EqualTo(new Resolutions(Of(2, 2), Of(1, 1), Of(1, 0))));
        Assert.That((analysis.Agreement.Decided, analysis.Agreement.AgreedShare.Period.Percent, analysis.Agreement.AgreedShare.Previous.Percent),
            Is.EqualTo((Of(4, 3), 66.7m, 66.7m)));
        Assert.That(analysis.Withdrawn, Is.EqualTo(Of(1, 0)));
        Assert.That(analysis.RepeatComplainants, Is.EqualTo(new RepeatComplainants(Of(6, 3), Of(2, 1), Of(5, 2), Of(1, 0))),
            "jan three times (one rejected), marie twice (written Marie once); a@ and A@ are one complainant in 2025");
    }

    [Test]
    public void Causes_and_measures_are_grouped_by_category_and_the_erased_ones_are_gone()
    {
        Assert.That(analysis.CausesAndMeasures.Select(category => (category.Key, category.WithCause, category.WithMeasure)), Is.EqualTo(new (string?, Compared<int>, Compared<int>)[]
        {
            ("bejegening", Of(1, 1), Of(2, 0)), ("informatie", Of(1, 0), Of(1, 0)), ("termijnen", Of(1, 0), Of(0, 0)), ("kosten", Of(0, 0), Of(0, 1)),
        }));
        var findings = analysis.CausesAndMeasures.ToDictionary(category => category.Key ?? "", category => category.Findings);
        Assert.That(findings["bejegening"], Is.EqualTo(new[]
        {
            new Finding(set.NewYearsNight.Number.ToString(), "Monteur kwam niet opdagen.", "Monteurs bevestigen afspraken de dag ervoor."),
            new Finding(set.Escalated.Number.ToString(), null, "Klantcontacttraining voor monteurs."),
        }));
        Assert.That(findings["informatie"], Is.EqualTo(new[] { new Finding(set.Open.Number.ToString(), "Brief was onduidelijk.", "Standaardbrief herschreven.") }));
        Assert.That(findings["termijnen"], Is.EqualTo(new[] { new Finding(set.Extended.Number.ToString(), "Aannemer te laat ingepland.", null) }));
        Assert.That(findings["kosten"], Is.Empty, "the erased complaint's cause and measure named a person and were erased");
    }

    [Test]
    public async Task A_quarter_is_compared_with_the_quarter_before_and_the_first_with_the_last_of_the_year_before()
    {
        var first = await Report().AnalyseAsync(ReportPeriod.OfQuarter(2026, 1), default);
        Assert.That((first.PreviousPeriod.Code, first.ReceivedPerMonth.Select(month => (month.Month.Month, month.PreviousMonth.Month, month.Complaints))),
            Is.EqualTo(("2025-Q4", new[] { (1, 10, Of(1, 0)), (2, 11, Of(2, 0)), (3, 12, Of(1, 1)) })));
        var second = await Report().AnalyseAsync(ReportPeriod.OfQuarter(2026, 2), default);
        Assert.That((second.PreviousPeriod.Code, second.Outcomes.Complaints, second.Decision.Decided), Is.EqualTo(("2026-Q1", Of(2, 4), Of(1, 2))));
    }
}
