using System.Text;
using System.Threading.Channels;
using LLama.Batched;
using LLama.Common;
using LLama.Native;
using RewardEngine.Configuration;

namespace RewardEngine.Models.Llm.LlamaSharp;

/// <summary>
/// In-process generation with llama.cpp: every request in flight is one sequence of a single shared context, and
/// one background loop decodes them together (<see cref="BatchedExecutor"/>), so N concurrent prompts cost one
/// forward pass per step. Each sequence has its own sampler (seed, temperature, grammar), so its text depends on
/// its request only, not on what else is in flight.
/// </summary>
public sealed class LlamaTextGenerator : ITextGenerator, IAsyncDisposable
{
    private readonly LlamaModelFile _model;
    private readonly ModelParams _parameters;
    // Replaced after a failed decode (see Recover): the loop owns them and is the only one to touch them.
    private BatchedExecutor _executor;
    private readonly Utf8Guard _utf8;
    private readonly int[] _endTokens;
    private readonly int _contextSize, _maxSequences;
    private readonly bool _sharedPool;
    // Replaced with the executor in Recover; the loop owns it.
    private SharedPrefixes<PendingRequest> _prefixes;
    private readonly Channel<PendingRequest> _queue = Channel.CreateUnbounded<PendingRequest>(new() { SingleReader = true });
    private readonly List<Sequence> _active = [];
    // Each system prompt's tokens as a turn of its own (a few kinds, so a few entries; cleared past 256).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, LLamaToken[]> _systemTurns = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _reservedCells;
    private long _decodeTicks, _sampleTicks, _decodeSteps;

    /// <summary>Time in llama.cpp decoding, time sampling, and decode steps so far (benchmark diagnostics).</summary>
    internal (TimeSpan Decode, TimeSpan Sample, long Steps) LoopTimes =>
        (TimeSpan.FromTicks(Interlocked.Read(ref _decodeTicks)), TimeSpan.FromTicks(Interlocked.Read(ref _sampleTicks)), Interlocked.Read(ref _decodeSteps));
    private int _disposed;
    private volatile GenerationException? _fault;

    /// <param name="model">Loaded weights, borrowed: the caller disposes them after this generator.</param>
    /// <param name="options">Context size, batch size, threads and most sequences in flight.</param>
    public LlamaTextGenerator(LlamaModelFile model, LlmOptions options)
    {
        _model = model;
        _contextSize = Math.Max(256, options.ContextSize);
        _maxSequences = Math.Clamp(options.MaxSequences, 1, 64);
        _sharedPool = options.KvUnified;
        // The prefix roots (see SharedPrefixes) hold sequence ids of their own; a shared pool shortens a root by
        // forking it, so it needs one more.
        var sequenceIds = _maxSequences + MaxPrefixRoots + (_sharedPool ? 1 : 0);
        var parameters = new ModelParams(model.Path)
        {
            // Split: every sequence id, the prefix roots' included, has a pool of llm.contextSize cells.
            ContextSize = (uint)(_sharedPool ? _contextSize : _contextSize * sequenceIds),
            BatchSize = (uint)Math.Max(32, options.BatchSize),
            UBatchSize = (uint)Math.Max(32, options.BatchSize),
            SeqMax = (uint)sequenceIds,
            // Split (default): llama.cpp gives each sequence its own n_ctx / n_seq_max cells and each token attends
            // over its own sequence only; unified: one pool, any sequence may use all of it.
            KVUnified = _sharedPool,
            GpuLayerCount = options.GpuLayers,
            FlashAttention = options.FlashAttention,
        };
        if (options.Threads > 0) parameters.Threads = options.Threads;
        // A step of many tokens is a matrix product that splits well across cores; a one-token step is not.
        parameters.BatchThreads = options.BatchThreads > 0 ? options.BatchThreads : Environment.ProcessorCount;
        _parameters = parameters;
        _executor = new BatchedExecutor(model.Weights, parameters);
        _prefixes = NewPrefixes();
        _utf8 = new Utf8Guard(model.TokenBytes);
        var vocab = model.Weights.NativeHandle.Vocab;
        _endTokens = Enumerable.Range(0, vocab.Count).Where(t => ((LLamaToken)t).IsEndOfGeneration(vocab)).ToArray();
        // The loop must not inherit the constructing flow's usage scope: each call is counted in its caller's.
        using (ExecutionContext.SuppressFlow()) _loop = Task.Run(DecodeLoopAsync);
    }

    private const int MaxPrefixRoots = 4, MinSharedPrefixTokens = 32;

    private SharedPrefixes<PendingRequest> NewPrefixes() =>
        new(_executor, MaxPrefixRoots, MinSharedPrefixTokens, splitPools: !_sharedPool);

