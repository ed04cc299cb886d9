using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MailComplaints.Storage;

/// <summary>
/// Many rows with one statement, the way each provider does that fastest. The statement is written for one row, like
/// every other statement of the repositories. On SQLite, which runs in process, it is prepared once through the
/// SQLite library, its parameters are looked up once, and it runs for each row with only the values bound by position:
/// no statement text to parse and no parameter names to find per row. On
/// PostgreSQL and SQL Server, where every statement is a round trip, its VALUES tuple is repeated once per row with
/// the parameters numbered (<c>@caseId</c> becomes <c>@caseId_0</c>, <c>@caseId_1</c>, …), in chunks that stay within
/// the provider's limits, and Dapper binds the values exactly as it would for the single row. On PostgreSQL a batch of
/// <see cref="CopyFrom"/> rows or more goes by binary COPY instead (<see cref="PostgreSqlCopy"/>).
/// </summary>
internal static partial class MultiRowInsert
{
    // PostgreSQL allows 65535 parameters, SQL Server 2100 and 1000 rows in one VALUES list.
    private static int MaxParameters(StorageProvider provider) => provider == StorageProvider.PostgreSql ? 65_000 : 2_000;

    private const int MaxRows = 1000;

    // A COPY takes two round trips where an INSERT takes one (four where ids come back): on loopback both take about as long
    // at ten rows, and COPY writes a batch of 250 in half the time (no statement text to parse, no parameter object per value).
    internal const int CopyFrom = 10;

