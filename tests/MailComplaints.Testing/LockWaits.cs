using System.Data.Common;
using System.Globalization;
using NUnit.Framework;

namespace MailComplaints.Testing;

/// <summary>
/// The moment a race test needs: the server shows a session waiting for a lock the test's own transaction holds. Asked
/// again and again (no sleep) until it does, and failing when the work finished without ever waiting.
/// </summary>
public static class LockWaits
{
    /// <summary>Sessions of this database waiting for a lock.</summary>
    public const string PostgreSql = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";

    /// <summary>Requests blocked by another session.</summary>
    public const string SqlServer = "SELECT COUNT(*) FROM sys.dm_exec_requests WHERE blocking_session_id <> 0";

    /// <summary>Returns once <paramref name="waitingSessions"/> counts one or more; <paramref name="work"/> names itself in the failure.</summary>
    public static async Task UntilASessionWaitsAsync(DbConnection connection, string waitingSessions, Task work, string who)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(work);
        await using var command = connection.CreateCommand();
        command.CommandText = waitingSessions;
        while (Convert.ToInt64(await command.ExecuteScalarAsync().ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            Assert.That(work.IsCompleted, Is.False, $"{who} finished without waiting for the other transaction");
        }
    }
}
