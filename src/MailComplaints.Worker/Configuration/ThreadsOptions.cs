using MailComplaints.Threads;

namespace MailComplaints.Worker.Configuration;

/// <summary>
/// Section <c>Threads</c>: the key our Message-ID tokens are signed with, <c>Threads:Secret</c> when given, otherwise a
/// key file made on first start (several workers on one database need the same key: they set <c>Threads:Secret</c>);
/// and the servers whose Authentication-Results are believed.
/// </summary>
internal sealed class ThreadsOptions
{
    public string? Secret { get; set; }

    public string SecretFile { get; set; } = "data/thread-secret";

    public List<string?> TrustedAuthServIds { get; set; } = [];

    public string VerifyDkim { get; set; } = SettingText.Of(false);

    /// <summary>Checks the secret when one is given; the key file is left alone until every setting is right.</summary>
    public void Check()
    {
        GivenSecret();
        SettingText.Flag("Threads:VerifyDkim", VerifyDkim);
    }

    /// <summary>The settings, with the key file read or, on first start, created.</summary>
    public ThreadSettings ToSettings() => new(GivenSecret() ?? SecretFromFile(), SettingText.Entries(TrustedAuthServIds), SettingText.Flag("Threads:VerifyDkim", VerifyDkim));

    private byte[]? GivenSecret()
    {
        if (SettingText.Optional(Secret) is not { } secret)
        {
            return null;
        }
        try
        {
            return ThreadTokens.ParseSecret(secret);
        }
        catch (ArgumentException)
        {
            throw new SettingsException("Threads:Secret", "(hidden)", $"base64 or hex of at least {ThreadTokens.MinimumSecretLength} random bytes, e.g. from 'openssl rand -base64 32'.");
        }
    }

    private byte[] SecretFromFile()
    {
        var file = Path.GetFullPath(SecretFile.Trim());
        try
        {
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                try
                {
                    var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                    if (!OperatingSystem.IsWindows())
                    {
                        options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                    }
                    using var created = new FileStream(file, options);
                    using var writer = new StreamWriter(created);
                    writer.WriteLine(ThreadTokens.NewSecret());
                }
                catch (IOException) when (File.Exists(file))
                {
                    // Another worker made it at the same moment: use theirs.
                }
            }
            return ThreadTokens.ParseSecret(File.ReadAllText(file).Trim());
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new SettingsException("Threads:SecretFile", file, $"a key file the worker can read and, on first start, create ({exception.Message}).");
        }
    }
}
