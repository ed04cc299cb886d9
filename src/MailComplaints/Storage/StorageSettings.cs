namespace MailComplaints.Storage;

/// <summary>Settings <c>Storage:Provider</c> and <c>ConnectionStrings:Complaints</c>.</summary>
public sealed record StorageSettings(StorageProvider Provider, string ConnectionString);
