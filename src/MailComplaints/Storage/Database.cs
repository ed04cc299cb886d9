using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MailComplaints.Storage;

/// <summary>
/// Opens connections to the configured database. Repositories hold one of these and write their SQL next to
/// the Dapper call; where the three dialects differ, the variants stand side by side.
/// </summary>
public sealed class Database
{
    private readonly string connectionString;

    /// <summary>Prepares connections for the given settings; a SQLite file's folder is created when missing.</summary>
    public Database(StorageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Provider = settings.Provider;
        connectionString = settings.ConnectionString;
        if (Provider == StorageProvider.Sqlite)
        {
            connectionString = PrepareSqlite(settings.ConnectionString);
        }
    }

    /// <summary>The dialect of this database.</summary>
    public StorageProvider Provider { get; }

    /// <summary>The connection string as used (for the scheduler's store, which opens its own connections).</summary>
    public string ConnectionString => connectionString;

    /// <summary>A short description for status output: provider and data source, never credentials.</summary>
    public string Describe() => Provider switch
    {
        StorageProvider.Sqlite => $"Sqlite {new SqliteConnectionStringBuilder(connectionString).DataSource}",
        StorageProvider.PostgreSql => Describe(new NpgsqlConnectionStringBuilder(connectionString)),
        _ => $"SqlServer {new SqlConnectionStringBuilder(connectionString).DataSource}",
    };

    /// <summary>Opens a connection; on SQLite with foreign keys on and a busy timeout, so writers queue.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = Provider switch
        {
            StorageProvider.Sqlite => new SqliteConnection(connectionString),
            StorageProvider.PostgreSql => new NpgsqlConnection(connectionString),
            _ => new SqlConnection(connectionString),
        };
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (Provider == StorageProvider.Sqlite)
            {
                await using var pragma = connection.CreateCommand();
                // The database is in WAL mode (set once by the migrator). synchronous=FULL makes each commit durable before
                // it returns: what follows a commit (a message moved out of the inbox, a mail sent) must never outlive the
                // commit in a power cut, where NORMAL could lose the last commits (a killed process loses nothing either way).
                // One flush per transaction; the intake commits a batch at a time. Temporary files (statement journals,
                // sorts) stay in memory: in a transaction of kilobyte rows they were page copies written to /tmp.
                pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens a connection and begins a transaction on it. Dispose the unit to roll back what was not committed.</summary>
    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return new UnitOfWork(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// <paramref name="select"/> (a SELECT … FROM one table) of the rows <paramref name="where"/> picks, in order of id, each
    /// locked until the unit of work ends: PostgreSQL waits on <c>FOR UPDATE</c>, SQL Server on an update lock; a SQLite
    /// transaction holds the database's write lock from its start (BEGIN IMMEDIATE), so no other writer comes between. In
    /// order of id, so that two units that lock overlapping rows never wait on each other in a circle.
    /// </summary>
    public string Locking(string select, string where) => Provider switch
    {
        StorageProvider.PostgreSql => $"{select} WHERE {where} ORDER BY id FOR UPDATE",
        StorageProvider.SqlServer => $"{select} WITH (UPDLOCK, ROWLOCK) WHERE {where} ORDER BY id",
        _ => $"{select} WHERE {where} ORDER BY id",
    };

    /// <summary>
    /// "<paramref name="column"/> is one of the list <paramref name="parameter"/>", whose value <see cref="AnyOf{T}"/>
    /// makes. PostgreSQL compares with <c>= ANY(@p)</c> and an array; SQL Server gets Dapper's <c>IN (@p1, @p2, …)</c>;
    /// SQLite reads the list as one JSON array with <c>json_each</c>, because Microsoft.Data.Sqlite looks up each of
    /// Dapper's parameters by name among all of them, which is quadratic in the length of the list.
    /// </summary>
    public string IsAnyOf(string column, string parameter) => Provider switch
    {
        StorageProvider.PostgreSql => $"{column} = ANY(@{parameter})",
        StorageProvider.Sqlite => $"{column} IN (SELECT value FROM json_each(@{parameter}))",
        _ => $"{column} IN @{parameter}",
    };

    /// <summary>The value of an <see cref="IsAnyOf"/> parameter: the list, or on SQLite the list as a JSON array.</summary>
    public object AnyOf<T>(IEnumerable<T> values) =>
        Provider == StorageProvider.Sqlite ? JsonSerializer.Serialize(values) : values.ToList();

    private static string Describe(NpgsqlConnectionStringBuilder builder) => $"PostgreSql {builder.Host}:{builder.Port}/{builder.Database}";

    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        return builder.ToString();
    }
}
