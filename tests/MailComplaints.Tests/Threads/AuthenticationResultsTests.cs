using FsCheck;
using FsCheck.Fluent;
using MailComplaints.Threads;

namespace MailComplaints.Tests.Threads;

public sealed class AuthenticationResultsTests
{
    // Written in the style of the headers these servers add; values invented.
    internal const string Gmail = """
        mx.google.com;
               dkim=pass header.i=@example.nl header.s=sel2024 header.b=Xq3f9ZkP;
               spf=pass (google.com: domain of anna@example.nl designates 192.0.2.10 as permitted sender) smtp.mailfrom=anna@example.nl;
               dmarc=pass (p=QUARANTINE sp=QUARANTINE dis=NONE) header.from=example.nl
        """;

    internal const string Rspamd = """
        mail.gemeente.example;
        	dkim=pass header.d=example.nl header.s=mail header.b="AbC1+2/3";
        	spf=pass (mail.gemeente.example: domain of "bounce+xyz@example.nl" designates 192.0.2.10 as permitted sender) smtp.mailfrom="bounce+xyz@example.nl";
        	dmarc=pass (policy=reject) header.from=example.nl
        """;

    internal const string OpenDkim = "mx1.gemeente.example; dkim=pass (2048-bit key; unprotected) header.d=example.nl header.i=@example.nl header.a=rsa-sha256 header.s=k1 header.b=\"hTn2Qz/x\"; dkim-atps=neutral";

    internal const string Microsoft = """
        spf=pass (sender IP is 192.0.2.10)
         smtp.mailfrom=example.nl; dkim=pass (signature was verified)
         header.d=example.nl;dmarc=pass action=none header.from=example.nl;compauth=pass
         reason=100
        """;

    [Test]
    public void A_Gmail_header_gives_its_authserv_id_and_each_method_with_its_properties()
    {
        var results = AuthenticationResults.Parse(Gmail);

        Assert.That(results.Select(result => (result.AuthServId, result.Method, result.Result)),
            Is.EqualTo(new[] { ("mx.google.com", "dkim", "pass"), ("mx.google.com", "spf", "pass"), ("mx.google.com", "dmarc", "pass") }));
        Assert.That(results[0].Properties, Is.EquivalentTo(new Dictionary<string, string> { ["header.i"] = "@example.nl", ["header.s"] = "sel2024", ["header.b"] = "Xq3f9ZkP" }));
        Assert.That(results[1].Properties["smtp.mailfrom"], Is.EqualTo("anna@example.nl"));
        Assert.That(results[2].Properties["header.from"], Is.EqualTo("example.nl"));
    }

    [Test]
    public void Comments_are_dropped_even_when_they_hold_semicolons_and_equals_signs()
    {
        var results = AuthenticationResults.Parse(OpenDkim);

        Assert.That(results.Select(result => result.Method), Is.EqualTo(new[] { "dkim", "dkim-atps" }));
        Assert.That(results[0].Properties["header.d"], Is.EqualTo("example.nl"));
        Assert.That(results[0].Properties["header.b"], Is.EqualTo("hTn2Qz/x"));
    }

    [Test]
    public void Quoted_values_are_unquoted()
    {
        var results = AuthenticationResults.Parse(Rspamd);

        Assert.That(results[0].Properties["header.b"], Is.EqualTo("AbC1+2/3"));
        Assert.That(results[1].Properties["smtp.mailfrom"], Is.EqualTo("bounce+xyz@example.nl"));
    }

    [Test]
    public void A_version_after_the_authserv_id_and_a_method_version_are_skipped()
    {
        var results = AuthenticationResults.Parse("mx.example.org 1; dkim/1=pass header.d=example.nl; spf = PASS smtp.mailfrom = example.nl");

        Assert.That(results.Select(result => (result.AuthServId, result.Method, result.Result)),
            Is.EqualTo(new[] { ("mx.example.org", "dkim", "pass"), ("mx.example.org", "spf", "pass") }));
        Assert.That(results[1].Properties["smtp.mailfrom"], Is.EqualTo("example.nl"));
    }

    [Test]
    public void A_header_without_an_authserv_id_has_an_empty_one()
    {
        var results = AuthenticationResults.Parse(Microsoft);

        Assert.That(results.Select(result => (result.AuthServId, result.Method, result.Result)),
            Is.EqualTo(new[] { ("", "spf", "pass"), ("", "dkim", "pass"), ("", "dmarc", "pass"), ("", "compauth", "pass") }));
        Assert.That(results[3].Properties["reason"], Is.EqualTo("100"));
    }

    [Test]
    public void A_quoted_authserv_id_is_unquoted_and_property_names_are_lower_case()
    {
        var results = AuthenticationResults.Parse("\"mx.example.org\"; DKIM=Pass Header.D=example.nl");

        Assert.That(results.Single().AuthServId, Is.EqualTo("mx.example.org"));
        Assert.That(results.Single().Result, Is.EqualTo("pass"));
        Assert.That(results.Single().Properties["header.d"], Is.EqualTo("example.nl"));
    }

    [TestCase("mx.example.org; none")]
    [TestCase("mx.example.org 1; none")]
    [TestCase("mx.example.org")]
    [TestCase("")]
    [TestCase(null)]
    public void None_or_no_results_give_an_empty_list(string? value)
    {
        Assert.That(AuthenticationResults.Parse(value), Is.Empty);
    }

    [Test]
    public void Broken_pieces_are_skipped_and_the_rest_is_read()
    {
        var results = AuthenticationResults.Parse("mx.example.org; dkim=; ===; spf pass; (unclosed; dmarc=pass");

        Assert.That(results, Is.Empty.Or.All.Matches<AuthenticationResult>(result => result.Method.Length > 0 && result.Result.Length > 0));
        Assert.That(AuthenticationResults.Parse("mx.example.org; dkim=; spf=fail smtp.mailfrom=x.example; \"unclosed").Select(result => result.Method), Is.EqualTo(new[] { "spf" }));
    }

    [Test]
    public void Parse_never_throws_on_arbitrary_text()
    {
        var pieces = Gen.Elements("mx.example.org", ";", "=", "(", ")", "\"", "\\", " ", "dkim", "pass", "header.d", ".", "/", "1", "none", "\r\n ", "é");
        Prop.ForAll(pieces.ListOf().Select(string.Concat).ToArbitrary(), text => AuthenticationResults.Parse(text) is not null).QuickCheckThrowOnFailure();
        Prop.ForAll<string>(text => AuthenticationResults.Parse(text) is not null).QuickCheckThrowOnFailure();
    }
}
