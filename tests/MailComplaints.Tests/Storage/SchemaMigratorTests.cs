using Dapper;
using MailComplaints.Storage;

namespace MailComplaints.Tests.Storage;

public sealed class SchemaMigratorTests(StorageProvider provider) : DatabaseFixture(provider)
{
    [Test]
    public async Task A_fresh_database_gets_every_script_in_order_and_records_each_version()
    {
        var migrator = new SchemaMigrator(Database);

        var applied = await migrator.MigrateAsync(CancellationToken.None);

        Assert.That(applied.Select(script => script.Version), Is.EqualTo(migrator.Scripts.Select(script => script.Version)).And.Ordered);
        Assert.That(applied, Is.Not.Empty);
        Assert.That(await migrator.CurrentVersionAsync(CancellationToken.None), Is.EqualTo(migrator.Scripts[^1].Version));
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM cases"), Is.Zero, "the cases table exists and is empty");
        if (Provider == StorageProvider.Sqlite)
        {
            Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"), "set once, kept in the file");
        }
    }

    [Test]
    public async Task Sqlite_connections_make_each_commit_durable_before_it_returns()
    {
        if (Provider != StorageProvider.Sqlite)
        {
            Assert.Ignore("PostgreSQL and SQL Server flush each commit by default.");
        }
        await new SchemaMigrator(Database).MigrateAsync(CancellationToken.None);
        await using var connection = await Database.OpenAsync(CancellationToken.None);

        // 2 is FULL: the write-ahead log is flushed at every commit, not only at checkpoints (NORMAL, 1).
        Assert.That(await connection.ExecuteScalarAsync<int>("PRAGMA synchronous"), Is.EqualTo(2));
    }

    [Test]
    public async Task PostgreSql_compresses_the_large_values_with_lz4()
    {
        if (Provider != StorageProvider.PostgreSql)
        {
            Assert.Ignore("Only PostgreSQL compresses large values (TOAST).");
        }
        await new SchemaMigrator(Database).MigrateAsync(CancellationToken.None);
        await using var connection = await Database.OpenAsync(CancellationToken.None);

        var methods = (await connection.QueryAsync<(string Table, string Column, string Method)>("""
            SELECT c.relname, a.attname, a.attcompression::text
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE (c.relname, a.attname) IN (('inbound_messages', 'raw'), ('outbox', 'raw'), ('cases', 'description'), ('case_attachments', 'content'))
            """)).ToList();

        Assert.That(methods, Has.Count.EqualTo(4));
        Assert.That(methods.Select(m => m.Method), Is.All.EqualTo("l"), string.Join(", ", methods));
    }

    [Test]
    public async Task Running_the_migration_again_applies_nothing_and_keeps_the_data()
    {
        var migrator = new SchemaMigrator(Database);
        await migrator.MigrateAsync(CancellationToken.None);
        await using (var connection = await Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO worker_state (name, value, updated_at) VALUES ('probe', 'kept', @now)", new { now = DateTime.UtcNow });
        }

        var again = await migrator.MigrateAsync(CancellationToken.None);

        Assert.That(again, Is.Empty);
        await using var check = await Database.OpenAsync(CancellationToken.None);
        Assert.That(await check.ExecuteScalarAsync<string>("SELECT value FROM worker_state WHERE name = 'probe'"), Is.EqualTo("kept"));
        Assert.That(await check.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_version"), Is.EqualTo(migrator.Scripts.Count));
    }

    [Test]
    public async Task Four_migrations_started_at_once_apply_each_script_exactly_once()
    {
        var migrators = Enumerable.Range(0, 4).Select(_ => new SchemaMigrator(new Database(Settings))).ToList();

        var results = await Task.WhenAll(migrators.Select(migrator => Task.Run(() => migrator.MigrateAsync(CancellationToken.None))));

        var scripts = migrators[0].Scripts;
        Assert.That(results.Sum(applied => applied.Count), Is.EqualTo(scripts.Count), "every script applied by exactly one of them");
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version")).ToList();
        Assert.That(versions, Is.EqualTo(scripts.Select(script => script.Version)));
    }
}

public sealed class SchemaScriptTests
{
    [Test]
    public void Every_provider_has_the_same_numbered_scripts()
    {
        var names = Enum.GetValues<StorageProvider>().Select(p => string.Join(",", SchemaScript.For(p).Select(s => $"{s.Version:D3}_{s.Name}"))).Distinct().ToList();

        Assert.That(names, Has.Count.EqualTo(1), "sql/sqlite, sql/postgresql and sql/sqlserver must hold the same migrations");
        Assert.That(names[0], Does.StartWith("001_initial"));
    }
}
