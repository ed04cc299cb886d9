using System.Text.RegularExpressions;

namespace MailComplaints.Outbox;

/// <summary>
/// Writes each mail as an <c>.eml</c> file named after its Message-ID, through a temporary file and a rename:
/// a reader never sees half a mail, and sending the same mail again after a crash replaces the file instead
/// of adding a second one.
/// </summary>
public sealed partial class PickupDirectoryTransport : IMailTransport, IMailSession
{
    private readonly string directory;

    /// <summary>Uses (and creates when missing) <paramref name="directory"/>.</summary>
    public PickupDirectoryTransport(string directory)
    {
        this.directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(this.directory);
    }

    /// <inheritdoc />
    public string Describe() => $"pickup directory {directory}";

    /// <summary>The file a mail with this Message-ID is written to.</summary>
    public string PathFor(string messageId) => Path.Combine(directory, UnsafeInFileName().Replace(messageId.Trim('<', '>'), "_") + ".eml");

    /// <summary>Deletes the file of the mail with this Message-ID (retention and erasure); false when there is none.</summary>
    public bool Delete(string messageId)
    {
        var file = new FileInfo(PathFor(messageId));
        if (!file.Exists)
        {
            return false;
        }
        file.Delete();
        return true;
    }

    /// <inheritdoc />
    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken) => Task.FromResult<IMailSession>(this);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async Task<IReadOnlyList<int>> SendAsync(OutboxEntry mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var target = PathFor(mail.MessageId);
        var temporary = Path.Combine(directory, $".{Guid.NewGuid():N}.tmp");
        try
        {
            var raw = mail.Raw ?? throw new ArgumentException($"Mail {mail.MessageId} is not composed yet.", nameof(mail));
            // On disk before it gets its name: the outbox records the mail as sent once this returns, and a power cut must
            // not leave a mail marked sent whose file was still in the page cache.
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
            {
                await file.WriteAsync(raw, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
            return [];
        }
        catch (IOException exception)
        {
            File.Delete(temporary);
            throw new MailTransportException($"Could not write {target}: {exception.Message}", isTransient: true, exception);
        }
    }

    [GeneratedRegex("[^A-Za-z0-9._@+-]")]
    private static partial Regex UnsafeInFileName();
}
