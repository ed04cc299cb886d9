namespace MailComplaints.Benchmarks.Reading;

/// <summary>The message files of the shared corpus: ../shared/corpus beside the checkout, or MAILCOMPLAINTS_CORPUS.</summary>
internal static class CorpusFiles
{
    public static IReadOnlyList<string> Messages()
    {
        var root = Root();
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
            .Where(file => !Path.GetFileName(file).StartsWith("LICENSE", StringComparison.Ordinal) && !file.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Root()
    {
        if (Environment.GetEnvironmentVariable("MAILCOMPLAINTS_CORPUS") is { Length: > 0 } configured)
        {
            return configured;
        }
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MailComplaints.sln")))
            {
                return Path.Combine(directory.FullName, "..", "shared", "corpus");
            }
        }
        throw new InvalidOperationException("Run from the checkout (the corpus is ../shared/corpus beside it) or set MAILCOMPLAINTS_CORPUS.");
    }
}