    /// <summary>Inserts every row with <paramref name="insert"/> (a single-row INSERT … VALUES (…)) in the unit of work.</summary>
    public static async Task InsertManyAsync<TRow>(this Database database, UnitOfWork unit, string insert, IReadOnlyList<TRow> rows, Func<TRow, object> parameters,
        CancellationToken cancellationToken)
    {
        if (database.Provider == StorageProvider.Sqlite)
        {
            RunPrepared(database, unit, insert, rows, parameters);
            return;
        }
        if (database.Provider == StorageProvider.PostgreSql && rows.Count >= CopyFrom)
        {
            await database.CopyAsync(unit, insert, rows, parameters, cancellationToken).ConfigureAwait(false);
            return;
        }
        foreach (var (sql, values) in Chunks(database, insert, rows, parameters))
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(sql, values, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Inserts every row with <paramref name="insert"/>, a single-row INSERT that returns something (RETURNING, or OUTPUT on
    /// SQL Server), and gives what the rows returned. The database does not promise their order: return a key to match them by.
    /// </summary>
    public static async Task<IReadOnlyList<TResult>> InsertManyReturningAsync<TRow, TResult>(this Database database, UnitOfWork unit, string insert, IReadOnlyList<TRow> rows,
        Func<TRow, object> parameters, CancellationToken cancellationToken)
    {
        var results = new List<TResult>(rows.Count);
        if (database.Provider == StorageProvider.Sqlite)
        {
            // Not with RETURNING: SQLite runs that clause like a trigger, so each row's INSERT becomes a statement that may
            // write more than once and abort halfway, and keeps a statement journal, a copy of every page it touches. The
            // plain INSERT, then the returned columns read back by the row's id, writes each page once.
            var returning = Returning().Match(insert);
            if (!returning.Success)
            {
                throw new ArgumentException($"Expected INSERT INTO table (…) VALUES (…) RETURNING …, found: {insert}", nameof(insert));
            }
            using var readBack = unit.Connection.CreateCommand();
            readBack.Transaction = unit.Transaction;
            readBack.CommandText = $"SELECT {returning.Groups["columns"].Value} FROM {returning.Groups["table"].Value} WHERE rowid = last_insert_rowid()";
            readBack.Prepare();
            Func<DbDataReader, TResult>? parse = null;
            RunPrepared(database, unit, insert[..returning.Groups["clause"].Index], rows, parameters, () =>
            {
                using var reader = readBack.ExecuteReader();
                parse ??= reader.GetRowParser<TResult>();
                while (reader.Read())
                {
                    results.Add(parse(reader));
                }
            });
            return results;
        }
        if (database.Provider == StorageProvider.PostgreSql && rows.Count >= CopyFrom)
        {
            return await database.CopyReturningAsync<TRow, TResult>(unit, insert, rows, parameters, cancellationToken).ConfigureAwait(false);
        }
        foreach (var (sql, values) in Chunks(database, insert, rows, parameters))
        {
            results.AddRange(await unit.Connection.QueryAsync<TResult>(new CommandDefinition(sql, values, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false));
        }
        return results;
    }

    // SQLite: one prepared statement, run once per row, through the SQLite library itself: Microsoft.Data.Sqlite looks every
    // parameter up by name and builds a reader for every run, which cost more than SQLite's own work on these small rows.
    // The values are bound as Microsoft.Data.Sqlite binds them for the types the repositories pass (text, integers,
    // booleans, UTC DateTime, byte[], null); RepositoryTests compares every table written both ways.
    private static void RunPrepared<TRow>(Database database, UnitOfWork unit, string insert, IReadOnlyList<TRow> rows, Func<TRow, object> parameters, Action? afterEachRow = null)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var connection = (SqliteConnection)unit.Connection;
        var names = Placeholder().Matches(insert).Select(match => match.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        Check(connection, raw.sqlite3_prepare_v2(connection.Handle, insert, out var statement));
        using (statement)
        {
            var indexes = names.Select(name => raw.sqlite3_bind_parameter_index(statement, "@" + name)).ToArray();
            Func<object, object?>[]? read = null;
            foreach (var row in rows)
            {
                var values = parameters(row);
                read ??= names.Select(name => ValueOf(database, values, name, insert)).ToArray();
                for (var i = 0; i < indexes.Length; i++)
                {
                    Check(connection, Bind(statement, indexes[i], read[i](values)));
                }
                var done = raw.sqlite3_step(statement);
                Check(connection, raw.sqlite3_reset(statement));
                if (done != raw.SQLITE_DONE)
                {
                    Check(connection, done);
                }
                afterEachRow?.Invoke();
            }
        }
    }

    private static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(statement, index),
        "" => raw.sqlite3_bind_text(statement, index, ""), // an empty span would be bound as NULL
        string text => BindText(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(statement, index, 0),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        DateTime instant => BindInstant(statement, index, instant),
        double number => raw.sqlite3_bind_double(statement, index, number),
        _ => throw new NotSupportedException($"A batch insert on SQLite binds text, integers, booleans, DateTime, byte[] and null; not {value.GetType().Name}."),
    };

    // Text goes to SQLite as UTF-8 from a pooled buffer, which SQLite copies (SQLITE_TRANSIENT): no array per value.
    private static int BindText(sqlite3_stmt statement, int index, string text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return raw.sqlite3_bind_text(statement, index, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // As Microsoft.Data.Sqlite writes a DateTime ("yyyy-MM-dd HH:mm:ss.FFFFFFF": trailing zeros of the fraction and a
    // fraction of zero left out), so that a batch stores exactly what a single-row insert through Dapper stores.
    private static int BindInstant(sqlite3_stmt statement, int index, DateTime instant)
    {
        Span<byte> text = stackalloc byte[27];
        var written = Utf8Instant(instant, text);
        return raw.sqlite3_bind_text(statement, index, text[..written]);
    }

    internal static int Utf8Instant(DateTime instant, Span<byte> text)
    {
        Digits(text[..4], instant.Year);
        text[4] = (byte)'-';
        Digits(text[5..7], instant.Month);
        text[7] = (byte)'-';
        Digits(text[8..10], instant.Day);
        text[10] = (byte)' ';
        Digits(text[11..13], instant.Hour);
        text[13] = (byte)':';
        Digits(text[14..16], instant.Minute);
        text[16] = (byte)':';
        Digits(text[17..19], instant.Second);
        var fraction = (int)(instant.Ticks % TimeSpan.TicksPerSecond);
        if (fraction == 0)
        {
            return 19;
        }
        text[19] = (byte)'.';
        var digits = 7;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }
        Digits(text.Slice(20, digits), fraction);
        return 20 + digits;
    }

    // Writes the number right-aligned in the span, padded with zeros.
    private static void Digits(Span<byte> text, int number)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            text[i] = (byte)('0' + (number % 10));
            number /= 10;
        }
    }

    private static void Check(SqliteConnection connection, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            SqliteException.ThrowExceptionForRC(result, connection.Handle);
        }
    }

    // How to read one parameter's value from the parameters object (an anonymous type, like Dapper's).
    internal static Func<object, object?> ValueOf(Database database, object values, string name, string insert) =>
        database.ParameterReaders(values.GetType()).TryGetValue(name, out var read)
            ? read
            : throw new ArgumentException($"The parameters have no value for @{name} of: {insert}", nameof(values));

    private static IEnumerable<(string Sql, DynamicParameters Values)> Chunks<TRow>(Database database, string insert, IReadOnlyList<TRow> rows, Func<TRow, object> parameters)
    {
        if (rows.Count == 0)
        {
            yield break;
        }
        var values = ValuesKeyword().Match(insert);
        if (!values.Success)
        {
            throw new ArgumentException($"Expected a single-row INSERT … VALUES (…), found: {insert}", nameof(insert));
        }
        var tupleStart = values.Index + values.Length - 1;
        var tupleEnd = ClosingParenthesis(insert, tupleStart);
        var head = insert[..tupleStart];
        var tuple = insert[tupleStart..(tupleEnd + 1)];
        var tail = insert[(tupleEnd + 1)..];
        var names = Placeholder().Matches(tuple).Select(match => match.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var perChunk = Math.Clamp(MaxParameters(database.Provider) / Math.Max(1, names.Count), 1, MaxRows);

        Func<object, object?>[]? read = null;
        for (var start = 0; start < rows.Count; start += perChunk)
        {
            var count = Math.Min(perChunk, rows.Count - start);
            var sql = new StringBuilder(head.Length + tail.Length + count * (tuple.Length + 16)).Append(head);
            var bound = new DynamicParameters();
            for (var i = 0; i < count; i++)
            {
                var row = parameters(rows[start + i]);
                read ??= names.Select(name => ValueOf(database, row, name, insert)).ToArray();
                var suffix = $"_{i}";
                sql.Append(i == 0 ? "" : ", ").Append(Placeholder().Replace(tuple, match => match.Value + suffix));
                for (var n = 0; n < names.Count; n++)
                {
                    bound.Add(names[n] + suffix, read[n](row));
                }
            }
            yield return (sql.Append(tail).ToString(), bound);
        }
    }

    private static int ClosingParenthesis(string sql, int open)
    {
        var depth = 0;
        var quoted = false;
        for (var i = open; i < sql.Length; i++)
        {
            switch (sql[i])
            {
                case '\'':
                    quoted = !quoted;
                    break;
                case '(' when !quoted:
                    depth++;
                    break;
                case ')' when !quoted && --depth == 0:
                    return i;
            }
        }
        throw new ArgumentException($"Unbalanced parentheses in the VALUES list of: {sql}", nameof(sql));
    }

    [GeneratedRegex(@"\bVALUES\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ValuesKeyword();

    [GeneratedRegex(@"^\s*INSERT\s+INTO\s+(?<table>\w+)[\s\S]*\)\s*(?<clause>RETURNING\s+(?<columns>[\w\s,]+?))\s*;?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Returning();

    [GeneratedRegex(@"@(\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
