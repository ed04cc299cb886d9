using System.Data.Common;
using System.Text;
using NUnit.Framework;

namespace MailComplaints.Testing;

/// <summary>One value the worker stored, named by where it is: <c>table.column #row</c>, or a file's path.</summary>
public sealed record StoredValue(string Where, byte[] Bytes);

/// <summary>
/// Everything a test can read of what the worker stored, byte for byte: every value of every row of every table, every
/// file under a folder. <see cref="Naming"/> says where a text occurs in any of it, in any case.
/// </summary>
public static class StoredBytes
{
    /// <summary>Every value of every row of every table of the database (text as UTF-8, numbers and instants as text).</summary>
    public static async Task<IReadOnlyList<StoredValue>> RowsAsync(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = connection.GetType().Name switch
            {
                "SqliteConnection" => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                "NpgsqlConnection" => "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                _ => "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'",
            };
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.That(tables, Does.Contain("cases").And.Contain("inbound_messages").And.Contain("outbox"), "the tables were listed");
        var values = new List<StoredValue>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM {table}";
            await using var reader = await select.ExecuteReaderAsync();
            for (var row = 0; await reader.ReadAsync(); row++)
            {
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    var bytes = reader.IsDBNull(column) ? [] : reader.GetValue(column) switch
                    {
                        byte[] blob => blob,
                        var other => Encoding.UTF8.GetBytes(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
                    };
                    values.Add(new StoredValue($"{table}.{reader.GetName(column)} #{row}", bytes));
                }
            }
        }
        return values;
    }

    /// <summary>Every file under <paramref name="folder"/> (none when it does not exist).</summary>
    public static IReadOnlyList<StoredValue> Files(string folder) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(path => new StoredValue(path, File.ReadAllBytes(path))).ToList()
        : [];

    /// <summary>Where among <paramref name="stored"/> any of <paramref name="texts"/> occurs (as UTF-8, in any case).</summary>
    public static IReadOnlyList<string> Naming(IEnumerable<StoredValue> stored, params string[] texts)
    {
        ArgumentNullException.ThrowIfNull(stored);
        // Latin-1 maps each byte to one char, so the UTF-8 bytes of a text are found as the same chars among them.
        var sought = texts.Select(text => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text))).ToList();
        return stored.Where(value => sought.Any(text => Encoding.Latin1.GetString(value.Bytes).Contains(text, StringComparison.OrdinalIgnoreCase)))
            .Select(value => value.Where).ToList();
    }
}
