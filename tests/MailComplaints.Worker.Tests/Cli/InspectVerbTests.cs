using System.Text;
using System.Text.Json;
using MailComplaints.Testing;

namespace MailComplaints.Worker.Tests.Cli;

public sealed class InspectVerbTests
{
    private string folder = null!;
    private InProcessWorker worker = null!;

    [SetUp]
    public void CreateFolder()
    {
        worker = new InProcessWorker();
        folder = Path.Combine(worker.Root, "inspect");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a.eml"), """
            From: =?utf-8?q?Ana_P=C3=A9rez?= <ana@example.org>
            To: complaints@example.com, Bo <bo@example.com>
            Subject: =?utf-8?b?UmVjbGFtYWNpw7Nu?=
            Date: Tue, 1 Jul 2025 10:52:37 +0200
            Message-ID: <m1@example.org>
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain; charset=utf-8

            La factura está mal.
            --b
            Content-Type: application/pdf
            Content-Disposition: attachment; filename="factura.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --b--
            """.ReplaceLineEndings("\r\n"));
    }

    [TearDown]
    public void RemoveFolder() => worker.Dispose();

    private (int ExitCode, string Output) Invoke(params string[] args)
    {
        var result = worker.RunAsync(["inspect", .. args]).GetAwaiter().GetResult();
        return (result.ExitCode, result.Output);
    }

    [Test]
    public void Json_output_has_one_object_per_message_with_the_decoded_fields()
    {
        var (exitCode, output) = Invoke(folder, "--json");
        Assert.That(exitCode, Is.EqualTo(0));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1));
        using var json = JsonDocument.Parse(lines[0]);
        var root = json.RootElement;
        Assert.That(root.GetProperty("file").GetString(), Does.EndWith("a.eml"));
        Assert.That(root.GetProperty("subject").GetString(), Is.EqualTo("Reclamación"));
        Assert.That(root.GetProperty("from").GetProperty("name").GetString(), Is.EqualTo("Ana Pérez"));
        Assert.That(root.GetProperty("from").GetProperty("address").GetString(), Is.EqualTo("ana@example.org"));
        Assert.That(root.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString()), Is.EqualTo(new[] { "complaints@example.com", "bo@example.com" }));
        Assert.That(root.GetProperty("date").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2025, 7, 1, 10, 52, 37, TimeSpan.FromHours(2))));
        Assert.That(root.GetProperty("messageId").GetString(), Is.EqualTo("m1@example.org"));
        Assert.That(root.GetProperty("text").GetString(), Is.EqualTo("La factura está mal."));
        var attachment = root.GetProperty("attachments")[0];
        Assert.That((attachment.GetProperty("name").GetString(), attachment.GetProperty("size").GetInt64(), attachment.GetProperty("contentType").GetString()),
            Is.EqualTo(("factura.pdf", 9L, "application/pdf")));
        Assert.That(root.GetProperty("outcome").GetString(), Is.EqualTo("Registered"));
        Assert.That(root.GetProperty("reason").GetString(), Does.StartWith("a complaint by email"));
        Assert.That(File.Exists(worker.ConnectionString["Data Source=".Length..]), Is.False, "inspecting creates no database");
    }

    [Test]
    public void Text_output_shows_subject_sender_and_text()
    {
        var (exitCode, output) = Invoke(Path.Combine(folder, "a.eml"));
        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("Subject:     Reclamación").And.Contain("Ana Pérez <ana@example.org>").And.Contain("La factura está mal.").And.Contain("factura.pdf"));
    }

    [Test]
    public void Missing_path_fails_with_exit_code_1()
    {
        var result = worker.RunAsync("inspect", Path.Combine(folder, "nope.eml"), "--json").GetAwaiter().GetResult();
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("no such file"));
    }

    [Test]
    public void Whole_corpus_is_inspected_as_json_without_a_single_failure()
    {
        var root = Corpus.RequireRoot().FullName;
        var result = worker.RunAsync("inspect", root, "--json").GetAwaiter().GetResult();
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        TestContext.Out.WriteLine($"inspect --json over the corpus: {lines.Length} files, exit code {result.ExitCode}");
        Assert.That(result.Error, Is.Empty);
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(lines.Length, Is.GreaterThan(700), "every file of the corpus gives one line");
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.That(json.RootElement.TryGetProperty("subject", out _), Is.True);
            Assert.That(json.RootElement.GetProperty("outcome").GetString(), Is.AnyOf("Registered", "Rejected", "Ignored", "Failed", "FollowUp"));
        }
    }
}
