using MailComplaints.Storage;

namespace MailComplaints.Worker.Configuration;

/// <summary>Settings <c>Storage:Provider</c> and <c>ConnectionStrings:Complaints</c>.</summary>
internal sealed class StorageOptions
{
    /// <summary>The embedded default: a SQLite file under <c>data/</c>, relative to the working directory.</summary>
    private const string EmbeddedConnectionString = "Data Source=data/complaints.db";

    public string Provider { get; set; } = nameof(StorageProvider.Sqlite);

    /// <summary>Bound from <c>ConnectionStrings:Complaints</c>, where .NET keeps connection strings.</summary>
    public string ConnectionString { get; set; } = EmbeddedConnectionString;

    public StorageSettings ToSettings()
    {
        var provider = SettingText.Choice<StorageProvider>("Storage:Provider", Provider);
        // The embedded SQLite file is no database for a server: a profile that switches provider must say where the server is.
        if (provider != StorageProvider.Sqlite && ConnectionString == EmbeddedConnectionString)
        {
            throw new SettingsException("ConnectionStrings:Complaints", ConnectionString, provider == StorageProvider.PostgreSql
                ? "PostgreSql needs a connection string, e.g. 'Host=db;Database=complaints;Username=complaints;Password=…'."
                : "SqlServer needs a connection string, e.g. 'Server=db;Database=complaints;User Id=complaints;Password=…;Encrypt=true'.");
        }
        return new StorageSettings(provider, ConnectionString.Trim());
    }
}
