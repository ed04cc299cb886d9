using MailComplaints.Intake;

namespace MailComplaints.Mailboxes;

/// <summary>
/// A Maildir (the embedded default): messages arrive in <c>new/</c> (or were moved to <c>cur/</c> by a mail
/// client) and leave for the Maildir++ folder of their outcome, e.g. <c>.Processed/cur/</c>, the layout Dovecot
/// serves over IMAP. A message's identity is its unique file name without the <c>:2,</c> flags.
/// </summary>
public sealed class MaildirMailbox : IMailbox
{
    private static readonly string[] Incoming = ["new", "cur"];
    private static readonly string[] Layout = ["new", "cur", "tmp"];
    private readonly string root;

    /// <summary>Opens (and creates when missing) the Maildir at <paramref name="path"/>.</summary>
    public MaildirMailbox(string path)
    {
        root = Path.GetFullPath(path);
        foreach (var folder in Layout)
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }
    }

    /// <inheritdoc />
    public string Name => $"maildir:{root}";

    /// <inheritdoc />
    public Task<IReadOnlyList<MailboxMessage>> ListAsync(CancellationToken cancellationToken)
    {
        var messages = Waiting()
            .Select(file => new MailboxMessage(KeyOf(file.Name), file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)))
            .OrderBy(message => message.ArrivedAt)
            .ThenBy(message => message.SourceKey, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<MailboxMessage>>(messages);
    }

    /// <inheritdoc />
    public Task<Stream> OpenAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var file = Find(message.SourceKey) ?? throw new FileNotFoundException($"Message {message.SourceKey} is no longer in {root}.");
        return Task.FromResult<Stream>(new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true));
    }

    /// <inheritdoc />
    public Task MoveAsync(MailboxMessage message, MessageOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var file = Find(message.SourceKey);
        if (file is null)
        {
            return Task.CompletedTask; // moved already, before a crash or by someone else
        }
        var folder = Path.Combine(root, "." + ProcessingFolders.For(outcome));
        foreach (var sub in Layout)
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
        }
        File.WriteAllBytes(Path.Combine(folder, "maildirfolder"), []);
        var flags = file.Name.Contains(":2,", StringComparison.Ordinal) ? file.Name[(file.Name.IndexOf(":2,", StringComparison.Ordinal) + 3)..] : "";
        try
        {
            File.Move(file.FullName, Path.Combine(folder, "cur", $"{message.SourceKey}:2,{flags}"), overwrite: true);
        }
        catch (FileNotFoundException)
        {
            // Moved between our look and the rename: the outcome is recorded, nothing is lost.
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<MailboxProbe> ProbeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Directory.Exists(Path.Combine(root, "new"))
            ? new MailboxProbe(true, Waiting().Count(), $"Maildir {root}")
            : new MailboxProbe(false, 0, $"Maildir {root} has no new/ folder"));

    private IEnumerable<FileInfo> Waiting() =>
        Incoming.SelectMany(folder => new DirectoryInfo(Path.Combine(root, folder)).EnumerateFiles())
            .Where(file => !file.Name.StartsWith('.'));

    private FileInfo? Find(string sourceKey) => Waiting().FirstOrDefault(file => KeyOf(file.Name) == sourceKey);

    private static string KeyOf(string fileName)
    {
        var info = fileName.IndexOf(':', StringComparison.Ordinal);
        return info < 0 ? fileName : fileName[..info];
    }
}
