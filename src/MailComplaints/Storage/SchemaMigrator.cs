using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace MailComplaints.Storage;

/// <summary>
/// Applies the numbered scripts of <c>sql/&lt;provider&gt;/NNN_name.sql</c> (embedded in this assembly) in
/// order, each once, recorded in <c>schema_version</c>. Everything happens in one transaction under a
/// database-wide lock, so running it twice, or from two processes at once, is safe.
/// </summary>
public sealed partial class SchemaMigrator(Database database)
{
    /// <summary>The scripts for this database's provider, in the order they apply.</summary>
    public IReadOnlyList<SchemaScript> Scripts { get; } = SchemaScript.For(database.Provider);

    /// <summary>Brings the schema up to date; returns the scripts it applied (none when already current).</summary>
    public async Task<IReadOnlyList<SchemaScript>> MigrateAsync(CancellationToken cancellationToken)
    {
        if (database.Provider == StorageProvider.Sqlite)
        {
            // WAL lets readers work beside the writer and makes each commit one append. The mode is kept in the
            // file, and cannot be changed inside a transaction, so it is set here, once, before the migration's.
            // A new file gets 16 KiB pages first (only possible while it is empty): complaints, raw messages and mails
            // are kilobytes each, and with 4 KiB pages most of them became chains of overflow pages, each written
            // twice (WAL, then checkpoint) with a system call of its own.
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA page_size = 16384; PRAGMA journal_mode = WAL", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        await using var unit = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(unit, cancellationToken).ConfigureAwait(false);
        await unit.Connection.ExecuteAsync(new CommandDefinition(CreateVersionTableSql, transaction: unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var applied = (await unit.Connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_version", transaction: unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet();

        var applying = Scripts.Where(script => !applied.Contains(script.Version)).ToList();
        foreach (var script in applying)
        {
            foreach (var batch in script.Batches())
            {
                await unit.Connection.ExecuteAsync(new CommandDefinition(batch, transaction: unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            await unit.Connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { script.Version, script.Name, AppliedAt = DateTime.UtcNow },
                unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applying;
    }

    /// <summary>The highest version applied, or null on an empty database.</summary>
    public async Task<int?> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT MAX(version) FROM schema_version", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (DbException)
        {
            return null; // no schema_version table yet
        }
    }

    private string CreateVersionTableSql => database.Provider switch
    {
        StorageProvider.SqlServer => """
            IF OBJECT_ID(N'schema_version', N'U') IS NULL
                CREATE TABLE schema_version (version int PRIMARY KEY, name nvarchar(200) NOT NULL, applied_at datetime2 NOT NULL)
            """,
        StorageProvider.PostgreSql => "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name varchar(200) NOT NULL, applied_at timestamptz NOT NULL)",
        _ => "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    };

    // SQLite: the transaction is already BEGIN IMMEDIATE, which holds the database's write lock.
    private Task LockAsync(UnitOfWork unit, CancellationToken cancellationToken) => database.Provider switch
    {
        StorageProvider.PostgreSql => unit.Connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(7418290331)", transaction: unit.Transaction, cancellationToken: cancellationToken)),
        StorageProvider.SqlServer => unit.Connection.ExecuteAsync(new CommandDefinition(
            "EXEC sp_getapplock @Resource = 'MailComplaints.Schema', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 120000",
            transaction: unit.Transaction, cancellationToken: cancellationToken)),
        _ => Task.CompletedTask,
    };
}

/// <summary>One numbered schema script.</summary>
public sealed partial record SchemaScript(int Version, string Name, string Sql)
{
    /// <summary>The folder of <c>sql/</c> that holds a provider's scripts.</summary>
    public static string FolderOf(StorageProvider provider) => provider.ToString().ToLowerInvariant();

    /// <summary>The embedded scripts of a provider, ordered by version.</summary>
    public static IReadOnlyList<SchemaScript> For(StorageProvider provider)
    {
        var assembly = typeof(SchemaScript).Assembly;
        var prefix = $"sql/{FolderOf(provider)}/";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name => Load(assembly, name, name[prefix.Length..]))
            .OrderBy(script => script.Version)
            .ToList();
    }

    /// <summary>The script cut into batches: SQL Server's <c>GO</c> separator lines; elsewhere the whole script.</summary>
    public IEnumerable<string> Batches() =>
        GoSeparator().Split(Sql).Where(batch => !string.IsNullOrWhiteSpace(batch));

    private static SchemaScript Load(Assembly assembly, string resource, string fileName)
    {
        var match = FileName().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Schema script '{resource}' must be named NNN_name.sql.");
        }
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new SchemaScript(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd());
    }

    [GeneratedRegex(@"^(\d{3})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoSeparator();
}
