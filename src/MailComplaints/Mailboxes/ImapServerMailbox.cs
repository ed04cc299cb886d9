using System.Globalization;
using MailComplaints.MailServers;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace MailComplaints.Mailboxes;

/// <summary>
/// The complaints mailbox on an IMAP server (the production case), on MailKit's <see cref="ImapClient"/>. A message's
/// identity is <c>UIDVALIDITY:UID</c>. Bodies are read with BODY.PEEK[] (never setting \Seen: people read this mailbox
/// too) in one UID FETCH for the whole batch, each streamed straight into the caller (<c>GetStreamsAsync</c>, not a
/// command per message). Processed messages leave with UID MOVE for each outcome's group (MailKit falls back to
/// COPY + STORE \Deleted + UID EXPUNGE where the server lacks MOVE), and UIDPLUS tells where they went. One connection
/// is kept between calls; a dropped one is made again with exponential backoff and jitter.
/// New mail is waited for with IDLE, ended as soon as the server reports more messages; where the server lacks IDLE,
/// with a NOOP every <see cref="NoopInterval"/>.
/// </summary>
public sealed class ImapServerMailbox(ImapSettings settings, ProcessingFolders folders, TimeProvider time, ILogger<ImapServerMailbox> logger) : IMailbox
{
    /// <summary>How often a server without IDLE is asked for news while waiting for mail.</summary>
    public static readonly TimeSpan NoopInterval = TimeSpan.FromSeconds(15);

