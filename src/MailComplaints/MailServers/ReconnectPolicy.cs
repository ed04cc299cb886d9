namespace MailComplaints.MailServers;

/// <summary>
/// Exponential backoff with full jitter for reconnecting to a mail server after a failure that
/// <see cref="MailServerConnection.IsTransient"/> calls transient: attempt n waits a random
/// time between zero and min(<see cref="MaxDelay"/>, <see cref="InitialDelay"/> · 2ⁿ). Jitter keeps many workers from
/// hammering a recovering server in step. Authentication failures are never retried by <see cref="ExecuteAsync{T}"/>.
/// </summary>
public sealed class ReconnectPolicy
{
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _nextRandom;

    /// <summary>Creates a policy.</summary>
    /// <param name="initialDelay">Upper bound of the first wait.</param>
    /// <param name="maxDelay">Cap on any wait.</param>
    /// <param name="maxAttempts">How many times the operation runs at most (first try included).</param>
    /// <param name="timeProvider">The clock to wait on; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="nextRandom">A source of numbers in [0, 1); <see cref="Random.Shared"/> when null.</param>
    public ReconnectPolicy(TimeSpan initialDelay, TimeSpan maxDelay, int maxAttempts, TimeProvider? timeProvider = null, Func<double>? nextRandom = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, initialDelay);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        InitialDelay = initialDelay;
        MaxDelay = maxDelay;
        MaxAttempts = maxAttempts;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _nextRandom = nextRandom ?? Random.Shared.NextDouble;
    }

    /// <summary>Upper bound of the first wait.</summary>
    public TimeSpan InitialDelay { get; }

    /// <summary>Cap on any wait.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>How many times <see cref="ExecuteAsync{T}"/> runs the operation at most.</summary>
    public int MaxAttempts { get; }

    /// <summary>The wait before retry number <paramref name="retry"/> (0 for the first retry).</summary>
    public TimeSpan DelayFor(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retry);
        var ceiling = InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30));
        ceiling = Math.Min(ceiling, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * _nextRandom());
    }

    /// <summary>
    /// Runs <paramref name="operation"/> (which should connect, do its work and disconnect) until it succeeds, retrying
    /// after <see cref="MailServerConnection.IsTransient"/> failures with backoff; any other exception, and the last
    /// transient one, propagates.
    /// </summary>
    /// <param name="operation">The work; receives the attempt number starting at 0.</param>
    /// <param name="cancellationToken">Cancels waiting and the operation.</param>
    public async Task<T> ExecuteAsync<T>(Func<int, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await operation(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (attempt + 1 < MaxAttempts && MailServerConnection.IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(DelayFor(attempt), _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
