using MailComplaints.Testing;

namespace MailComplaints.Tests.Reading;

/// <summary>The message files of the shared corpus (../shared/corpus), read in place.</summary>
internal static class CorpusMessages
{
    public static IReadOnlyList<string> Files()
    {
        var root = Corpus.RequireRoot().FullName;
        string[] folders =
        [
            Path.Combine(root, "mimekit", "UnitTests", "TestData", "messages"),
            Path.Combine(root, "mimekit", "Benchmarks", "TestData", "messages"),
            Path.Combine(root, "stalwart-mail-parser", "resources", "eml"),
            Path.Combine(root, "flanker", "tests", "fixtures", "messages"),
            Path.Combine(root, "sisimai-set-of-emails", "maildir"),
        ];
        return folders.Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(IsMessage)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsMessage(string path)
    {
        var name = Path.GetFileName(path);
        return !(name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".py", StringComparison.Ordinal)
            || name.StartsWith("LICENSE", StringComparison.Ordinal) || name.StartsWith("COPYING", StringComparison.Ordinal)
            || name.EndsWith(".md", StringComparison.Ordinal));
    }
}
