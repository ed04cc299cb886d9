namespace MailComplaints.Storage;

/// <summary>The database that holds cases, messages, the outbox and the scheduler's tables.</summary>
public enum StorageProvider
{
    /// <summary>The embedded default: one file, one worker.</summary>
    Sqlite,

    /// <summary>PostgreSQL through Npgsql; several workers may share it (Quartz clustering).</summary>
    PostgreSql,

    /// <summary>SQL Server through Microsoft.Data.SqlClient; several workers may share it.</summary>
    SqlServer,
}