    private readonly ReconnectPolicy reconnect = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 4, time);
    private readonly Dictionary<string, IMailFolder> existingFolders = new(StringComparer.Ordinal);
    private ImapClient? client;
    private uint? uidValidity;

    /// <inheritdoc />
    public string Name => $"imap:{settings.Username}@{settings.Host}/{settings.Folder}";

    /// <inheritdoc />
    public Task<IReadOnlyList<MailboxMessage>> ListAsync(CancellationToken cancellationToken) =>
        WithInboxAsync<IReadOnlyList<MailboxMessage>>(async (inbox, validity, token) =>
        {
            // A folder kept open learns of new mail only from the server's answer to a command: NOOP brings its view up to date
            // (EXISTS), then UID 1:* lists what is there.
            await client!.NoOpAsync(token).ConfigureAwait(false);
            var summaries = await inbox.FetchAsync(UniqueIdRange.All, MessageSummaryItems.UniqueId | MessageSummaryItems.Size | MessageSummaryItems.InternalDate, token).ConfigureAwait(false);
            return [.. summaries.OrderBy(summary => summary.UniqueId.Id)
                .Select(summary => new MailboxMessage(KeyOf(validity, summary.UniqueId.Id), summary.Size ?? 0, summary.InternalDate ?? time.GetUtcNow()))];
        }, cancellationToken);

    /// <inheritdoc />
    public Task FetchAsync(IReadOnlyList<MailboxMessage> messages, Func<MailboxMessage, Stream, CancellationToken, ValueTask> onMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(onMessage);
        return WithInboxAsync(async (inbox, validity, token) =>
        {
            var byUid = messages.Where(message => ValidityOf(message.SourceKey) == validity).ToDictionary(message => UidOf(message.SourceKey));
            if (byUid.Count == 0)
            {
                return 0;
            }
            var uids = byUid.Keys.Order().Select(uid => new UniqueId(validity, uid)).ToList();
            await ((ImapFolder)inbox).GetStreamsAsync(uids, async (_, _, uid, stream, innerToken) =>
            {
                if (byUid.TryGetValue(uid.Id, out var message))
                {
                    await onMessage(message, stream, innerToken).ConfigureAwait(false);
                }
            }, token).ConfigureAwait(false);
            return byUid.Count;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> MoveAsync(IReadOnlyList<MailboxMove> moves, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(moves);
        return WithInboxAsync<IReadOnlyDictionary<string, string>>(async (inbox, validity, token) =>
        {
            var locations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var group in moves.Where(move => ValidityOf(move.Message.SourceKey) == validity).GroupBy(move => folders.For(move.Outcome)))
            {
                var destination = await FolderAsync(group.Key, token).ConfigureAwait(false);
                var uids = group.Select(move => new UniqueId(validity, UidOf(move.Message.SourceKey))).ToList();
                var map = await inbox.MoveToAsync(uids, destination, token).ConfigureAwait(false);
                foreach (var uid in uids)
                {
                    locations[KeyOf(validity, uid.Id)] = map.TryGetValue(uid, out var moved)
                        ? string.Create(CultureInfo.InvariantCulture, $"{group.Key}:{moved.Validity}:{moved.Id}")
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
        if (Place.Parse(location) is not { Uid: { } uid } place)
        {
            return Task.FromResult(false);
        }
        return WithClientAsync(async (imap, token) =>
        {
            var folder = await FolderAsync(place.Folder, token).ConfigureAwait(false);
            await folder.OpenAsync(FolderAccess.ReadWrite, token).ConfigureAwait(false);
            var present = folder.UidValidity == uid.Validity
                && (await folder.SearchAsync(SearchQuery.Uids([uid]), token).ConfigureAwait(false)).Count == 1;
            if (present)
            {
                await folder.MoveToAsync(uid, await InboxAsync(imap, token).ConfigureAwait(false), token).ConfigureAwait(false);
            }
            await folder.CloseAsync(expunge: false, token).ConfigureAwait(false);
            return present;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> EraseAsync(IReadOnlyList<MailboxCopy> copies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copies);
        var places = copies.SelectMany(PlacesOf).GroupBy(place => place.Folder, StringComparer.Ordinal).ToList();
        if (places.Count == 0)
        {
            return Task.FromResult(0);
        }
        return WithClientAsync(async (imap, token) =>
        {
            var erased = 0;
            foreach (var folderPlaces in places)
            {
                if (await ExistingFolderAsync(imap, folderPlaces.Key, token).ConfigureAwait(false) is not { } folder)
                {
                    continue; // never created: nothing of ours is in it
                }
                await folder.OpenAsync(FolderAccess.ReadWrite, token).ConfigureAwait(false);
                var uids = await FindAsync(folder, folderPlaces.ToList(), token).ConfigureAwait(false);
                if (uids.Count > 0)
                {
                    await folder.StoreAsync(uids, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Deleted) { Silent = true }, token).ConfigureAwait(false);
                    // UID EXPUNGE (UIDPLUS) removes exactly these; without UIDPLUS MailKit clears \Deleted from the others first.
                    await folder.ExpungeAsync(uids, token).ConfigureAwait(false);
                }
                await folder.CloseAsync(expunge: false, token).ConfigureAwait(false);
                erased += uids.Count;
            }
            return erased;
        }, cancellationToken);
    }

    // Where a copy may be: by UID where the location (or, still in the inbox, the source key) gives one, else by Message-ID.
    private IEnumerable<Place> PlacesOf(MailboxCopy copy)
    {
        switch (copy)
        {
            case MailboxCopy.Sent sent:
                yield return new Place(sent.Folder, null, sent.MessageId);
                break;
            case MailboxCopy.Received received when received.Location is { } location && Place.Parse(location) is { } moved:
                yield return moved with { MessageId = received.MessageId };
                break;
            case MailboxCopy.Received received:
                yield return Place.Parse($"{settings.Folder}:{received.SourceKey}") is { } waiting
                    ? waiting with { MessageId = received.MessageId }
                    : new Place(settings.Folder, null, received.MessageId);
                foreach (var processing in received.MessageId is null ? [] : folders.All)
                {
                    yield return new Place(processing, null, received.MessageId);
                }
                break;
        }
    }

    // The UIDs of the places that are in the open folder: a UID of this UIDVALIDITY when it is still there, else every message
    // whose Message-ID header is the one sought (SEARCH HEADER matches a substring: the envelope confirms).
    private static async Task<IList<UniqueId>> FindAsync(IMailFolder folder, IReadOnlyList<Place> places, CancellationToken cancellationToken)
    {
        var byUid = places.Where(place => place.Uid?.Validity == folder.UidValidity).Select(place => place.Uid!.Value).ToList();
        var found = byUid.Count == 0 ? [] : (await folder.SearchAsync(SearchQuery.Uids(byUid), cancellationToken).ConfigureAwait(false)).ToList();
        var messageIds = places.Where(place => place.Uid?.Validity != folder.UidValidity && place.MessageId is not null)
            .Select(place => place.MessageId!).ToHashSet(StringComparer.Ordinal);
        foreach (var chunk in messageIds.Chunk(20))
        {
            var query = chunk.Select(messageId => (SearchQuery)SearchQuery.HeaderContains("Message-ID", messageId)).Aggregate(SearchQuery.Or);
            var candidates = await folder.SearchAsync(query, cancellationToken).ConfigureAwait(false);
            if (candidates.Count == 0)
            {
                continue;
            }
            var summaries = await folder.FetchAsync(candidates, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope, cancellationToken).ConfigureAwait(false);
            found.AddRange(summaries.Where(summary => summary.Envelope?.MessageId is { } messageId && messageIds.Contains(messageId.Trim('<', '>'))).Select(summary => summary.UniqueId));
        }
        return found.Distinct().ToList();
    }

    /// <summary>A message's place in a folder: <c>Folder:UIDVALIDITY:UID</c> as <see cref="MoveAsync"/> records it, or only the folder.</summary>
    private sealed record Place(string Folder, UniqueId? Uid, string? MessageId)
    {
        public static Place? Parse(string location)
        {
            var uidAt = location.LastIndexOf(':');
            var validityAt = uidAt <= 0 ? -1 : location.LastIndexOf(':', uidAt - 1);
            if (validityAt <= 0)
            {
                return location.Contains(':', StringComparison.Ordinal) || location.Length == 0 ? null : new Place(location, null, null);
            }
            return uint.TryParse(location.AsSpan(validityAt + 1, uidAt - validityAt - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var validity)
                && uint.TryParse(location.AsSpan(uidAt + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var uid) && uid > 0
                ? new Place(location[..validityAt], new UniqueId(validity, uid), null)
                : null;
        }
    }

    /// <inheritdoc />
    public async Task<MailboxProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        var where = $"IMAP {settings.Host}:{settings.Port} {settings.Folder}";
        try
        {
            var waiting = await WithInboxAsync((inbox, _, _) => Task.FromResult(inbox.Count), cancellationToken).ConfigureAwait(false);
            return new MailboxProbe(true, waiting, where);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new MailboxProbe(false, 0, $"{where}: {exception.Message}");
        }
    }

    /// <inheritdoc />
    public Task<bool> WaitForMailAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        WithInboxAsync(async (inbox, _, token) =>
        {
            // Arrival is a count that rises, measured against the last count the server gave and not the count when the wait
            // began: while we wait, the poll moves the messages that woke us out of the folder (EXPUNGE lowers the count), and the
            // next complaint raises it again only to where it stood. Comparing with the start missed every complaint that came
            // while earlier ones were still being taken in, and left them for the next scheduled poll.
            var last = inbox.Count;
            using var done = CancellationTokenSource.CreateLinkedTokenSource(token);
            using var limit = time.CreateTimer(_ => done.Cancel(), null, timeout, Timeout.InfiniteTimeSpan);
            var arrived = false;
            void OnCountChanged(object? sender, EventArgs e)
            {
                var now = inbox.Count;
                if (now > last)
                {
                    arrived = true;
                    done.Cancel();
                }
                last = now;
            }
            void OnExpunged(object? sender, MessageEventArgs e) => last = inbox.Count;
            inbox.CountChanged += OnCountChanged;
            inbox.MessageExpunged += OnExpunged;
            try
            {
                if (client!.Capabilities.HasFlag(ImapCapabilities.Idle))
                {
                    // The done token ends IDLE with DONE, the connection stays usable; only token aborts it.
                    await client.IdleAsync(done.Token, token).ConfigureAwait(false);
                }
                else
                {
                    while (!done.IsCancellationRequested)
                    {
                        await Task.Delay(NoopInterval, time, done.Token).ConfigureAwait(false);
                        await client.NoOpAsync(token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested && !token.IsCancellationRequested)
            {
                // Mail arrived, or the wait is over.
            }
            finally
            {
                inbox.CountChanged -= OnCountChanged;
                inbox.MessageExpunged -= OnExpunged;
            }
            return arrived;
        }, cancellationToken);

    /// <inheritdoc />
    public Task KeepSentCopyAsync(string folder, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        WithClientAsync(async (_, token) =>
        {
            var sent = await FolderAsync(folder, token).ConfigureAwait(false);
            using var stream = new MemoryStream(message.ToArray(), writable: false);
            var mail = await MimeMessage.LoadAsync(stream, persistent: true, token).ConfigureAwait(false);
            await sent.AppendAsync(new AppendRequest(mail, MessageFlags.Seen), token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await DropAsync(logout: true).ConfigureAwait(false);

    // The watched folder, open for writing on the kept connection; a changed UIDVALIDITY is logged once.
    private Task<T> WithInboxAsync<T>(Func<IMailFolder, uint, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        WithClientAsync(async (imap, token) =>
        {
            var inbox = await InboxAsync(imap, token).ConfigureAwait(false);
            if (!inbox.IsOpen || inbox.Access != FolderAccess.ReadWrite)
            {
                await inbox.OpenAsync(FolderAccess.ReadWrite, token).ConfigureAwait(false);
            }
            if (uidValidity is { } known && known != inbox.UidValidity)
            {
                logger.LogWarning("UIDVALIDITY of {Mailbox} changed from {Previous} to {Current}: every message gets a new identity; copies of processed messages are recognised by their bytes",
                    Name, known, inbox.UidValidity);
            }
            uidValidity = inbox.UidValidity;
            return await work(inbox, inbox.UidValidity, token).ConfigureAwait(false);
        }, cancellationToken);

    private Task<T> WithClientAsync<T>(Func<ImapClient, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        reconnect.ExecuteAsync(async (attempt, token) =>
        {
            try
            {
                return await work(await ConnectedAsync(token).ConfigureAwait(false), token).ConfigureAwait(false);
            }
            catch (Exception exception) when (MailServerConnection.IsTransient(exception))
            {
                logger.LogWarning("IMAP connection to {Host}:{Port} failed (attempt {Attempt}): {Reason}", settings.Host, settings.Port, attempt + 1, exception.Message);
                await DropAsync(logout: false).ConfigureAwait(false);
                throw;
            }
        }, cancellationToken);

    private async Task<IMailFolder> InboxAsync(ImapClient imap, CancellationToken cancellationToken) =>
        string.Equals(settings.Folder, "INBOX", StringComparison.OrdinalIgnoreCase) ? imap.Inbox : await FolderAsync(settings.Folder, cancellationToken).ConfigureAwait(false);

    private async Task<ImapClient> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (client is { IsConnected: true, IsAuthenticated: true })
        {
            return client;
        }
        await DropAsync(logout: false).ConfigureAwait(false);
        var fresh = new ImapClient();
        fresh.Alert += (_, alert) => logger.LogWarning("IMAP server alert from {Host}: {Alert}", settings.Host, alert.Message);
        try
        {
            await MailServerConnection.OpenAsync(fresh, settings.Account, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            fresh.Dispose();
            throw;
        }
        existingFolders.Clear();
        client = fresh;
        return fresh;
    }

    // A folder by its full name, or null when it does not exist.
    private async Task<IMailFolder?> ExistingFolderAsync(ImapClient imap, string name, CancellationToken cancellationToken)
    {
        if (string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return imap.Inbox;
        }
        if (existingFolders.TryGetValue(name, out var known))
        {
            return known;
        }
        try
        {
            return existingFolders[name] = await imap.GetFolderAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (FolderNotFoundException)
        {
            return null;
        }
    }

    // A folder by its full name, created (and subscribed) when it does not exist yet.
    private async Task<IMailFolder> FolderAsync(string name, CancellationToken cancellationToken)
    {
        if (existingFolders.TryGetValue(name, out var known))
        {
            return known;
        }
        var imap = client ?? throw new InvalidOperationException("Not connected.");
        IMailFolder folder;
        try
        {
            folder = await imap.GetFolderAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (FolderNotFoundException)
        {
            var root = imap.GetFolder(imap.PersonalNamespaces.Count > 0 ? imap.PersonalNamespaces[0] : new FolderNamespace('/', ""));
            folder = await root.CreateAsync(name, isMessageFolder: true, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The IMAP server did not create the folder {name}.");
            await folder.SubscribeAsync(cancellationToken).ConfigureAwait(false);
        }
        existingFolders[name] = folder;
        return folder;
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
                await current.DisconnectAsync(quit: true, quick.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException || MailServerConnection.IsTransient(exception) || exception is ImapCommandException)
            {
                // Leaving anyway.
            }
        }
        current.Dispose();
    }

    private static string KeyOf(uint validity, uint uid) => string.Create(CultureInfo.InvariantCulture, $"{validity}:{uid}");

    private static uint ValidityOf(string key) => uint.Parse(key.AsSpan(0, key.IndexOf(':', StringComparison.Ordinal)), CultureInfo.InvariantCulture);

    private static uint UidOf(string key) => uint.Parse(key.AsSpan(key.IndexOf(':', StringComparison.Ordinal) + 1), CultureInfo.InvariantCulture);
}
