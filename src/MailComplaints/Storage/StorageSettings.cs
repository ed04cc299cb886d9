namespace MailComplaints.Storage;

/// <summary>Settings <c>Storage:Provider</c> and <c>ConnectionStrings:Complaints</c>.</summary>
public sealed record StorageSettings(StorageProvider Provider, string ConnectionString)
{
    /// <summary>The embedded default: a SQLite file under <c>data/</c>, relative to the working directory.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/complaints.db";
}
