using System.Text;
using MailComplaints.Reading;
using MailComplaints.Threads;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Security;

namespace MailComplaints.Tests.Threads;

/// <summary>Our own DKIM verification, with keys the test makes and a key locator in memory.</summary>
public sealed class DkimCheckTests
{
    private static readonly AsymmetricCipherKeyPair Keys = NewKeys();

    private static AsymmetricCipherKeyPair NewKeys()
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new KeyGenerationParameters(new SecureRandom(), 2048));
        return generator.GenerateKeyPair();
    }

    private sealed class KnownKeys(AsymmetricKeyParameter? key) : DkimPublicKeyLocatorBase
    {
        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            key ?? throw new InvalidOperationException($"No key for {selector}._domainkey.{domain}.");

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }

    // A handler's reply signed by signingDomain, as it arrives: written out and parsed again; edit changes the bytes in transit.
    private static MimeMessage Signed(string from, string signingDomain, DkimSignatureAlgorithm algorithm = DkimSignatureAlgorithm.RsaSha256, Func<string, string>? edit = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("klachten@gemeente.example"));
        message.Subject = "Re: [KL-2026-00001] Nieuwe klacht";
        message.MessageId = "reply-1@example.nl";
        message.Date = new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero);
        message.Body = new TextPart("plain") { Text = "#oplossing De container wordt vervangen.\n" };
        var signer = new DkimSigner(Keys.Private, signingDomain, "mail")
        {
            SignatureAlgorithm = algorithm,
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
        message.Prepare(EncodingConstraint.SevenBit);
        signer.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
        using var output = new MemoryStream();
        message.WriteTo(output);
        var text = Encoding.ASCII.GetString(output.ToArray());
        return MessageParser.Parse(Encoding.ASCII.GetBytes(edit is null ? text : edit(text)));
    }

    private static Task<bool> PassesAsync(MimeMessage message, string sender, AsymmetricKeyParameter? key = null) =>
        new DkimCheck(new KnownKeys(key ?? Keys.Public)).PassesAsync(message, sender, CancellationToken.None);

    [Test]
    public async Task A_valid_signature_of_the_senders_domain_passes()
    {
        Assert.That(await PassesAsync(Signed("piet@example.nl", "example.nl"), "piet@example.nl"), Is.True);
    }

    [Test]
    public async Task A_signature_of_a_parent_domain_passes_and_one_of_another_domain_does_not()
    {
        Assert.That(await PassesAsync(Signed("piet@afdeling.example.nl", "example.nl"), "piet@afdeling.example.nl"), Is.True, "relaxed alignment");
        Assert.That(await PassesAsync(Signed("piet@example.nl", "mailprovider.example"), "piet@example.nl"), Is.False, "a valid signature, but not the sender's domain");
        Assert.That(await PassesAsync(Signed("piet@example.nl", "ample.nl"), "piet@example.nl"), Is.False, "a suffix is no parent domain");
    }

    [Test]
    public async Task A_body_or_header_changed_after_signing_fails()
    {
        Assert.That(await PassesAsync(Signed("piet@example.nl", "example.nl", edit: text => text.Replace("vervangen", "weggegooid", StringComparison.Ordinal)), "piet@example.nl"), Is.False);
        Assert.That(await PassesAsync(Signed("piet@example.nl", "example.nl", edit: text => text.Replace("Nieuwe klacht", "Andere klacht", StringComparison.Ordinal)), "piet@example.nl"), Is.False);
    }

    [Test]
    public async Task An_rsa_sha1_signature_does_not_count()
    {
        Assert.That(await PassesAsync(Signed("piet@example.nl", "example.nl", DkimSignatureAlgorithm.RsaSha1), "piet@example.nl"), Is.False);
    }

    [Test]
    public async Task A_key_that_cannot_be_found_or_another_key_fails_without_an_exception()
    {
        Assert.That(await new DkimCheck(new KnownKeys(null)).PassesAsync(Signed("piet@example.nl", "example.nl"), "piet@example.nl", CancellationToken.None), Is.False);
        Assert.That(await PassesAsync(Signed("piet@example.nl", "example.nl"), "piet@example.nl", NewKeys().Public), Is.False);
        Assert.That(await PassesAsync(MessageParser.Parse("From: piet@example.nl\r\nSubject: x\r\n\r\nzonder handtekening\r\n"u8.ToArray()), "piet@example.nl"), Is.False);
    }

    [Test]
    public async Task Sender_authentication_consults_DKIM_only_when_it_is_on()
    {
        var signed = Signed("piet@example.nl", "example.nl");

        Assert.That(await new SenderAuthentication([]).PassesAsync(signed, "piet@example.nl", CancellationToken.None), Is.False);
        Assert.That(await new SenderAuthentication([], new DkimCheck(new KnownKeys(Keys.Public))).PassesAsync(signed, "piet@example.nl", CancellationToken.None), Is.True);
    }

    [Test]
    public void A_key_record_from_DNS_is_read_into_its_key()
    {
        var info = Org.BouncyCastle.X509.SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(Keys.Public);
        var record = $"v=DKIM1; k=rsa; p={Convert.ToBase64String(info.GetDerEncoded())}";

        Assert.That(DnsDkimPublicKeyLocator.KeyOf(record), Is.EqualTo(Keys.Public));
    }
}
