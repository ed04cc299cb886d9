using System.Globalization;
using MailComplaints.Mail.Imap;
using MailComplaints.Mail.Net;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Mailboxes;

/// <summary>
/// The complaints mailbox on an IMAP server (the production case). A message's identity is
/// <c>UIDVALIDITY:UID</c>; bodies are fetched with BODY.PEEK[] (never setting \Seen: people read this mailbox too)
/// and streamed straight into the caller; processed messages leave with UID MOVE for the whole batch. One
/// connection is kept between calls; a dropped connection is re-made with exponential backoff and jitter.
/// </summary>
public sealed class ImapServerMailbox(ImapSettings settings, ProcessingFolders folders, TimeProvider time, ILogger<ImapServerMailbox> logger) : IMailbox
{
    private readonly ReconnectPolicy reconnect = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 4, time);
    private readonly HashSet<string> existingFolders = new(StringComparer.Ordinal);
    private ImapClient? client;
    private uint? uidValidity;

    /// <inheritdoc />
    public string Name => $"imap:{settings.Username}@{settings.Host}/{settings.Folder}";

    /// <inheritdoc />
    public Task<IReadOnlyList<MailboxMessage>> ListAsync(CancellationToken cancellationToken) =>
        WithInboxAsync<IReadOnlyList<MailboxMessage>>(async (imap, validity, token) =>
        {
            var messages = new List<MailboxMessage>();
            await imap.UidFetchAsync(UidSet.All, FetchItems.Size | FetchItems.InternalDate, (fetched, _, _) =>
            {
                messages.Add(new MailboxMessage(KeyOf(validity, fetched.Uid), fetched.Size ?? 0, fetched.InternalDate ?? time.GetUtcNow()));
                return ValueTask.CompletedTask;
            }, token).ConfigureAwait(false);
            return messages;
        }, cancellationToken);

    /// <inheritdoc />
    public Task FetchAsync(IReadOnlyList<MailboxMessage> messages, Func<MailboxMessage, Stream, CancellationToken, ValueTask> onMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(onMessage);
        return WithInboxAsync(async (imap, validity, token) =>
        {
            var byUid = messages.Where(message => ValidityOf(message.SourceKey) == validity).ToDictionary(message => UidOf(message.SourceKey));
            if (byUid.Count == 0)
            {
                return 0;
            }
            await imap.UidFetchAsync(UidSet.Of(byUid.Keys), FetchItems.Body, async (fetched, body, innerToken) =>
            {
                if (body is not null && byUid.TryGetValue(fetched.Uid, out var message))
                {
                    await onMessage(message, body, innerToken).ConfigureAwait(false);
                }
            }, token).ConfigureAwait(false);
            return byUid.Count;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> MoveAsync(IReadOnlyList<MailboxMove> moves, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(moves);
        return WithInboxAsync<IReadOnlyDictionary<string, string>>(async (imap, validity, token) =>
        {
            var locations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var group in moves.Where(move => ValidityOf(move.Message.SourceKey) == validity).GroupBy(move => folders.For(move.Outcome)))
            {
                await EnsureFolderAsync(imap, group.Key, token).ConfigureAwait(false);
                var uids = group.Select(move => UidOf(move.Message.SourceKey)).ToList();
                var copied = await imap.UidMoveAsync(UidSet.Of(uids), group.Key, token).ConfigureAwait(false);
                var targets = copied?.Map();
                foreach (var uid in uids)
                {
                    locations[KeyOf(validity, uid)] = targets is not null && targets.TryGetValue(uid, out var destination)
                        ? $"{group.Key}:{copied!.DestinationUidValidity}:{destination}"
                        : group.Key;
                }
            }
            return locations;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RestoreAsync(string location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var parts = location.Split(':');
        if (parts.Length != 3 || !uint.TryParse(parts[1], CultureInfo.InvariantCulture, out var folderValidity) || !uint.TryParse(parts[2], CultureInfo.InvariantCulture, out var uid))
        {
            return Task.FromResult(false);
        }
        return WithClientAsync(async (imap, token) =>
        {
            var folder = await imap.SelectAsync(parts[0], token).ConfigureAwait(false);
            var present = folder.UidValidity == folderValidity && (await imap.UidSearchAsync($"UID {uid}", token).ConfigureAwait(false)).Count == 1;
            if (present)
            {
                await imap.UidMoveAsync(UidSet.Of([uid]), settings.Folder, token).ConfigureAwait(false);
            }
            await imap.SelectAsync(settings.Folder, token).ConfigureAwait(false);
            return present;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<MailboxProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var exists = await WithClientAsync(async (imap, token) => (await imap.SelectAsync(settings.Folder, token).ConfigureAwait(false)).Exists, cancellationToken).ConfigureAwait(false);
            return new MailboxProbe(true, (int)exists, $"IMAP {settings.Host}:{settings.Port} {settings.Folder}");
        }
        catch (Exception exception) when (exception is MailServerUnreachableException or MailConnectionLostException or ImapCommandException or TimeoutException)
        {
            return new MailboxProbe(false, 0, $"IMAP {settings.Host}:{settings.Port} {settings.Folder}: {exception.Message}");
        }
    }

    /// <inheritdoc />
    public async Task WaitForMailAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await WithInboxAsync(async (imap, _, token) => (await imap.IdleAsync(token).ConfigureAwait(false)).Exists, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: the scheduled poll runs anyway.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DropAsync(logout: true).ConfigureAwait(false);
    }

    private Task<T> WithInboxAsync<T>(Func<ImapClient, uint, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        WithClientAsync(async (imap, token) =>
        {
            var selected = imap.SelectedMailbox is { } current && current.Name == settings.Folder && !current.ReadOnly
                ? current
                : await imap.SelectAsync(settings.Folder, token).ConfigureAwait(false);
            if (uidValidity is { } known && known != selected.UidValidity)
            {
                logger.LogWarning("UIDVALIDITY of {Mailbox} changed from {Previous} to {Current}: every message gets a new identity; copies of processed messages are recognised by their bytes",
                    Name, known, selected.UidValidity);
            }
            uidValidity = selected.UidValidity;
            return await work(imap, selected.UidValidity, token).ConfigureAwait(false);
        }, cancellationToken);

    private Task<T> WithClientAsync<T>(Func<ImapClient, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        reconnect.ExecuteAsync(async (attempt, token) =>
        {
            try
            {
                return await work(await ConnectedAsync(token).ConfigureAwait(false), token).ConfigureAwait(false);
            }
            catch (Exception exception) when (ReconnectPolicy.IsTransientConnectionFailure(exception))
            {
                logger.LogWarning("IMAP connection to {Host}:{Port} failed (attempt {Attempt}): {Reason}", settings.Host, settings.Port, attempt + 1, exception.Message);
                await DropAsync(logout: false).ConfigureAwait(false);
                throw;
            }
        }, cancellationToken);

    private async Task<ImapClient> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (client is { IsConnected: true, IsAuthenticated: true })
        {
            return client;
        }
        await DropAsync(logout: false).ConfigureAwait(false);
        var fresh = new ImapClient(new ImapClientOptions
        {
            Host = settings.Host,
            Port = settings.Port,
            Security = (TransportSecurity)settings.Security,
            Username = settings.Username,
            Password = settings.Password,
            TrustedCertificateThumbprint = settings.TrustedCertificateThumbprint,
            TimeProvider = time,
            AlertReceived = alert => logger.LogWarning("IMAP server alert from {Host}: {Alert}", settings.Host, alert),
        });
        try
        {
            await fresh.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await fresh.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        existingFolders.Clear();
        client = fresh;
        return fresh;
    }

    /// <inheritdoc />
    public Task KeepSentCopyAsync(string folder, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        WithClientAsync(async (imap, token) =>
        {
            await EnsureFolderAsync(imap, folder, token).ConfigureAwait(false);
            await imap.AppendAsync(folder, message, ["\\Seen"], token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task EnsureFolderAsync(ImapClient imap, string folder, CancellationToken cancellationToken)
    {
        if (existingFolders.Add(folder))
        {
            await imap.CreateAsync(folder, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DropAsync(bool logout)
    {
        var current = client;
        client = null;
        if (current is null)
        {
            return;
        }
        if (logout && current.IsConnected)
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await current.LogoutAsync(quick.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is MailConnectionLostException or OperationCanceledException or ImapCommandException)
            {
                // Leaving anyway.
            }
        }
        await current.DisposeAsync().ConfigureAwait(false);
    }

    private static string KeyOf(uint validity, uint uid) => string.Create(CultureInfo.InvariantCulture, $"{validity}:{uid}");

    private static uint ValidityOf(string key) => uint.Parse(key.AsSpan(0, key.IndexOf(':', StringComparison.Ordinal)), CultureInfo.InvariantCulture);

    private static uint UidOf(string key) => uint.Parse(key.AsSpan(key.IndexOf(':', StringComparison.Ordinal) + 1), CultureInfo.InvariantCulture);
}
