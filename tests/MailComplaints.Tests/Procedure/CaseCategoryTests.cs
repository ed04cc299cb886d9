using MailComplaints.Procedure;

namespace MailComplaints.Tests.Procedure;

public sealed class CaseCategoryTests
{
    private static readonly IReadOnlyList<CaseCategory> Categories = ProcedureSettings.Default.Categories;

    [TestCase("bejegening", "bejegening")]
    [TestCase("Bejegening", "bejegening")]
    [TestCase("treatment by staff", "bejegening")]
    [TestCase("Kosten en facturen.", "kosten")]
    [TestCase("kwal", "dienstverlening")]
    [TestCase("Costs", "kosten")]
    [TestCase("  overig ", "overig")]
    public void A_handler_names_a_category_by_its_key_a_name_or_the_start_of_one(string written, string key)
    {
        Assert.That(CaseCategory.Find(Categories, written)?.Key, Is.EqualTo(key));
    }

    [TestCase("ko")]
    [TestCase("in")]
    [TestCase("onbekend")]
    [TestCase("")]
    public void A_start_of_fewer_than_three_letters_or_an_unknown_name_finds_none(string written)
    {
        Assert.That(CaseCategory.Find(Categories, written), Is.Null);
    }

    [Test]
    public void A_start_that_fits_two_categories_finds_none_but_a_whole_name_still_finds_its_own()
    {
        CaseCategory[] categories = [new("netwerk", "Netwerk", "Network"), new("netwerkbeheer", "Netwerkbeheer", "Network management")];

        Assert.That(CaseCategory.Find(categories, "netw"), Is.Null);
        Assert.That(CaseCategory.Find(categories, "network")?.Key, Is.EqualTo("netwerk"));
    }

    [Test]
    public void The_name_is_in_the_cases_language_and_Dutch_when_unknown()
    {
        var category = Categories[0];

        Assert.That((category.NameIn("en"), category.NameIn("nl"), category.NameIn(null)), Is.EqualTo(("Treatment by staff", "Bejegening", "Bejegening")));
    }
}
