using FsCheck;
using FsCheck.Fluent;
using MailComplaints.Mail.Imap;

namespace MailComplaints.Mail.Tests.Imap;

public sealed class UidSetTests
{
    [Test]
    public void Consecutive_uids_collapse_into_ranges()
    {
        Assert.That(UidSet.Of([9, 1, 2, 3, 5, 3, 10]).ToString(), Is.EqualTo("1:3,5,9:10"));
        Assert.That(UidSet.From(100).ToString(), Is.EqualTo("100:*"));
        Assert.That(UidSet.Range(4, 4).ToString(), Is.EqualTo("4"));
    }

    [Test]
    public void Any_set_of_uids_expands_back_to_itself()
    {
        Prop.ForAll(Gen.Choose(1, 500).Select(n => (uint)n).NonEmptyListOf().ToArbitrary(), uids =>
            UidSet.Of(uids).Expand().SequenceEqual(uids.Distinct().Order())).QuickCheckThrowOnFailure();
    }

    [TestCase("")]
    [TestCase("0")]
    [TestCase("1:2:3")]
    [TestCase("a")]
    public void Text_that_is_not_a_sequence_set_is_refused(string text)
    {
        Assert.That(() => UidSet.Parse(text), Throws.InstanceOf<FormatException>());
    }
}

public sealed class MailboxNameTests
{
    [TestCase("INBOX", "INBOX")]
    [TestCase("Tom & Jerry", "Tom &- Jerry")]
    [TestCase("Stížnosti", "St&AO0Bfg-nosti")]
    [TestCase("日本語", "&ZeVnLIqe-")]
    public void Names_are_written_in_modified_UTF7(string name, string encoded)
    {
        Assert.That(MailboxName.Encode(name), Is.EqualTo(encoded));
        Assert.That(MailboxName.Decode(encoded), Is.EqualTo(name));
    }

    [Test]
    public void Any_name_survives_encoding()
    {
        Prop.ForAll<string>(name => name is null || name.Any(char.IsSurrogate) || MailboxName.Decode(MailboxName.Encode(name)) == name).QuickCheckThrowOnFailure();
    }
}
