using MimeKit;
using MailComplaints.Outbox;

namespace MailComplaints.Tests.Outbox;

public sealed class MailDraftTests
{
    private static readonly DateTimeOffset Queued = new(2026, 11, 3, 9, 15, 27, TimeSpan.Zero);

    private static MailDraft Assignment(string complaint, string? caseDescription) =>
        new("assignment", "nl", "KL-2026-00001", new MailboxAddress(null, "handler@example.org"), null, [], Queued,
            new Dictionary<string, object?> { ["complaintText"] = complaint, ["subject"] = "Lift" }) { CaseDescription = caseDescription };

    [Test]
    public void A_value_that_is_the_case_description_is_named_not_written_and_read_back_from_the_case()
    {
        var json = Assignment("De lift is kapot.\nAl weken.", "De lift is kapot.\nAl weken.").ToJson();

        Assert.That(json, Does.Not.Contain("De lift").And.Contain("\"fromCase\":[\"complaintText\"]"));
        Assert.That(MailDraft.FromJson(json, "De lift is kapot.\nAl weken.").Model["complaintText"], Is.EqualTo("De lift is kapot.\nAl weken."));
    }

    [Test]
    public void A_value_that_differs_from_the_case_description_is_written_as_it_is()
    {
        var json = Assignment("De lift is kapot.", "Iets anders.").ToJson();

        Assert.That(json, Does.Contain("\"complaintText\":\"De lift is kapot.\"").And.Not.Contain("fromCase"));
        Assert.That(MailDraft.FromJson(json).Model["complaintText"], Is.EqualTo("De lift is kapot."));
    }

    [Test]
    public void A_draft_that_takes_text_from_a_case_without_one_is_refused_by_name()
    {
        var json = Assignment("De lift is kapot.", "De lift is kapot.").ToJson();

        Assert.That(() => MailDraft.FromJson(json, null), Throws.InstanceOf<FormatException>().With.Message.Contains("\"complaintText\" from its case's description"));
    }
}
