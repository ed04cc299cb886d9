using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace MailComplaints.Storage;

/// <summary>
/// Many rows into PostgreSQL with one binary COPY, derived from the repository's single-row INSERT so that statement stays
/// the one truth about a table's writes: its table and columns become <c>COPY table (columns) FROM STDIN (FORMAT BINARY)</c>,
/// each value is what its VALUES expression (a parameter or a plain literal) gives, written as the column's type in the
/// catalog. A batch then costs no statement text to parse and no parameter objects, only the values in binary.
/// </summary>
internal static partial class PostgreSqlCopy
{
    /// <summary>Writes every row, in order, as <paramref name="insert"/> would one by one.</summary>
    public static async Task CopyAsync<TRow>(this Database database, UnitOfWork unit, string insert, IReadOnlyList<TRow> rows, Func<TRow, object> parameters,
        CancellationToken cancellationToken)
    {
        var statement = Parse(insert);
        var table = await TableAsync(database, unit, statement.Table, cancellationToken).ConfigureAwait(false);
        await WriteAsync(database, unit, statement, table, rows, parameters, ids: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes every row, in order, as <paramref name="insert"/> would one by one, and gives what its RETURNING clause returns
    /// for them. COPY returns nothing, so the ids are taken from the identity's sequence first and written with the rows
    /// (COPY writes given values even into a GENERATED ALWAYS identity); the rows are then read back by those ids.
    /// </summary>
    public static async Task<IReadOnlyList<TResult>> CopyReturningAsync<TRow, TResult>(this Database database, UnitOfWork unit, string insert, IReadOnlyList<TRow> rows,
        Func<TRow, object> parameters, CancellationToken cancellationToken)
    {
        var statement = Parse(insert);
        var table = await TableAsync(database, unit, statement.Table, cancellationToken).ConfigureAwait(false);
        if (statement.Returning is null || table.Identity is null || table.Sequence is null)
        {
            throw new ArgumentException($"Expected an INSERT … RETURNING into a table with an identity column, found: {insert}", nameof(insert));
        }
        // In ascending order, as the rows of one INSERT would number them.
        var ids = (await unit.Connection.QueryAsync<long>(new CommandDefinition(
            "SELECT nextval(@sequence::regclass) AS id FROM generate_series(1, @count) ORDER BY id",
            new { sequence = table.Sequence, count = rows.Count }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToArray();
        await WriteAsync(database, unit, statement, table, rows, parameters, ids, cancellationToken).ConfigureAwait(false);
        return (await unit.Connection.QueryAsync<TResult>(new CommandDefinition(
            $"SELECT {statement.Returning} FROM {statement.Table} WHERE {table.Identity} = ANY(@ids)",
            new { ids }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
    }

    private static async Task WriteAsync<TRow>(Database database, UnitOfWork unit, Statement statement, Table table, IReadOnlyList<TRow> rows, Func<TRow, object> parameters,
        long[]? ids, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        // Everything that can be refused is refused before the COPY starts: a failed COPY would abort the caller's transaction.
        var values = statement.Values.Select(value => value.Parameter is { } name
            ? MultiRowInsert.ValueOf(database, parameters(rows[0]), name, statement.Insert)
            : _ => value.Literal).ToArray();
        var types = statement.Columns.Select(column => TypeOf(table, column, statement.Insert)).ToArray();
        var columns = ids is null ? statement.ColumnList : $"{table.Identity}, {statement.ColumnList}";
        var identityType = ids is null ? "" : TypeOf(table, table.Identity!, statement.Insert);

        var connection = (NpgsqlConnection)unit.Connection;
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {statement.Table} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        for (var r = 0; r < rows.Count; r++)
        {
            await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
            if (ids is not null)
            {
                await copy.WriteAsync(ids[r], identityType, cancellationToken).ConfigureAwait(false);
            }
            var row = parameters(rows[r]);
            for (var c = 0; c < values.Length; c++)
            {
                if (values[c](row) is { } value)
                {
                    try
                    {
                        await copy.WriteAsync(value, types[c], cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is InvalidCastException or ArgumentException)
                    {
                        // Npgsql names the type, not the column (the server does, for an INSERT).
                        throw new ArgumentException($"Column {statement.Columns[c]} ({types[c]}) cannot take the {value.GetType().Name} given for row {r}: {e.Message} In: {statement.Insert}",
                            nameof(parameters), e);
                    }
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string TypeOf(Table table, string column, string insert) => table.Types.TryGetValue(column, out var type)
        ? type
        : throw new ArgumentException($"Table {table.Name} has no column {column} (per the database's catalog) of: {insert}", nameof(insert));

    // The columns' types as the catalog names them (the binary format must match the column's type exactly: an int where a
    // bigint is expected, or a timestamp where a date is, is refused), and the identity with its sequence. Read once per table.
    private static async Task<Table> TableAsync(Database database, UnitOfWork unit, string name, CancellationToken cancellationToken)
    {
        if (database.CopyTables.TryGetValue(name, out var known))
        {
            return known;
        }
        var columns = (await unit.Connection.QueryAsync<(string Name, string Type, bool Identity, string? Sequence)>(new CommandDefinition("""
            SELECT a.attname, t.typname, a.attidentity <> '', pg_get_serial_sequence(@name, a.attname)
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = @name::regclass AND a.attnum > 0 AND NOT a.attisdropped
            """, new { name }, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var identity = columns.FirstOrDefault(column => column.Identity);
        return database.CopyTables.GetOrAdd(name, new Table(name, columns.ToFrozenDictionary(column => column.Name, column => column.Type, StringComparer.OrdinalIgnoreCase),
            identity.Name, identity.Sequence));
    }

    private static Statement Parse(string insert)
    {
        var match = SingleRowInsert().Match(insert);
        if (!match.Success)
        {
            throw new ArgumentException($"Expected INSERT INTO table (columns) VALUES (…) [RETURNING …], found: {insert}", nameof(insert));
        }
        var columns = match.Groups["columns"].Value.Split(',', StringSplitOptions.TrimEntries);
        var values = match.Groups["value"].Captures.Select(capture => capture.Value).Select(value => value switch
        {
            ['@', .. var name] => new Value(name, null),
            ['\'', .. var text, '\''] => new Value(null, text.Replace("''", "'", StringComparison.Ordinal)),
            _ => new Value(null, long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
        }).ToList();
        if (values.Count != columns.Length)
        {
            throw new ArgumentException($"Expected as many values as columns, found {values.Count} values for {columns.Length} columns in: {insert}", nameof(insert));
        }
        return new Statement(insert, match.Groups["table"].Value, match.Groups["columns"].Value.Trim(), columns, values,
            match.Groups["returning"].Success ? match.Groups["returning"].Value.Trim() : null);
    }

    private sealed record Statement(string Insert, string Table, string ColumnList, IReadOnlyList<string> Columns, IReadOnlyList<Value> Values, string? Returning);

    // A VALUES expression COPY can write: a parameter's value or a literal (a string or an integer).
    private sealed record Value(string? Parameter, object? Literal);

    internal sealed record Table(string Name, FrozenDictionary<string, string> Types, string? Identity, string? Sequence);

    // Parameters, quoted strings and integers only: anything else (a function call, an expression) COPY could not evaluate.
    [GeneratedRegex(@"^\s*INSERT\s+INTO\s+(?<table>\w+)\s*\((?<columns>[\w\s,]+)\)\s*VALUES\s*\(\s*(?:(?<value>@\w+|'(?:[^']|'')*'|-?\d+)\s*(?:,\s*|(?=\))))+\)\s*(?:RETURNING\s+(?<returning>[\w\s,]+?))?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SingleRowInsert();
}
