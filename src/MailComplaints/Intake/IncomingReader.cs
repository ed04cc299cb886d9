using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using MailComplaints.Mailboxes;
using MailComplaints.Reading;
using Microsoft.Extensions.Logging;

namespace MailComplaints.Intake;

/// <summary>
/// Reads a batch from the mailbox: each message fetched once, hashed, parsed, and read by the classifier for what it
/// learns without the database (on all cores). A message over <c>Intake:MaxMessageBytes</c> is not fetched, and one
/// that does not parse carries why; both go to the Failed folder with that reason.
/// </summary>
public sealed class IncomingReader(IntakeClassifier classifier, IntakeSettings intake, ILogger<IncomingReader> logger)
{
    /// <summary>The messages of <paramref name="batch"/>, in its order.</summary>
    public async Task<IReadOnlyList<IncomingMessage>> ReadAsync(IMailbox mailbox, IReadOnlyList<MailboxMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(batch);
        var started = Stopwatch.GetTimestamp();
        var read = new Dictionary<string, IncomingMessage>(StringComparer.Ordinal);
        foreach (var message in batch.Where(message => message.Size > intake.MaxMessageBytes))
        {
            read[message.SourceKey] = TooLarge(message);
        }
        var fetch = batch.Where(message => message.Size <= intake.MaxMessageBytes).ToList();
        if (fetch.Count > 0)
        {
            await mailbox.FetchAsync(fetch, async (message, stream, token) => read[message.SourceKey] = await ReadOneAsync(message, stream, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        var incoming = batch.Where(message => read.ContainsKey(message.SourceKey)).Select(message => read[message.SourceKey]).ToArray();
        Parallel.For(0, incoming.Length, new ParallelOptions { CancellationToken = cancellationToken }, i => incoming[i] = incoming[i] with { Reading = classifier.Read(incoming[i]) });
        logger.LogDebug("Read a batch of {Count}: {FetchMs} ms", incoming.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return incoming;
    }

    private async Task<IncomingMessage> ReadOneAsync(MailboxMessage message, Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(message.Size is > 0 and < int.MaxValue ? (int)message.Size : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int count;
            while ((count = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + count > intake.MaxMessageBytes)
                {
                    return TooLarge(message);
                }
                buffer.Write(chunk, 0, count);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        // The declared size is almost always right, and then the buffer is the message: no copy.
        var raw = buffer.TryGetBuffer(out var written) && written.Offset == 0 && written.Count == written.Array!.Length ? written.Array : buffer.ToArray();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(raw));
        try
        {
            return new IncomingMessage(message, raw, sha256, MessageParser.Parse(raw), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new IncomingMessage(message, raw, sha256, null, $"unreadable: {exception.GetType().Name}: {exception.Message}");
        }
    }

    private IncomingMessage TooLarge(MailboxMessage message) => new(message, [], Convert.ToHexStringLower(SHA256.HashData([])), null,
        string.Create(CultureInfo.InvariantCulture, $"larger than Intake:MaxMessageBytes ({message.Size} > {intake.MaxMessageBytes} bytes); the message stays in the Failed folder"));
}
