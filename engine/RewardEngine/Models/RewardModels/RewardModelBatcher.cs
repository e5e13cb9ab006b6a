using System.Threading.Channels;
using RewardEngine.Data;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.RewardModels;

/// <summary>
/// One queue in front of a reward model for many concurrent callers: their texts are encoded on the callers'
/// threads, collected until <see cref="RewardModelBatching.MaxBatch"/> are waiting or the deadline passes, sorted
/// by length into batches (<see cref="BatchPlan"/>) and scored by one loop, one forward pass at a time. Scores
/// follow each caller's input order; a caller that cancels before its flush is left out of it.
/// </summary>
public sealed class RewardModelBatcher : IAsyncDisposable
{
    private readonly OnnxRewardModel _model;
    private readonly RewardModelBatching _options;
    private readonly EngineMetrics? _metrics;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new() { SingleReader = true });
    private readonly Task _loop;
    private long _batches, _texts;
    private int _waitingTexts;

    public RewardModelBatcher(OnnxRewardModel model, RewardModelBatching options, EngineMetrics? metrics = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDelay, TimeSpan.Zero);
        _model = model;
        _options = options;
        _metrics = metrics;
        // The loop must not carry the constructing flow's state (usage scopes) into every later batch.
        using (ExecutionContext.SuppressFlow()) _loop = Task.Factory.StartNew(LoopAsync, CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public OnnxRewardModel Model => _model;

    /// <summary>Forward passes run so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Texts scored so far.</summary>
    public long TextsScored => Interlocked.Read(ref _texts);

    /// <summary>Texts waiting for a forward pass now.</summary>
    public int WaitingTexts => Volatile.Read(ref _waitingTexts);

    /// <summary>Scores each conversation (its last turn is the response), batched with whatever else is waiting.</summary>
    public Task<float[]> ScoreAsync(IReadOnlyList<IReadOnlyList<ChatMessage>> conversations, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (conversations.Count == 0) return Task.FromResult(Array.Empty<float>());
        var pending = new Pending(conversations.Select(_model.Encode).ToArray(), cancellationToken);
        Interlocked.Add(ref _waitingTexts, pending.Sequences.Length);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _waitingTexts, -pending.Sequences.Length);
            throw new ObjectDisposedException(nameof(RewardModelBatcher));
        }
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        var flush = new List<Pending>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            flush.Clear();
            int texts = 0;
            var deadline = DateTime.UtcNow + _options.MaxDelay;
            while (true)
            {
                while (texts < _options.MaxBatch && reader.TryRead(out var p))
                {
                    flush.Add(p);
                    texts += p.Sequences.Length;
                }
                var left = deadline - DateTime.UtcNow;
                if (texts >= _options.MaxBatch || left <= TimeSpan.Zero) break;
                // Wait for more company, but no longer than the first text's deadline.
                using var timer = new CancellationTokenSource(left);
                try { if (!await reader.WaitToReadAsync(timer.Token).ConfigureAwait(false)) break; }
                catch (OperationCanceledException) { break; }
            }
            Run(flush);
        }
    }

    private void Run(List<Pending> flush)
    {
        var live = new List<Pending>(flush.Count);
        foreach (var p in flush)
        {
            Interlocked.Add(ref _waitingTexts, -p.Sequences.Length);
            if (p.CancellationToken.IsCancellationRequested) p.Completion.TrySetCanceled(p.CancellationToken);
            else live.Add(p);
        }
        if (live.Count == 0) return;
        var sequences = live.SelectMany(p => p.Sequences).ToList();
        var scores = new float[sequences.Count];
        try
        {
            foreach (var batch in BatchPlan.Make(sequences.Select(s => s.Length).ToList(), _options.MaxBatch, _model.Files.MaxBatchTokens))
            {
                var result = _model.ScoreTokens(batch.Select(i => sequences[i]).ToList(), batch.Length, CancellationToken.None);
                for (int j = 0; j < batch.Length; j++) scores[batch[j]] = result[j];
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _texts, batch.Length);
                _metrics?.RewardModelBatchSize.Record(batch.Length);
            }
        }
        catch (Exception e)
        {
            // One bad pass fails the callers in it; the loop carries on for the next.
            foreach (var p in live) p.Completion.TrySetException(e);
            return;
        }
        int offset = 0;
        foreach (var p in live)
        {
            p.Completion.TrySetResult(scores[offset..(offset + p.Sequences.Length)]);
            offset += p.Sequences.Length;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed class Pending(int[][] sequences, CancellationToken cancellationToken)
    {
        public int[][] Sequences { get; } = sequences;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public TaskCompletionSource<float[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
