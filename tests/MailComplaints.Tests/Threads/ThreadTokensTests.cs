using FsCheck;
using FsCheck.Fluent;
using MailComplaints.Cases;
using MailComplaints.Threads;

namespace MailComplaints.Tests.Threads;

public sealed class ThreadTokensTests
{
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly CaseNumber Case42 = new("KL", 2026, 42);
    private static readonly ThreadTokens Tokens = new(Secret);

    [Test]
    public void A_token_is_24_lower_case_base32_characters()
    {
        Assert.That(Tokens.TokenFor(Case42, "anna@example.nl"), Does.Match("^[a-z2-7]{24}$"));
    }

    [Test]
    public void The_token_is_the_first_15_bytes_of_the_HMAC_of_case_and_recipient_in_base32()
    {
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Secret, "KL-2026-00042\0anna@example.nl"u8.ToArray());

        Assert.That(Tokens.TokenFor(Case42, "anna@example.nl"), Is.EqualTo(Base32Reference(mac[..15])));
    }

    [Test]
    public void The_recipient_is_compared_lower_cased_and_trimmed()
    {
        Assert.That(Tokens.TokenFor(Case42, "  Anna@Example.NL "), Is.EqualTo(Tokens.TokenFor(Case42, "anna@example.nl")));
    }

    [Test]
    public void Another_case_another_recipient_or_another_secret_gives_another_token()
    {
        var token = Tokens.TokenFor(Case42, "anna@example.nl");

        Assert.That(Tokens.TokenFor(Case42 with { Sequence = 43 }, "anna@example.nl"), Is.Not.EqualTo(token));
        Assert.That(Tokens.TokenFor(Case42, "jan@example.nl"), Is.Not.EqualTo(token));
        Assert.That(new ThreadTokens(Enumerable.Repeat((byte)7, 32).ToArray()).TokenFor(Case42, "anna@example.nl"), Is.Not.EqualTo(token));
    }

    [Test]
    public void A_Message_ID_holds_kind_case_token_and_16_random_hex_characters_at_our_domain()
    {
        var id = Tokens.MessageId("Acknowledgement", Case42, "anna@example.nl", ThreadMessages.Domain);

        Assert.That(id, Does.Match($"^acknowledgement\\.KL-2026-00042\\.{Tokens.TokenFor(Case42, "anna@example.nl")}\\.[0-9a-f]{{16}}@klachten\\.gemeente\\.example$"));
        Assert.That(id, Does.Not.Contain("<").And.Not.Contain(">"));
    }

    [Test]
    public void Two_Message_IDs_for_the_same_mail_differ_in_the_random_part()
    {
        Assert.That(Tokens.MessageId("reminder", Case42, "a@example.nl", ThreadMessages.Domain),
            Is.Not.EqualTo(Tokens.MessageId("reminder", Case42, "a@example.nl", ThreadMessages.Domain)));
    }

    [TestCase("")]
    [TestCase("term.alarm")]
    [TestCase("re ply")]
    public void A_kind_that_would_break_the_format_is_refused(string kind)
    {
        Assert.That(() => Tokens.MessageId(kind, Case42, "a@example.nl", ThreadMessages.Domain), Throws.ArgumentException);
    }

    [TestCase("klachten@gemeente.example")]
    [TestCase("<gemeente.example>")]
    [TestCase("gemeente example")]
    [TestCase(" ")]
    public void A_domain_that_is_not_a_bare_domain_is_refused(string domain)
    {
        Assert.That(() => Tokens.MessageId("reminder", Case42, "a@example.nl", domain), Throws.ArgumentException);
    }

    [Test]
    public void Our_Message_ID_reads_back_to_kind_case_and_token()
    {
        var id = Tokens.MessageId("assignment", Case42, "piet@gemeente.example", ThreadMessages.Domain);

        Assert.That(Tokens.TryRead(id, ThreadMessages.Domain, out var reference), Is.True);
        Assert.That(reference, Is.EqualTo(new ThreadReference("assignment", Case42, Tokens.TokenFor(Case42, "piet@gemeente.example"))));
    }

    [Test]
    public void The_domain_is_compared_without_regard_to_case_and_angle_brackets_are_allowed()
    {
        var id = Tokens.MessageId("assignment", Case42, "piet@gemeente.example", ThreadMessages.Domain);

        Assert.That(Tokens.TryRead($"<{id.ToUpperInvariant()}>", "Klachten.Gemeente.Example", out var reference), Is.True);
        Assert.That(reference!.Kind, Is.EqualTo("assignment"));
        Assert.That(Tokens.Verify(reference, "piet@gemeente.example"), Is.True);
    }

    [TestCase("assignment.KL-2026-00042.abcdefghijklmnopqrstuvwx.0123456789abcdef@other.example")]
    [TestCase("assignment.KL-2026-00042.abcdefghijklmnopqrstuvwx.0123456789abcdef@sub.klachten.gemeente.example")]
    [TestCase("assignment.KL-2026-00042.abcdefghijklmnopqrstuvwx@klachten.gemeente.example")]
    [TestCase("assignment.KL-2026-00042.abcdefghijklmnopqrstuv.0123456789abcdef@klachten.gemeente.example")]
    [TestCase("assignment.KL-2026-00042.abcdefghijklmnopqrstuv01.0123456789abcdef@klachten.gemeente.example")]
    [TestCase("assignment.KL-2026-00042.abcdefghijklmnopqrstuvwx.0123456789abcdeg@klachten.gemeente.example")]
    [TestCase("assignment.KL2026.abcdefghijklmnopqrstuvwx.0123456789abcdef@klachten.gemeente.example")]
    [TestCase("assign ment.KL-2026-00042.abcdefghijklmnopqrstuvwx.0123456789abcdef@klachten.gemeente.example")]
    [TestCase("a.b.assignment.KL-2026-00042.abcdefghijklmnopqrstuvwx.0123456789abcdef@klachten.gemeente.example")]
    [TestCase("CAFEBABE.1234@mail.example.nl")]
    [TestCase("")]
    [TestCase("@klachten.gemeente.example")]
    public void Message_IDs_that_are_not_ours_are_not_read(string id)
    {
        Assert.That(Tokens.TryRead(id, ThreadMessages.Domain, out var reference), Is.False);
        Assert.That(reference, Is.Null);
    }

    [Test]
    public void A_token_verifies_for_the_recipient_and_for_nobody_else()
    {
        Tokens.TryRead(Tokens.MessageId("acknowledgement", Case42, "anna@example.nl", ThreadMessages.Domain), ThreadMessages.Domain, out var reference);

        Assert.That(Tokens.Verify(reference!, "Anna@Example.nl"), Is.True);
        Assert.That(Tokens.Verify(reference!, "mallory@example.nl"), Is.False);
        Assert.That(Tokens.Verify(reference! with { CaseNumber = Case42 with { Sequence = 41 } }, "anna@example.nl"), Is.False);
        Assert.That(Tokens.Verify(reference! with { Token = "short" }, "anna@example.nl"), Is.False);
    }

    [Test]
    public void A_token_made_with_another_secret_does_not_verify()
    {
        var other = new ThreadTokens(Enumerable.Repeat((byte)9, 40).ToArray());
        Tokens.TryRead(other.MessageId("acknowledgement", Case42, "anna@example.nl", ThreadMessages.Domain), ThreadMessages.Domain, out var forged);

        Assert.That(Tokens.Verify(forged!, "anna@example.nl"), Is.False);
    }

    [Test]
    public void A_reply_is_matched_through_In_Reply_To()
    {
        var ours = Tokens.MessageId("acknowledgement", Case42, "anna@example.nl", ThreadMessages.Domain);
        var reply = ThreadMessages.Parse($"From: Anna <anna@example.nl>\nSubject: Re: Ontvangstbevestiging\nIn-Reply-To: <{ours}>");

        Assert.That(Tokens.VerifiedReference(reply, "anna@example.nl", ThreadMessages.Domain)?.CaseNumber, Is.EqualTo(Case42));
    }

    [Test]
    public void A_reply_is_matched_through_References_from_the_last_when_In_Reply_To_is_not_ours()
    {
        var older = Tokens.MessageId("acknowledgement", new CaseNumber("KL", 2026, 7), "anna@example.nl", ThreadMessages.Domain);
        var newer = Tokens.MessageId("followup", Case42, "anna@example.nl", ThreadMessages.Domain);
        var reply = ThreadMessages.Parse($"From: anna@example.nl\nIn-Reply-To: <CAB123@mail.gmail.com>\nReferences: <{older}>\n <CAB000@mail.gmail.com> <{newer}>");

        Assert.That(Tokens.VerifiedReference(reply, "anna@example.nl", ThreadMessages.Domain), Is.EqualTo(new ThreadReference("followup", Case42, Tokens.TokenFor(Case42, "anna@example.nl"))));
    }

    [Test]
    public void In_Reply_To_wins_over_References()
    {
        var inReplyTo = Tokens.MessageId("reminder", Case42, "anna@example.nl", ThreadMessages.Domain);
        var referenced = Tokens.MessageId("acknowledgement", new CaseNumber("KL", 2026, 7), "anna@example.nl", ThreadMessages.Domain);
        var reply = ThreadMessages.Parse($"From: anna@example.nl\nIn-Reply-To: <{inReplyTo}>\nReferences: <{referenced}>");

        Assert.That(Tokens.VerifiedReference(reply, "anna@example.nl", ThreadMessages.Domain)?.Kind, Is.EqualTo("reminder"));
    }

    [Test]
    public void A_reply_from_someone_the_mail_was_not_sent_to_is_not_matched()
    {
        var ours = Tokens.MessageId("acknowledgement", Case42, "anna@example.nl", ThreadMessages.Domain);
        var reply = ThreadMessages.Parse($"From: Mallory <mallory@example.org>\nIn-Reply-To: <{ours}>\nReferences: <{ours}>");

        Assert.That(Tokens.VerifiedReference(reply, "mallory@example.org", ThreadMessages.Domain), Is.Null);
    }

    [Test]
    public void A_reference_skipped_for_a_wrong_token_lets_a_later_good_one_match()
    {
        var forAnother = Tokens.MessageId("assignment", Case42, "piet@gemeente.example", ThreadMessages.Domain);
        var forAnna = Tokens.MessageId("acknowledgement", Case42, "anna@example.nl", ThreadMessages.Domain);
        var reply = ThreadMessages.Parse($"From: anna@example.nl\nIn-Reply-To: <{forAnother}>\nReferences: <{forAnna}> <{forAnother}>");

        Assert.That(Tokens.VerifiedReference(reply, "anna@example.nl", ThreadMessages.Domain)?.Kind, Is.EqualTo("acknowledgement"));
    }

    [Test]
    public void A_reply_without_our_Message_IDs_has_no_reference()
    {
        var reply = ThreadMessages.Parse("From: anna@example.nl\nSubject: Re: [KL-2026-00042] Ontvangstbevestiging");

        Assert.That(Tokens.VerifiedReference(reply, "anna@example.nl", ThreadMessages.Domain), Is.Null);
    }

    [Test]
    public void A_secret_is_read_from_base64_or_hex()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();

        Assert.That(ThreadTokens.ParseSecret(Convert.ToBase64String(bytes)), Is.EqualTo(bytes));
        Assert.That(ThreadTokens.ParseSecret(" " + Convert.ToHexString(bytes) + "\n"), Is.EqualTo(bytes));
        Assert.That(ThreadTokens.ParseSecret(Convert.ToHexStringLower(bytes)), Is.EqualTo(bytes));
    }

    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase("AAECAwQFBgcICQoLDA0ODw==", "16 bytes")]
    [TestCase("000102030405060708090a0b0c0d0e0f", "16 bytes")]
    [TestCase("not a secret at all!", "neither base64 nor hex")]
    public void A_secret_that_is_short_or_unreadable_is_refused_with_a_clear_message(string text, string said)
    {
        Assert.That(() => ThreadTokens.ParseSecret(text), Throws.ArgumentException.With.Message.Contains(said).And.Message.Contains("openssl rand -base64 32"));
    }

    [Test]
    public void A_new_secret_is_32_random_bytes_in_base64_that_parse_back()
    {
        var secret = ThreadTokens.NewSecret();

        Assert.That(ThreadTokens.ParseSecret(secret), Has.Length.EqualTo(32));
        Assert.That(ThreadTokens.NewSecret(), Is.Not.EqualTo(secret));
    }

    [Test]
    public void A_short_secret_is_refused_by_the_constructor()
    {
        Assert.That(() => new ThreadTokens(new byte[31]), Throws.ArgumentException);
    }

    [Test]
    public void The_secret_is_copied_so_a_later_change_to_the_array_changes_no_token()
    {
        var secret = (byte[])Secret.Clone();
        var tokens = new ThreadTokens(secret);
        var before = tokens.TokenFor(Case42, "anna@example.nl");
        secret[0] ^= 0xff;

        Assert.That(tokens.TokenFor(Case42, "anna@example.nl"), Is.EqualTo(before));
    }

    [Test]
    public void Any_Message_ID_we_make_reads_back_and_verifies_for_its_recipient_only()
    {
        var prefixes = Gen.Elements("KL", "K", "ABC1", "Z9");
        var recipients = Gen.Elements("anna", "Jan.de.Vries", "x_y+tag", "émile").SelectMany(local => Gen.Elements("example.nl", "gemeente.example").Select(domain => $"{local}@{domain}"));
        var cases = prefixes.SelectMany(prefix => Gen.Choose(2000, 2099).SelectMany(year => Gen.Choose(1, 999_999_999).Select(sequence => new CaseNumber(prefix, year, sequence))));
        Prop.ForAll(cases.ToArbitrary(), recipients.ToArbitrary(), (number, recipient) =>
        {
            var id = Tokens.MessageId("followup", number, recipient, ThreadMessages.Domain);
            Assert.That(Tokens.TryRead(id, ThreadMessages.Domain, out var reference), Is.True, id);
            Assert.That(reference!.CaseNumber, Is.EqualTo(number));
            Assert.That(Tokens.Verify(reference, recipient.ToUpperInvariant()), Is.True);
            Assert.That(Tokens.Verify(reference, "other." + recipient), Is.False);
        }).QuickCheckThrowOnFailure();
    }

    // RFC 4648 base32 written out the slow way, to check the class against.
    private static string Base32Reference(byte[] bytes)
    {
        var bits = string.Concat(bytes.Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        return string.Concat(Enumerable.Range(0, (bits.Length + 4) / 5)
            .Select(i => "abcdefghijklmnopqrstuvwxyz234567"[Convert.ToInt32(bits.Substring(i * 5, Math.Min(5, bits.Length - i * 5)).PadRight(5, '0'), 2)]));
    }
}
