using MailComplaints.Mail.Mime;

namespace MailComplaints.Mail.Tests.Mime;

public sealed class AddressTests
{
    [Test]
    public void Quoted_display_name_with_comma_and_escaped_quote_is_one_mailbox()
    {
        var list = AddressList.Parse("\"Doe, \\\"JD\\\" John\" <john@example.org>, jane@example.org");
        Assert.That(list, Is.EqualTo(new[] { new MailboxAddress("Doe, \"JD\" John", "john@example.org"), new MailboxAddress(null, "jane@example.org") }));
    }

    [Test]
    public void Comment_after_a_bare_address_gives_the_name()
    {
        Assert.That(AddressList.Parse("nsb@example.org (Nathaniel Borenstein)")[0], Is.EqualTo(new MailboxAddress("Nathaniel Borenstein", "nsb@example.org")));
    }

    [Test]
    public void Encoded_name_is_decoded_also_inside_quotes()
    {
        var list = AddressList.Parse("=?utf-8?q?J=C3=BCrgen?= <j@example.org>, \"=?utf-8?b?w4lsb2lzZQ==?=\" <e@example.org>");
        Assert.That(list.Select(m => m.Name), Is.EqualTo(new[] { "Jürgen", "Éloise" }));
    }

    [Test]
    public void Groups_are_flattened_and_named()
    {
        var list = AddressList.Parse("Team: a@example.org, B <b@example.org>;, c@example.org");
        Assert.That(list.Select(m => m.Address), Is.EqualTo(new[] { "a@example.org", "b@example.org", "c@example.org" }));
        Assert.That(list.Groups.Single().Name, Is.EqualTo("Team"));
        Assert.That(list.Groups.Single().Members, Has.Count.EqualTo(2));
    }

    [Test]
    public void Empty_group_yields_no_mailbox_but_the_group_name()
    {
        var list = AddressList.Parse("undisclosed-recipients:;");
        Assert.That(list, Is.Empty);
        Assert.That(list.Groups.Single().Name, Is.EqualTo("undisclosed-recipients"));
    }

    [Test]
    public void Missing_comma_between_mailboxes_is_tolerated()
    {
        var list = AddressList.Parse("A <a@example.org> B <b@example.org>");
        Assert.That(list.Select(m => m.Address), Is.EqualTo(new[] { "a@example.org", "b@example.org" }));
    }

    [Test]
    public void Text_without_an_address_is_kept_as_unparsed()
    {
        var list = AddressList.Parse("Undisclosed recipients");
        Assert.That(list, Is.Empty);
        Assert.That(list.Unparsed, Is.EqualTo(new[] { "Undisclosed recipients" }));
    }

    [Test]
    public void Utf8_local_part_and_idn_domain_are_kept()
    {
        var list = AddressList.Parse("Пример <пример@испытание.рф>, x@xn--80akhbyknj4f.xn--p1ai");
        Assert.That(list.Select(m => m.Address), Is.EqualTo(new[] { "пример@испытание.рф", "x@xn--80akhbyknj4f.xn--p1ai" }));
    }

    [Test]
    public void Source_route_is_removed()
    {
        Assert.That(AddressList.Parse("<@relay.example:user@example.org>")[0].Address, Is.EqualTo("user@example.org"));
    }

    [Test]
    public void Name_without_angle_brackets_before_the_address_is_the_display_name()
    {
        Assert.That(AddressList.Parse("\"Joe Q\" joe@example.org")[0], Is.EqualTo(new MailboxAddress("Joe Q", "joe@example.org")));
    }
}
