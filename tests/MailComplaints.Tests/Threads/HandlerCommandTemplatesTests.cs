using System.Text.RegularExpressions;
using MailComplaints.Threads;

namespace MailComplaints.Tests.Threads;

/// <summary>The footer below every mail to a handler lists exactly the keywords the parser accepts.</summary>
public sealed partial class HandlerCommandTemplatesTests
{
    private static readonly string Partials = Path.Combine(Testing.Corpus.RepositoryRoot.FullName, "templates");

    [TestCase("nl", "en", "txt")]
    [TestCase("nl", "en", "html")]
    [TestCase("en", "nl", "txt")]
    [TestCase("en", "nl", "html")]
    public void The_footer_lists_every_keyword_of_its_language_and_names_the_other_language_s(string language, string other, string format)
    {
        var text = File.ReadAllText(Path.Combine(Partials, language, "partials", $"handler-commands.{format}.scriban"));
        var written = Keyword().Matches(text).Select(match => match.Value.ToLowerInvariant()).ToHashSet();

        Assert.That(written, Is.SupersetOf(HandlerCommands.KeywordsOf(language)));
        Assert.That(written, Is.SubsetOf(HandlerCommands.KeywordsOf(language).Concat(HandlerCommands.KeywordsOf(other))));
        Assert.That(written, Is.SupersetOf(HandlerCommands.KeywordsOf(other).Take(1)), "the other language's keywords are mentioned");
    }

    [GeneratedRegex(@"(?<![\w&])#[a-z]+", RegexOptions.IgnoreCase)]
    private static partial Regex Keyword();
}
