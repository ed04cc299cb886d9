using FsCheck;
using FsCheck.Fluent;
using MailComplaints.Intake.Text;

namespace MailComplaints.Tests.Intake.Text;

public sealed class SubjectNormaliserTests
{
    [TestCase("Lekkage niet verholpen")]
    [TestCase("Re: Lekkage niet verholpen")]
    [TestCase("RE: Lekkage niet verholpen")]
    [TestCase("Antw: Lekkage niet verholpen")]
    [TestCase("Antwoord: Lekkage niet verholpen")]
    [TestCase("Fw: Lekkage niet verholpen")]
    [TestCase("FW: Lekkage niet verholpen")]
    [TestCase("Fwd: Lekkage niet verholpen")]
    [TestCase("Doorst: Lekkage niet verholpen")]
    [TestCase("AW: Lekkage niet verholpen")]
    [TestCase("WG: Lekkage niet verholpen")]
    [TestCase("Wg: Lekkage niet verholpen")]
    [TestCase("Re[2]: Lekkage niet verholpen")]
    [TestCase("Re: Fwd: Re: Lekkage niet verholpen")]
    [TestCase("RE : re:FW:  Lekkage   niet\tverholpen")]
    [TestCase("Betreft: Lekkage niet verholpen")]
    [TestCase("[KL-2026-00042] Lekkage niet verholpen")]
    [TestCase("Re: [KL-2026-00042] Lekkage niet verholpen")]
    [TestCase("Lekkage niet verholpen [KL-2026-00042]")]
    [TestCase("Re: Lekkage [ABC7-2026-42] niet verholpen")]
    [TestCase("[SPAM] Re: Lekkage niet verholpen")]
    [TestCase("Re: [SPAM] AW: Lekkage niet verholpen!!")]
    [TestCase("  \"Lekkage niet verholpen\"  ")]
    [TestCase("LEKKAGE NIET VERHOLPEN.")]
    public void Replies_forwards_tags_case_and_spacing_do_not_change_the_matter(string subject)
    {
        Assert.That(SubjectNormaliser.Normalise(subject), Is.EqualTo("lekkage niet verholpen"));
    }

    [TestCase("Reparatie niet uitgevoerd", "reparatie niet uitgevoerd")]
    [TestCase("Fwdx: iets", "fwdx: iets")]
    [TestCase("Storing: internet", "storing: internet")]
    [TestCase("Klacht over [bijlage] en kosten", "klacht over [bijlage] en kosten")]
    public void Words_that_only_look_like_a_prefix_stay(string subject, string expected)
    {
        Assert.That(SubjectNormaliser.Normalise(subject), Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("Re:")]
    [TestCase("Re: Fwd: [KL-2026-00001] ...")]
    public void A_subject_of_prefixes_only_has_an_empty_key(string? subject)
    {
        Assert.That(SubjectNormaliser.Normalise(subject), Is.Empty);
    }

    [Test]
    public void Normalising_a_key_again_changes_nothing()
    {
        var pieces = Gen.Elements("Re:", "RE :", "Fwd:", "AW:", "[", "]", "[KL-2026-00042]", "KL-2026-1]", "[SPAM]", " ", "\t", "Lekkage", "É", "ß", ".", "!", "(", "Re[2]:", "x", ":");
        Prop.ForAll(pieces.ListOf().ToArbitrary(), parts =>
        {
            var once = SubjectNormaliser.Normalise(string.Concat(parts));
            Assert.That(SubjectNormaliser.Normalise(once), Is.EqualTo(once));
        }).QuickCheckThrowOnFailure();
        Prop.ForAll<string>(subject =>
        {
            var once = SubjectNormaliser.Normalise(subject);
            Assert.That(SubjectNormaliser.Normalise(once), Is.EqualTo(once));
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Prefixing_a_reply_or_forward_marker_keeps_the_key()
    {
        Prop.ForAll(Gen.Elements("Re: ", "Fwd: ", "AW: ", "WG: ", "Antw: ", "Doorst: ", "[KL-2026-00042] ").ToArbitrary(), Gen.Elements("Lekkage", "Geen internet sinds maandag", "Rude staff").ToArbitrary(), (prefix, subject) =>
        {
            Assert.That(SubjectNormaliser.Normalise(prefix + subject), Is.EqualTo(SubjectNormaliser.Normalise(subject)));
        }).QuickCheckThrowOnFailure();
    }
}
