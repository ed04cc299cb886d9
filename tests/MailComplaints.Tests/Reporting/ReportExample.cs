using MailComplaints.Outbox;
using MailComplaints.Procedure;
using MailComplaints.Reporting;
using MailComplaints.Storage;
using MailComplaints.Templates;
using Microsoft.Extensions.Time.Testing;

namespace MailComplaints.Tests.Reporting;

/// <summary>The report of 2026 made from <see cref="ReportDataSet"/> in a SQLite database of its own, with the shipped templates.</summary>
public sealed class ReportExample : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mailcomplaints-report-").FullName;

    private ReportExample()
    {
    }

    /// <summary>The analysis of 2026 beside 2025.</summary>
    public ComplaintsAnalysis Analysis { get; private set; } = null!;

    /// <summary>The renderer, with the repository's templates and the default procedure.</summary>
    public ReportRenderer Renderer { get; } = new(new MailTemplates(Path.Combine(Testing.Corpus.RepositoryRoot.FullName, "templates")), ProcedureSettings.Default,
        new MailSettings("Woonstichting De Linde", "klachten@delinde.example", Path.Combine(Testing.Corpus.RepositoryRoot.FullName, "templates"), 10_000_000));

    /// <summary>A folder for the test's files, deleted with this.</summary>
    public string Folder => folder;

    /// <summary>Writes the data set and analyses 2026.</summary>
    public static async Task<ReportExample> MakeAsync()
    {
        var example = new ReportExample();
        var database = new Database(new StorageSettings(StorageProvider.Sqlite, $"Data Source={Path.Combine(example.folder, "complaints.db")}"));
        await new SchemaMigrator(database).MigrateAsync(default);
        await ReportDataSet.WriteAsync(database);
        example.Analysis = await new ComplaintsReport(new AnalysisRepository(database), new ProcedureTerms(ProcedureSettings.Default, WorkingDayCalendar.Statutory),
            new FakeTimeProvider(ReportDataSet.MadeAt)).AnalyseAsync(ReportPeriod.OfYear(2026), default);
        return example;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
