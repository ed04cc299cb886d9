using MailComplaints.Reading;
using MimeKit;
using MailComplaints.Threads;

namespace MailComplaints.Tests.Threads;

public sealed class SenderAuthenticationTests
{
    private static readonly SenderAuthentication Ours = new(["mail.gemeente.example", "MX.GOOGLE.COM"]);

    private static MimeMessage From(string sender, params string[] authenticationResults) =>
        ThreadMessages.Parse($"From: {sender}\nSubject: Re: [KL-2026-00042]\n"
            + string.Concat(authenticationResults.Select(value => "Authentication-Results: " + value.ReplaceLineEndings("\n ").Replace("\n \t", "\n\t", StringComparison.Ordinal) + "\n")));

    [Test]
    public void Dkim_pass_for_the_sender_s_domain_from_a_trusted_server_passes()
    {
        Assert.That(Ours.Passes(From("anna@example.nl", "mail.gemeente.example; dkim=pass header.d=example.nl header.s=mail"), "anna@example.nl"), Is.True);
    }

    [Test]
    public void Dkim_pass_with_header_i_at_the_sender_s_domain_passes_and_the_authserv_id_is_compared_without_case()
    {
        Assert.That(Ours.Passes(From("anna@example.nl", AuthenticationResultsTests.Gmail.Replace("spf=pass", "spf=softfail", StringComparison.Ordinal)), "Anna@Example.NL"), Is.True);
    }

    [Test]
    public void Spf_pass_with_the_envelope_sender_in_the_sender_s_domain_passes()
    {
        Assert.That(Ours.Passes(From("anna@example.nl", "mail.gemeente.example; spf=pass (mail.gemeente.example: domain of anna@example.nl designates 192.0.2.10 as permitted sender) smtp.mailfrom=anna@example.nl"), "anna@example.nl"), Is.True);
        Assert.That(Ours.Passes(From("anna@example.nl", "mail.gemeente.example; spf=pass smtp.mailfrom=example.nl"), "anna@example.nl"), Is.True);
    }

    [Test]
    public void An_Rspamd_header_with_quoted_values_passes()
    {
        Assert.That(Ours.Passes(From("jan@example.nl", AuthenticationResultsTests.Rspamd), "jan@example.nl"), Is.True);
    }

    [Test]
    public void A_spoof_signed_for_another_domain_does_not_pass()
    {
        var message = From("directeur@gemeente.example",
            "mail.gemeente.example; dkim=pass header.d=attacker.example header.i=@attacker.example; spf=pass smtp.mailfrom=bounce@attacker.example; dmarc=fail header.from=gemeente.example");

        Assert.That(Ours.Passes(message, "directeur@gemeente.example"), Is.False);
    }

    [Test]
    public void A_parent_or_look_alike_domain_does_not_pass()
    {
        Assert.That(Ours.Passes(From("anna@mail.example.nl", "mail.gemeente.example; dkim=pass header.d=example.nl"), "anna@mail.example.nl"), Is.False);
        Assert.That(Ours.Passes(From("anna@example.nl", "mail.gemeente.example; dkim=pass header.d=notexample.nl header.i=@notexample.nl"), "anna@example.nl"), Is.False);
    }

    [TestCase("dkim=fail (signature did not verify) header.d=example.nl")]
    [TestCase("dkim=neutral (no signature) header.d=example.nl")]
    [TestCase("spf=softfail smtp.mailfrom=anna@example.nl")]
    [TestCase("dmarc=pass header.from=example.nl")]
    [TestCase("none")]
    public void Anything_but_a_dkim_or_spf_pass_does_not_pass(string result)
    {
        Assert.That(Ours.Passes(From("anna@example.nl", "mail.gemeente.example; " + result), "anna@example.nl"), Is.False);
    }

    [Test]
    public void A_pass_written_by_a_server_we_do_not_trust_is_ignored()
    {
        var message = From("anna@example.nl",
            "mail.gemeente.example; dkim=fail header.d=example.nl",
            "relay.attacker.example; dkim=pass header.d=example.nl; spf=pass smtp.mailfrom=anna@example.nl");

        Assert.That(Ours.Passes(message, "anna@example.nl"), Is.False);
    }

    [Test]
    public void A_Microsoft_header_without_authserv_id_is_never_trusted()
    {
        Assert.That(Ours.Passes(From("anna@example.nl", AuthenticationResultsTests.Microsoft), "anna@example.nl"), Is.False);
    }

    [Test]
    public void With_no_trusted_servers_nothing_passes()
    {
        var message = From("anna@example.nl", "mail.gemeente.example; dkim=pass header.d=example.nl");

        Assert.That(new SenderAuthentication([]).Passes(message, "anna@example.nl"), Is.False);
        Assert.That(new SenderAuthentication([" ", ""]).Passes(message, "anna@example.nl"), Is.False);
    }

    [Test]
    public void A_message_without_Authentication_Results_or_a_sender_without_domain_does_not_pass()
    {
        Assert.That(Ours.Passes(From("anna@example.nl"), "anna@example.nl"), Is.False);
        Assert.That(Ours.Passes(From("anna@example.nl", "mail.gemeente.example; dkim=pass header.d=example.nl"), "anna"), Is.False);
    }

    [Test]
    public void The_pass_may_be_in_any_of_several_headers()
    {
        var message = From("anna@example.nl", "mx.other.example; dkim=pass header.d=example.nl", AuthenticationResultsTests.OpenDkim.Replace("mx1.gemeente.example", "mail.gemeente.example", StringComparison.Ordinal));

        Assert.That(Ours.Passes(message, "anna@example.nl"), Is.True);
    }
}
