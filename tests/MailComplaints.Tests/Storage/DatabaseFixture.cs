using MailComplaints.Storage;
using MailComplaints.Testing;
using Microsoft.Data.SqlClient;

namespace MailComplaints.Tests.Storage;

/// <summary>
/// Base for tests that run on every provider: SQLite in a temporary file, PostgreSQL on a private server,
/// SQL Server when MAILCOMPLAINTS_TEST_SQLSERVER holds a connection string (otherwise those tests are skipped).
/// Each test gets an empty database.
/// </summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
[TestFixture(StorageProvider.SqlServer)]
public abstract class DatabaseFixture(StorageProvider provider)
{
    private PostgreSqlServer? postgreSql;
    private string? sqliteFolder;

    protected StorageProvider Provider { get; } = provider;

    protected Database Database { get; private set; } = null!;

    protected StorageSettings Settings { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        switch (Provider)
        {
            case StorageProvider.PostgreSql:
                postgreSql = await PostgreSqlServer.StartAsync();
                break;
            case StorageProvider.SqlServer when string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("MAILCOMPLAINTS_TEST_SQLSERVER")):
                Assert.Ignore("SQL Server tests skipped: set MAILCOMPLAINTS_TEST_SQLSERVER to a connection string to run them.");
                break;
            case StorageProvider.Sqlite:
                sqliteFolder = Directory.CreateTempSubdirectory("mailcomplaints-sqlite-").FullName;
                break;
        }
    }

    [SetUp]
    public async Task CreateDatabase()
    {
        Settings = new StorageSettings(Provider, Provider switch
        {
            StorageProvider.PostgreSql => await postgreSql!.CreateDatabaseAsync(),
            StorageProvider.SqlServer => await CreateSqlServerDatabaseAsync(),
            _ => $"Data Source={Path.Combine(sqliteFolder!, Guid.NewGuid().ToString("N"), "complaints.db")}",
        });
        Database = new Database(Settings);
    }

    protected async Task<Database> MigratedDatabaseAsync()
    {
        await new SchemaMigrator(Database).MigrateAsync(CancellationToken.None);
        return Database;
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (postgreSql is not null)
        {
            await postgreSql.DisposeAsync();
        }
        if (sqliteFolder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(sqliteFolder, recursive: true);
        }
    }

    private static async Task<string> CreateSqlServerDatabaseAsync()
    {
        var server = new SqlConnectionStringBuilder(Environment.GetEnvironmentVariable("MAILCOMPLAINTS_TEST_SQLSERVER"));
        var name = "t" + Guid.NewGuid().ToString("N");
        await using (var connection = new SqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new SqlCommand($"CREATE DATABASE [{name}]", connection);
            await command.ExecuteNonQueryAsync();
        }
        server.InitialCatalog = name;
        return server.ConnectionString;
    }
}
