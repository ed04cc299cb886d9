using NUnit.Framework;

namespace MailComplaints.Testing;

/// <summary>A private copy of the repository's mail templates, for a test to break one of them; deleted when disposed.</summary>
public sealed class TemplateFolderCopy : IDisposable
{
    public TemplateFolderCopy()
    {
        Root = Directory.CreateTempSubdirectory("mailcomplaints-templates-").FullName;
        var templates = System.IO.Path.Combine(Corpus.RepositoryRoot.FullName, "templates");
        foreach (var file in Directory.GetFiles(templates, "*.scriban", SearchOption.AllDirectories))
        {
            var copy = System.IO.Path.Combine(Root, System.IO.Path.GetRelativePath(templates, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    /// <summary>The folder, holding <c>nl/</c>, <c>en/</c> and their <c>partials/</c>.</summary>
    public string Root { get; }

    /// <summary>The full path of a template, e.g. <c>Path("nl", "reminder.txt.scriban")</c>.</summary>
    public string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Replaces <paramref name="text"/> in a template (<c>en/reminder.txt.scriban</c>, which must contain it) and returns the template's full path.</summary>
    public string Replace(string file, string text, string with)
    {
        var path = Path(file);
        var source = File.ReadAllText(path);
        Assert.That(source, Does.Contain(text), $"{file} as the test expects it");
        File.WriteAllText(path, source.Replace(text, with, StringComparison.Ordinal));
        return path;
    }

    /// <summary>The line (from 1) of <paramref name="path"/> that holds <paramref name="text"/>.</summary>
    public static int LineOf(string path, string text) => File.ReadAllLines(path).ToList().FindIndex(line => line.Contains(text, StringComparison.Ordinal)) + 1;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
