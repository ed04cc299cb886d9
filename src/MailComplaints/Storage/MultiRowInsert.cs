using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;

namespace MailComplaints.Storage;

/// <summary>
/// One INSERT for many rows. The statement is written for one row, like every other statement of the repositories;
/// its VALUES tuple is repeated once per row with the parameters numbered (<c>@caseId</c> becomes <c>@caseId_0</c>,
/// <c>@caseId_1</c>, …), in chunks that stay within the provider's limits, and Dapper binds the values exactly as it
/// would for the single row. A batch of the intake thus costs one round trip per table instead of one per row.
/// </summary>
internal static partial class MultiRowInsert
{
    // SQLite allows 32766 parameters, PostgreSQL 65535, SQL Server 2100 and 1000 rows in one VALUES list. But SQLite
    // finds a parameter by name with a linear search (and Microsoft.Data.Sqlite tries each name with every prefix), so
    // binding costs the square of the parameters of a statement: there, short statements are faster (measured:
    // 5000 parameters per statement made a batch 20 times slower than one statement per row).
    private static int MaxParameters(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => 200,
        StorageProvider.PostgreSql => 65_000,
        _ => 2_000,
    };

    private const int MaxRows = 1000;

    /// <summary>Inserts every row with <paramref name="insert"/> (a single-row INSERT … VALUES (…)) in the unit of work.</summary>
    public static async Task InsertManyAsync<TRow>(this Database database, UnitOfWork unit, string insert, IReadOnlyList<TRow> rows, Func<TRow, object> parameters,
        CancellationToken cancellationToken)
    {
        foreach (var (sql, values) in Chunks(database.Provider, insert, rows, parameters))
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
        foreach (var (sql, values) in Chunks(database.Provider, insert, rows, parameters))
        {
            results.AddRange(await unit.Connection.QueryAsync<TResult>(new CommandDefinition(sql, values, unit.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false));
        }
        return results;
    }

    private static IEnumerable<(string Sql, DynamicParameters Values)> Chunks<TRow>(StorageProvider provider, string insert, IReadOnlyList<TRow> rows, Func<TRow, object> parameters)
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
        var perChunk = Math.Clamp(MaxParameters(provider) / Math.Max(1, names.Count), 1, MaxRows);

        Dictionary<string, PropertyInfo>? properties = null;
        for (var start = 0; start < rows.Count; start += perChunk)
        {
            var count = Math.Min(perChunk, rows.Count - start);
            var sql = new StringBuilder(head.Length + tail.Length + count * (tuple.Length + 16)).Append(head);
            var bound = new DynamicParameters();
            for (var i = 0; i < count; i++)
            {
                var row = parameters(rows[start + i]);
                properties ??= row.GetType().GetProperties().ToDictionary(property => property.Name, StringComparer.OrdinalIgnoreCase);
                var suffix = $"_{i}";
                sql.Append(i == 0 ? "" : ", ").Append(Placeholder().Replace(tuple, match => match.Value + suffix));
                foreach (var name in names)
                {
                    bound.Add(name + suffix, properties.TryGetValue(name, out var property)
                        ? property.GetValue(row)
                        : throw new ArgumentException($"The parameters have no value for @{name} of: {insert}", nameof(parameters)));
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

    [GeneratedRegex(@"@(\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
