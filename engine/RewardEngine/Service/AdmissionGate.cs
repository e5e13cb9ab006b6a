namespace RewardEngine.Service;

/// <summary>
/// The service's bounded queue: at most <c>maxConcurrency</c> requests work at once and at most
/// <c>queueLimit</c> wait for a slot; a request beyond both is turned away at once (429) rather than held in
/// memory. Waiting is in arrival order (a semaphore's queue) and ends early when the request is cancelled.
/// </summary>
internal sealed class AdmissionGate(int maxConcurrency, int queueLimit)
{
    private readonly SemaphoreSlim _slots = new(maxConcurrency, maxConcurrency);
    private int _admitted, _waiting;
    private double _averageSeconds = 0.05;

    /// <summary>Requests waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Requests working now.</summary>
    public int Running => maxConcurrency - _slots.CurrentCount;

    /// <summary>A slot, or null when the queue is full. Dispose the lease when the request is done.</summary>
    public async ValueTask<Lease?> EnterAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _admitted) > maxConcurrency + queueLimit)
        {
            Interlocked.Decrement(ref _admitted);
            return null;
        }
        try
        {
            if (!_slots.Wait(0))
            {
                Interlocked.Increment(ref _waiting);
                try { await _slots.WaitAsync(cancellationToken).ConfigureAwait(false); }
                finally { Interlocked.Decrement(ref _waiting); }
            }
        }
        catch
        {
            Interlocked.Decrement(ref _admitted);
            throw;
        }
        return new Lease(this, System.Diagnostics.Stopwatch.GetTimestamp());
    }

    /// <summary>How long a turned-away client should wait: the queue ahead of it at the recent pace, 1 to 60 s.</summary>
    public int RetryAfterSeconds()
    {
        var seconds = (Waiting + 1) * Volatile.Read(ref _averageSeconds) / maxConcurrency;
        return (int)Math.Clamp(Math.Ceiling(seconds), 1, 60);
    }

    private void Exit(long started)
    {
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        // A moving average is enough for a retry hint; a lost update under contention does no harm.
        Volatile.Write(ref _averageSeconds, _averageSeconds * 0.95 + seconds * 0.05);
        _slots.Release();
        Interlocked.Decrement(ref _admitted);
    }

    public sealed class Lease(AdmissionGate gate, long started) : IDisposable
    {
        private int _done;
        public void Dispose() { if (Interlocked.Exchange(ref _done, 1) == 0) gate.Exit(started); }
    }
}