    /// <summary>Prompt tokens whose decoding was saved by forking a shared prefix.</summary>
    public long SharedPrefixTokens => Interlocked.Read(ref _sharedPrefixTokens);
    private long _sharedPrefixTokens;

    /// <summary>Decode failures recovered from so far (each failed the requests in that batch only).</summary>
    public long Recoveries => Interlocked.Read(ref _recoveries);
    private long _recoveries;

    /// <summary>Tests only: replaces the result of the next decode steps (a failure llama.cpp cannot be made to give on demand).</summary>
    internal Func<DecodeResult?>? DecodeFaultForTests { get; set; }

    /// <summary>Benchmarks only: never end a sequence early, so every run decodes the same number of tokens.</summary>
    internal bool SuppressEndOfGeneration { get; init; }

    public string ModelId => System.IO.Path.GetFileName(_model.Path);

    private LLamaToken[] Tokenize(IReadOnlyList<Data.ChatMessage> messages) =>
        _model.Weights.Tokenize(_model.Chat.Format(messages), _model.Weights.NativeHandle.Vocab.ShouldAddBOS, special: true, Encoding.UTF8);

    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var vocab = _model.Weights.NativeHandle.Vocab;
        if (request.Grammar is { } grammar) GrammarCheck.EnsureValid(vocab, grammar);
        var tokens = Tokenize(request.Messages);
        // Room for the whole answer first (capped at three quarters of the window), then as much of the prompt as fits.
        var reserve = Math.Min(Math.Max(1, request.MaxTokens), _contextSize * 3 / 4);
        if (tokens.Length + reserve > _contextSize && request.Shrink is { } shrink)
        {
            var fraction = 1.0;
            for (var i = 0; i < 16 && tokens.Length + reserve > _contextSize; i++)
            {
                fraction *= Math.Clamp(0.95 * (_contextSize - reserve) / tokens.Length, 0.05, 0.9);
                tokens = Tokenize(shrink(fraction));
            }
        }
        if (tokens.Length >= _contextSize)
            throw new GenerationException($"{ModelId}: prompt of {tokens.Length} tokens does not fit llm.contextSize {_contextSize}");
        var maxTokens = Math.Clamp(request.MaxTokens, 1, _contextSize - tokens.Length);
        var pending = new PendingRequest(request, tokens, maxTokens, Shareable(request, tokens), cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
            throw _fault is { } fault ? new GenerationException(fault.Message, fault) : new ObjectDisposedException(nameof(LlamaTextGenerator));
        return pending.Completion.Task;
    }

    /// <summary>
    /// How many leading tokens a request may share with others of its kind: its system turn (the kind's fixed
    /// instructions) where it has one. What follows is the request's own text; two requests in a row may share some of
    /// it by chance (the same question), and a prefix learnt from them would fit the next request less well.
    /// </summary>
    private int Shareable(GenerationRequest request, LLamaToken[] tokens)
    {
        if (request.PromptKind is null || request.Messages is not [{ Role: "system" } system, _, ..]) return tokens.Length;
        if (!_systemTurns.TryGetValue(system.Content, out var turn))
        {
            if (_systemTurns.Count >= 256) _systemTurns.Clear();
            try
            {
                turn = _model.Weights.Tokenize(_model.Chat.FormatTurns([system]), _model.Weights.NativeHandle.Vocab.ShouldAddBOS, special: true, Encoding.UTF8);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                turn = []; // a template that cannot render a lone system turn: no cap, the prefix is learnt as before
            }
            _systemTurns[system.Content] = turn;
        }
        // Compared, not assumed: a template may render a lone system turn differently.
        return turn.Length == 0 ? tokens.Length : turn.AsSpan().CommonPrefixLength(tokens);
    }

