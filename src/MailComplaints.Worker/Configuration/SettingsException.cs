namespace MailComplaints.Worker.Configuration;

/// <summary>A setting is missing or wrong. The message is one line: the key, the value found, what is allowed.</summary>
public sealed class SettingsException : Exception
{
    /// <summary>Creates the exception for <paramref name="key"/>.</summary>
    public SettingsException(string key, string? found, string allowed)
        : base($"Setting {key} is {(found is null ? "missing" : $"'{found}'")}: {allowed}")
    {
        Key = key;
    }

    /// <summary>Creates the exception.</summary>
    public SettingsException() : this("(unknown)", null, "see the README's configuration reference.") { }

    /// <summary>Creates the exception.</summary>
    public SettingsException(string message) : base(message) => Key = "(unknown)";

    /// <summary>Creates the exception.</summary>
    public SettingsException(string message, Exception innerException) : base(message, innerException) => Key = "(unknown)";

    /// <summary>The configuration key, e.g. <c>Storage:Provider</c>.</summary>
    public string Key { get; }
}
