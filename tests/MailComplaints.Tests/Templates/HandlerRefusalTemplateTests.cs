using MailComplaints.Templates;

namespace MailComplaints.Tests.Templates;

/// <summary>The refusal a handler receives names the line it could not read, says what is wrong, and what became of the rest.</summary>
public sealed class HandlerRefusalTemplateTests
{
    private static readonly MailTemplates Templates = new(Path.Combine(Testing.Corpus.RepositoryRoot.FullName, "templates"));

    // reason: the outcome of the step the procedure refused (with the case's status), for problem "procedure".
    private static Dictionary<string, object?> Refusal(string problem, string command, string keyword, string found, (string Outcome, string Status)? reason, string[] notApplied, bool messageHeld)
    {
        var model = MailFields.Catalogue["handler-refusal"].Sample();
        model["problem"] = problem;
        model["command"] = command;
        model["keyword"] = keyword;
        model["found"] = found;
        if (reason is var (outcome, status))
        {
            model["refusal"] = new Dictionary<string, object?>((IReadOnlyDictionary<string, object?>)model["refusal"]!) { ["outcome"] = outcome, ["status"] = status };
        }
        model["notApplied"] = notApplied.Select(line => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["line"] = line }).ToList();
        model["messageHeld"] = messageHeld;
        return model;
    }

    [Test]
    public void A_line_that_could_not_be_read_is_named_with_the_problem_the_commands_not_applied_and_the_message_held_back()
    {
        var mail = Templates.Render("handler-refusal", "nl", Refusal("no-year", "#termijn 3 maart", "#termijn", "3 maart", null, ["#oplossing Nieuwe container", "#akkoord ja"], true));
        TestContext.Out.WriteLine(mail.Subject + "\n\n" + mail.Text);

        Assert.That(mail.Subject, Is.EqualTo("[KL-2027-00042] Niet uitgevoerd: #termijn 3 maart"));
        Assert.That(mail.Text, Does.Contain("vanwege deze regel:\n\n    #termijn 3 maart\n\nIn \"3 maart\" ontbreekt het jaartal; schrijf de datum voluit, bijvoorbeeld 17 maart 2027 of 2027-03-17.\n\n" +
            "Daarom is ook de rest van uw antwoord niet uitgevoerd. Deze opdrachten zijn niet toegepast:\n    #oplossing Nieuwe container\n    #akkoord ja\n\n" +
            "Uw bericht aan de klager is niet verstuurd.\n\nEr is niets gewijzigd."));
        Assert.That(mail.Html, Does.Contain("<code>#termijn 3 maart</code>").And.Contain("ontbreekt het jaartal").And.Contain("<code>#akkoord ja</code>"));
    }

    [Test]
    public void A_command_the_procedure_refused_gives_the_procedures_reason_in_English_too()
    {
        var mail = Templates.Render("handler-refusal", "en", Refusal("procedure", "#close", "", "", ("already-closed", "resolved"), [], false));
        TestContext.Out.WriteLine(mail.Text);

        Assert.That(mail.Text, Does.Contain("because of this line:\n\n    #close\n\nThe complaint is already closed (resolved).\n\nNothing has changed."));
        Assert.That(mail.Text, Does.Not.Contain("not applied either").And.Not.Contain("has not been sent"));
    }

    [Test]
    public void An_empty_reply_is_told_that_nothing_was_found()
    {
        var mail = Templates.Render("handler-refusal", "nl", Refusal("empty", "", "", "", null, [], false));

        Assert.That(mail.Subject, Is.EqualTo("[KL-2027-00042] Niet uitgevoerd"));
        Assert.That(mail.Text, Does.Contain("geen opdracht en geen bericht").And.Not.Contain("vanwege deze regel"));
    }
}
