using MailComplaints.Intake;
using MimeKit;
using MimeKit.Utils;

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
    private readonly ProcessingFolders folders;

    /// <summary>Opens (and creates when missing) the Maildir at <paramref name="path"/>.</summary>
    public MaildirMailbox(string path, ProcessingFolders folders)
    {
        root = Path.GetFullPath(path);
        this.folders = folders;
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
    public async Task FetchAsync(IReadOnlyList<MailboxMessage> messages, Func<MailboxMessage, Stream, CancellationToken, ValueTask> onMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(onMessage);
        var files = WaitingByKey();
        foreach (var message in messages)
        {
            if (!files.TryGetValue(message.SourceKey, out var file))
            {
                continue;
            }
            FileStream stream;
            try
            {
                stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            }
            catch (FileNotFoundException)
            {
                continue; // taken away since the listing
            }
            await using (stream.ConfigureAwait(false))
            {
                await onMessage(message, stream, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> MoveAsync(IReadOnlyList<MailboxMove> moves, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(moves);
        var files = WaitingByKey();
        var locations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var move in moves)
        {
            if (!files.TryGetValue(move.Message.SourceKey, out var file))
            {
                continue; // moved already, before a crash or by someone else
            }
            var folder = "." + folders.For(move.Outcome);
            CreateFolder(folder);
            var flags = file.Name.Contains(":2,", StringComparison.Ordinal) ? file.Name[(file.Name.IndexOf(":2,", StringComparison.Ordinal) + 3)..] : "";
            var location = Path.Combine(folder, "cur", $"{move.Message.SourceKey}:2,{flags}");
            try
            {
                File.Move(file.FullName, Path.Combine(root, location), overwrite: true);
                locations[move.Message.SourceKey] = location;
            }
            catch (FileNotFoundException)
            {
                // Moved between our look and the rename: the outcome is recorded, nothing is lost.
            }
        }
        return Task.FromResult<IReadOnlyDictionary<string, string>>(locations);
    }

    /// <inheritdoc />
    public Task<bool> RestoreAsync(string location, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(Path.Combine(root, location));
        if (!source.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(source))
        {
            return Task.FromResult(false);
        }
        File.Move(source, Path.Combine(root, "new", KeyOf(Path.GetFileName(source))), overwrite: false);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<MailboxProbe> ProbeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Directory.Exists(Path.Combine(root, "new"))
            ? new MailboxProbe(true, Waiting().Count(), $"Maildir {root}")
            : new MailboxProbe(false, 0, $"Maildir {root} has no new/ folder"));

    /// <inheritdoc />
    public async Task<bool> WaitForMailAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var watcher = new FileSystemWatcher(Path.Combine(root, "new"));
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Created += (_, _) => arrived.TrySetResult();
        watcher.Renamed += (_, _) => arrived.TrySetResult();
        watcher.EnableRaisingEvents = true;
        try
        {
            await arrived.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            // Nothing arrived: the scheduled poll runs anyway.
            return false;
        }
    }

    /// <inheritdoc />
    public async Task KeepSentCopyAsync(string folder, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var maildirFolder = "." + folder;
        CreateFolder(maildirFolder);
        // Written under tmp/ and renamed into cur/ (seen), as a delivery agent does, so a reader never sees half a file.
        var name = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.M{Guid.NewGuid():N}.mailcomplaints";
        var temporary = Path.Combine(root, maildirFolder, "tmp", name);
        await File.WriteAllBytesAsync(temporary, message, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, Path.Combine(root, maildirFolder, "cur", name + ":2,S"));
    }

    /// <inheritdoc />
    public async Task<int> EraseAsync(IReadOnlyList<MailboxCopy> copies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copies);
        var erased = 0;
        foreach (var received in copies.OfType<MailboxCopy.Received>())
        {
            // The file keeps its unique name through every move, with flags after ":2," that a mail client may change: the
            // name before them finds it in the folder the ledger recorded, or, without one, in the inbox and every processing folder.
            IEnumerable<string> places = received.Location is { } location && FolderOf(location) is { } moved ? [moved] : folders.All.Select(folder => "." + folder).Prepend("");
            erased += places.Sum(folder => Delete(folder, name => KeyOf(name) == received.SourceKey));
        }
        foreach (var sent in copies.OfType<MailboxCopy.Sent>().GroupBy(copy => copy.Folder, StringComparer.Ordinal))
        {
            var messageIds = sent.Select(copy => copy.MessageId).ToHashSet(StringComparer.Ordinal);
            var matching = new List<string>();
            foreach (var file in Files("." + sent.Key))
            {
                if (await MessageIdOfAsync(file, cancellationToken).ConfigureAwait(false) is { } messageId && messageIds.Contains(messageId))
                {
                    matching.Add(file.Name);
                }
            }
            erased += Delete("." + sent.Key, matching.Contains);
        }
        return erased;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // The folder of a location MoveAsync gave (".Processed/cur/name:2,"), when it is one of this Maildir's own.
    private string? FolderOf(string location)
    {
        var folder = location.Split('/', '\\')[0];
        var full = Path.GetFullPath(Path.Combine(root, folder));
        return folder.StartsWith('.') && Path.GetDirectoryName(full) == Path.TrimEndingDirectorySeparator(root) ? folder : null;
    }

    // The messages of a folder ("" for the inbox): its new/ and cur/.
    private IEnumerable<FileInfo> Files(string folder) =>
        Incoming.Select(sub => new DirectoryInfo(Path.Combine(root, folder, sub))).Where(directory => directory.Exists).SelectMany(directory => directory.EnumerateFiles());

    private int Delete(string folder, Func<string, bool> named)
    {
        var deleted = 0;
        foreach (var file in Files(folder).Where(file => named(file.Name)))
        {
            file.Delete(); // a file already gone is no error: File.Delete does not throw for it
            deleted++;
        }
        return deleted;
    }

    private static async Task<string?> MessageIdOfAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = file.OpenRead();
            var headers = await HeaderList.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
            return headers[HeaderId.MessageId] is { } value ? MimeUtils.ParseMessageId(value) : null;
        }
        catch (Exception exception) when (exception is FileNotFoundException or FormatException or ParseException)
        {
            return null; // gone meanwhile, or not a message
        }
    }

    private void CreateFolder(string folder)
    {
        foreach (var sub in Layout)
        {
            Directory.CreateDirectory(Path.Combine(root, folder, sub));
        }
        var marker = Path.Combine(root, folder, "maildirfolder");
        if (!File.Exists(marker))
        {
            File.WriteAllBytes(marker, []);
        }
    }

    private IEnumerable<FileInfo> Waiting() =>
        Incoming.SelectMany(folder => new DirectoryInfo(Path.Combine(root, folder)).EnumerateFiles())
            .Where(file => !file.Name.StartsWith('.'));

    private Dictionary<string, FileInfo> WaitingByKey()
    {
        var files = new Dictionary<string, FileInfo>(StringComparer.Ordinal);
        foreach (var file in Waiting())
        {
            files.TryAdd(KeyOf(file.Name), file);
        }
        return files;
    }

    private static string KeyOf(string fileName)
    {
        var info = fileName.IndexOf(':', StringComparison.Ordinal);
        return info < 0 ? fileName : fileName[..info];
    }
}