    private async Task DecodeLoopAsync()
    {
        var stop = _stopping.Token;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Admit();
                if (_active.Count == 0 && _prefixes.WaitingCount == 0)
                {
                    if (!await _queue.Reader.WaitToReadAsync(stop)) return;
                    continue;
                }
                var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                var result = await _executor.Infer(stop);
                var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
                Interlocked.Add(ref _decodeTicks, (long)((t1 - t0) * (double)TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency));
                Interlocked.Increment(ref _decodeSteps);
                if (DecodeFaultForTests?.Invoke() is { } injected) result = injected;
                // Admission keeps every sequence within its cells, so a full cache means a bug or a native failure.
                // Dropping one sequence would leave its tokens queued in the batch: the requests of this batch fail
                // and the context starts afresh, so the requests after them are served as usual.
                if (result != DecodeResult.Ok)
                {
                    Recover(new GenerationException(result == DecodeResult.NoKvSlot
                        ? $"{ModelId}: llama.cpp found no free KV cells (llm.contextSize {_contextSize}, llm.maxSequences {_maxSequences})"
                        : $"{ModelId}: llama.cpp decode failed ({result})"));
                    continue;
                }
                foreach (var (waiter, conversation) in _prefixes.Release())
                {
                    try { _active.Add(Begin(waiter, conversation)); }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        _reservedCells -= waiter.Tokens.Length + waiter.MaxTokens;
                        waiter.Completion.TrySetException(new GenerationException($"{ModelId}: could not start a sequence: {e.Message}", e));
                    }
                }
                Interlocked.Exchange(ref _sharedPrefixTokens, _prefixes.SharedTokens);
                for (var i = 0; i < _active.Count; i++)
                {
                    var seq = _active[i];
                    // A sequence with tokens still queued for decoding keeps its id until they are decoded: a
                    // released id could be reused and receive them.
                    if (seq.Request.CancellationToken.IsCancellationRequested && !seq.Conversation.RequiresInference)
                    { Finish(seq, null, cancelled: true); i--; continue; }
                    if (!seq.Conversation.RequiresSampling) continue;
                    bool finished;
                    try { finished = Step(seq); }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // A sampler that fails (a grammar it cannot continue, say) ends its own request only.
                        Finish(seq, new GenerationException($"{ModelId}: sampling failed: {e.Message}", e));
                        finished = true;
                    }
                    if (finished) i--;
                }
                Interlocked.Add(ref _sampleTicks, (long)((System.Diagnostics.Stopwatch.GetTimestamp() - t1) * (double)TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        catch (Exception e)
        {
            var error = e as GenerationException ?? new GenerationException($"{ModelId}: generation failed: {e.Message}", e);
            // The generator is unusable from here on: later calls get this error instead of waiting forever.
            _fault = error;
            _queue.Writer.TryComplete();
            foreach (var seq in _active.ToList()) Finish(seq, error);
            FailWaiting(error);
            FailQueued(error);
            return;
        }
        foreach (var seq in _active.ToList()) Finish(seq, null, cancelled: true);
        FailWaiting(null);
        FailQueued(null);
    }

    /// <summary>
    /// After a failed decode: fails every request in flight with <paramref name="error"/>, throws away the context
    /// (its KV cells and batch may hold anything now) and makes a fresh one. Queued requests stay queued.
    /// </summary>
    private void Recover(GenerationException error)
    {
        Interlocked.Increment(ref _recoveries);
        foreach (var seq in _active.ToList()) Finish(seq, error);
        FailWaiting(error);
        _prefixes.Dispose();
        _executor.Dispose();
        _reservedCells = 0;
        _executor = new BatchedExecutor(_model.Weights, _parameters);
        _prefixes = NewPrefixes();
    }

    // Requests parked on a shared prefix hold no conversation yet; they are failed or cancelled with the queue.
    private void FailWaiting(Exception? error)
    {
        foreach (var w in _prefixes.Waiters)
        {
            if (error is null) w.Completion.TrySetCanceled();
            else w.Completion.TrySetException(error);
        }
    }

    private void Admit()
    {
        while (_active.Count + _prefixes.WaitingCount < _maxSequences && _queue.Reader.TryPeek(out var next))
        {
            if (next.CancellationToken.IsCancellationRequested)
            {
                _queue.Reader.TryRead(out _);
                next.Completion.TrySetCanceled(next.CancellationToken);
                continue;
            }
            var cells = next.Tokens.Length + next.MaxTokens;
            // One shared pool: a request waits until its cells fit. Split: each sequence id has a whole pool.
            if (_sharedPool)
            {
                while (_reservedCells + _prefixes.ReservedCells + cells > _contextSize && _prefixes.EvictOne()) { }
                if (_reservedCells + _prefixes.ReservedCells + cells > _contextSize && (_active.Count > 0 || _prefixes.WaitingCount > 0)) return;
            }
            _queue.Reader.TryRead(out _);
            try
            {
                var conversation = _prefixes.Begin(next.Request.PromptKind, next.Tokens, next.Shareable, next);
                if (conversation is not null) _active.Add(Begin(next, conversation));
                _reservedCells += cells;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                next.Completion.TrySetException(new GenerationException($"{ModelId}: could not start a sequence: {e.Message}", e));
            }
        }
    }

    private Sequence Begin(PendingRequest pending, Conversation conversation)
    {
        var request = pending.Request;
        var sampler = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        try
        {
            if (request.Grammar is { } grammar)
            {
                sampler.AddGrammar(_model.Weights.NativeHandle.Vocab, grammar, "root");
            }
            if (request.Temperature <= 0) sampler.AddGreedySampler();
            else
            {
                sampler.AddTopK(40);
                sampler.AddTopP(0.95f, 1);
                sampler.AddTemperature(request.Temperature);
                sampler.AddDistributionSampler(request.Seed);
            }
        }
        catch
        {
            sampler.Dispose();
            conversation.Dispose();
            throw;
        }
        return new Sequence(pending, conversation, sampler);
    }

    /// <summary>Samples one token; true when the sequence finished (and left <see cref="_active"/>).</summary>
    private bool Step(Sequence seq)
    {
        var logits = seq.Conversation.Sample();
        _utf8.Mask(logits, seq.Utf8);
        if (SuppressEndOfGeneration) foreach (var t in _endTokens) logits[t] = float.NegativeInfinity;
        var token = seq.Conversation.Sample(seq.Sampler);
        var vocab = _model.Weights.NativeHandle.Vocab;
        if (token.IsEndOfGeneration(vocab))
        {
            Finish(seq, null, reason: seq.Request.Request.Grammar is null ? "eos" : "grammar");
            return true;
        }
        seq.Generated++;
        seq.Utf8 = _utf8.Next(seq.Utf8, (int)token);
        seq.Append(_model.TokenBytes[(int)token], seq.Utf8.IsClean);
        if (seq.StopHit()) { Finish(seq, null, reason: "stop"); return true; }
        if (seq.Generated >= seq.Request.MaxTokens) { Finish(seq, null, reason: "length"); return true; }
        seq.Conversation.Prompt(token);
        return false;
    }

    private void Finish(Sequence seq, Exception? error, bool cancelled = false, string reason = "")
    {
        _active.Remove(seq);
        _reservedCells -= seq.Request.Tokens.Length + seq.Request.MaxTokens;
        seq.Conversation.Dispose();
        seq.Sampler.Dispose();
        var completion = seq.Request.Completion;
        if (cancelled) { completion.TrySetCanceled(seq.Request.CancellationToken.IsCancellationRequested ? seq.Request.CancellationToken : _stopping.Token); return; }
        if (error is not null) { completion.TrySetException(error); return; }
        completion.TrySetResult(new GenerationResult(seq.Text(), seq.Request.Tokens.Length, seq.Generated, reason));
    }

    private void FailQueued(Exception? error)
    {
        while (_queue.Reader.TryRead(out var p))
        {
            if (error is null) p.Completion.TrySetCanceled();
            else p.Completion.TrySetException(error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _prefixes.Dispose();
        _executor.Dispose();
        _stopping.Dispose();
    }

    private sealed class PendingRequest(GenerationRequest request, LLamaToken[] tokens, int maxTokens, int shareable, CancellationToken cancellationToken)
    {
        public GenerationRequest Request { get; } = request;
        public LLamaToken[] Tokens { get; } = tokens;
        public int MaxTokens { get; } = maxTokens;
        /// <summary>Leading tokens the request may share with others of its kind.</summary>
        public int Shareable { get; } = shareable;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public TaskCompletionSource<GenerationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Sequence(PendingRequest request, Conversation conversation, SafeLLamaSamplerChainHandle sampler)
    {
        private readonly List<byte> _bytes = [];
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        private readonly StringBuilder _text = new();
        private int _stopAt = -1;

        public PendingRequest Request { get; } = request;
        public Conversation Conversation { get; } = conversation;
        public SafeLLamaSamplerChainHandle Sampler { get; } = sampler;
        public int Generated { get; set; }
        public Utf8State Utf8 { get; set; } = Utf8State.Clean;

        private int _completeBytes;

        /// <param name="bytes">The token's bytes.</param>
        /// <param name="complete">Whether they end on a character boundary.</param>
        public void Append(byte[] bytes, bool complete)
        {
            _bytes.AddRange(bytes);
            if (complete) _completeBytes = _bytes.Count;
            if (Request.Request.Stop.Count == 0) return;
            var chars = new char[_decoder.GetCharCount(bytes, 0, bytes.Length, flush: false)];
            _decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush: false);
            _text.Append(chars);
        }

        public bool StopHit()
        {
            var stops = Request.Request.Stop;
            if (stops.Count == 0) return false;
            foreach (var stop in stops)
            {
                if (stop.Length == 0 || _text.Length < stop.Length) continue;
                // Only the tail can hold a new match: earlier text was checked on earlier tokens.
                var from = Math.Max(0, _text.Length - stop.Length - 8);
                var at = _text.ToString(from, _text.Length - from).IndexOf(stop, StringComparison.Ordinal);
                if (at >= 0) { _stopAt = from + at; return true; }
            }
            return false;
        }

        public string Text()
        {
            if (_stopAt >= 0) return _text.ToString(0, _stopAt);
            // A sequence cut off by the token limit may end inside a character: leave the fragment out.
            return Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes)[.._completeBytes]);
        }
    }
}
