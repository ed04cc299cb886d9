using Npgsql;
using NUnit.Framework;

namespace MailComplaints.Testing;

/// <summary>
/// A private PostgreSQL server for one test fixture: <c>initdb</c> in a temporary folder, <c>pg_ctl start</c> on a
/// free loopback port, stopped and deleted on dispose. As root it runs as the <c>postgres</c> user, which
/// Debian's package creates. <c>./test.sh</c> installs the package when missing.
/// </summary>
public sealed class PostgreSqlServer : IAsyncDisposable
{
    private readonly string binaries;
    private readonly string dataDirectory;
    private readonly string? runAs;

    private PostgreSqlServer(string binaries, string dataDirectory, int port, string? runAs)
    {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.runAs = runAs;
        Port = port;
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>Starts a fresh server; fails the fixture with the reason when PostgreSQL is not installed.</summary>
    public static async Task<PostgreSqlServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (binaries is null)
        {
            Assert.Fail("PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb) are missing: install the Debian package 'postgresql' (./test.sh does this as root).");
        }

        var runAs = Processes.IsRoot ? "postgres" : null;
        var dataDirectory = Directory.CreateTempSubdirectory("mailcomplaints-pg-").FullName;
        if (runAs is not null)
        {
            await Processes.RunAsync("chown", [runAs, dataDirectory], cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        var port = Processes.FreeLoopbackPort();
        var server = new PostgreSqlServer(binaries!, dataDirectory, port, runAs);
        var cluster = Path.Combine(dataDirectory, "cluster");
        await server.RunAsync("initdb", ["-D", cluster, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], cancellationToken).ConfigureAwait(false);
        await server.RunAsync("pg_ctl", ["-D", cluster, "-l", Path.Combine(dataDirectory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"], cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>The connection string of a database on this server.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true }.ToString();

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync("pg_ctl", ["-D", Path.Combine(dataDirectory, "cluster"), "-m", "immediate", "-w", "stop"], CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private Task<string> RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        Processes.RunAsync(Path.Combine(binaries, tool), arguments, runAs, cancellationToken);
}
