using NUnit.Framework;

namespace MailComplaints.Testing;

/// <summary>
/// The shared mail corpus beside the repository (../shared/corpus). Tests read it in place and never copy it.
/// A checkout outside the workplace has no corpus: tests that need it are ignored with a clear message.
/// </summary>
public static class Corpus
{
    /// <summary>The repository root (the folder holding MailComplaints.sln).</summary>
    public static DirectoryInfo RepositoryRoot { get; } = FindRepositoryRoot();

    // Declared after RepositoryRoot on purpose: static initialisers run in textual order and Find() needs it.
    /// <summary>The corpus root, or null when it is not beside this checkout.</summary>
    public static DirectoryInfo? Root { get; } = Find();

    /// <summary>The corpus root; ignores the calling test when the corpus is absent.</summary>
    public static DirectoryInfo RequireRoot()
    {
        if (Root is null)
        {
            Assert.Ignore("The shared corpus (../shared/corpus beside the repository) is not present; corpus tests skipped.");
        }
        return Root!;
    }

    /// <summary>A path inside the corpus, e.g. <c>Corpus.Path("flanker", "tests", "fixtures")</c>.</summary>
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([RequireRoot().FullName, .. parts]);


    private static DirectoryInfo? Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MAILCOMPLAINTS_CORPUS");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return new DirectoryInfo(fromEnvironment);
        }
        var candidate = new DirectoryInfo(System.IO.Path.Combine(RepositoryRoot.FullName, "..", "shared", "corpus"));
        return candidate.Exists ? candidate : null;
    }

    private static DirectoryInfo FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "MailComplaints.sln")))
            {
                return directory;
            }
        }
        throw new InvalidOperationException($"No MailComplaints.sln above {AppContext.BaseDirectory}: run the tests from a checkout.");
    }
}
