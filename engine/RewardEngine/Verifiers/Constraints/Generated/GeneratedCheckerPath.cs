using System.Collections.Concurrent;
using System.Security.Cryptography;
using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Models.Llm;
using RewardEngine.Sandbox;

namespace RewardEngine.Verifiers.Constraints.Generated;

/// <summary>
/// The paper's LLM path: the coder lists the instruction's checkable constraints (minus those the parser
/// covers), keeps the verifiable ones, writes <c>check_following</c> for each, test-runs it in the sandbox
/// and repairs it from the error up to <see cref="ConstraintOptions.RepairRounds"/> times; what still fails
/// is dropped. Results are cached per (instruction, coder, prompt version); checkers run in the sandbox.
/// </summary>
public sealed class GeneratedCheckerPath : IGeneratedCheckerPath, IAsyncDisposable
{
    private readonly ITextGenerator _coder;
    private readonly SandboxRunner _sandbox;
    private readonly CheckerCache _cache;
    private readonly string _coderKey;
    private readonly ConstraintOptions _options;
    private readonly float _temperature;
    private readonly uint _seed;
    private readonly TextWriter _log;
    private readonly bool _ownsSandbox;
    private readonly EngineMetrics? _metrics;
    private readonly ConcurrentDictionary<string, Lazy<Task<(IReadOnlyList<CheckerCache.Entry> Entries, Evaluation.LlmCost Cost)>>> _inFlight = new();
    // Shared generations belong to the path, not to the caller that happened to start them: one caller giving up
    // must not cancel the work others wait on. They stop only when the path is disposed.
    private readonly CancellationTokenSource _disposing = new();

    /// <summary>
    /// A path over explicit parts. <paramref name="coderKey"/> identifies the coder model in the cache key
    /// (see <see cref="CoderKey"/>); <paramref name="ownsSandbox"/> makes disposal stop the sandbox too.
    /// </summary>
    public GeneratedCheckerPath(
        ITextGenerator coder, SandboxRunner sandbox, CheckerCache cache, string coderKey, ConstraintOptions options,
        float temperature = 0, uint seed = 42, TextWriter? log = null, bool ownsSandbox = false, EngineMetrics? metrics = null)
    {
        _metrics = metrics;
        _coder = coder;
        _sandbox = sandbox;
        _cache = cache;
        // Truthy results keep checkers a bool-only run would have repaired or dropped: they are cached apart.
        _coderKey = options.CheckerResults == CheckerResults.Truthy ? coderKey + "|truthy" : coderKey;
        _options = options;
        _temperature = temperature;
        _seed = seed;
        _log = log ?? TextWriter.Null;
        _ownsSandbox = ownsSandbox;
    }

    /// <summary>
    /// The path for an agent, or null where it cannot be used: LLM fallback off, no coder in the profile, or
    /// no isolation here while <c>sandbox.allowUnsandboxed</c> is off (the reason goes to the log).
    /// </summary>
    public static GeneratedCheckerPath? Create(AgentContext context)
    {
        var config = context.Config;
        if (!config.Constraints.Enabled || !config.Constraints.LlmFallback) return null;
        var coder = context.Coder;
        if (coder is null) return null;
        var sandbox = SandboxRunner.Create(config.Sandbox, context.Log);
        if (sandbox.ProbeIsolation() is { } problem && !config.Sandbox.AllowUnsandboxed)
        {
            context.Log.WriteLine($"constraints: generated checkers disabled: {problem}; set sandbox.allowUnsandboxed to run them without isolation");
            sandbox.Dispose();
            return null;
        }
        var cachePath = config.Resolve(config.Constraints.CachePath) ?? Path.Combine(context.WorkDirectory, "checkers.db");
        var path = new GeneratedCheckerPath(coder, sandbox, new CheckerCache(cachePath), CoderKey(config.Resolve(LlmEndpoint.Of(config, LlmRole.Coder).Path), coder),
            config.Constraints, config.Llm.Temperature, unchecked((uint)context.Seed), context.Log, ownsSandbox: true, context.Metrics);
        return context.Own(path);
    }

    /// <summary>
    /// The coder's identity for the cache: a fingerprint of the model file (size, first and last MiB: cheap on
    /// multi-GB GGUFs, and any re-quantisation changes it) or, for remote models, the model id.
    /// </summary>
    public static string CoderKey(string? modelFile, ITextGenerator coder)
    {
        if (modelFile is null || !File.Exists(modelFile)) return "model:" + coder.ModelId;
        using var f = File.OpenRead(modelFile);
        const int Chunk = 1 << 20;
        var buffer = new byte[Math.Min(f.Length, 2L * Chunk) + 8];
        BitConverter.TryWriteBytes(buffer.AsSpan(0, 8), f.Length);
        int n = f.ReadAtLeast(buffer.AsSpan(8, (int)Math.Min(f.Length, Chunk)), (int)Math.Min(f.Length, Chunk));
        if (f.Length > Chunk)
        {
            f.Seek(-Math.Min(f.Length - Chunk, Chunk), SeekOrigin.End);
            n += f.ReadAtLeast(buffer.AsSpan(8 + n), (int)Math.Min(f.Length - Chunk, Chunk));
        }
        return "file:" + Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, 8 + n)))[..32];
    }

    public async Task<PreparedCheckers> PrepareAsync(string instruction, IReadOnlyList<string> covered, CancellationToken cancellationToken)
    {
        if (_cache.TryGet(instruction, covered, _coderKey, CheckerPrompts.Version) is { } cached)
        {
            _metrics?.CheckerCacheHits.Add(1);
            return new([.. cached.Select(e => new GeneratedChecker(e.Description, e.Code, FromCache: true))], Evaluation.LlmCost.Zero);
        }
        // Pairs, best-of-n candidates and concurrent requests of one instruction arrive together: one generation
        // serves them all. It runs on the path's token; each caller only stops waiting when its own is cancelled.
        var key = instruction + "\0" + string.Join("\0", covered);
        var started = false;
        var lazy = _inFlight.GetOrAdd(key, _ => new(() =>
        {
            started = true;
            // Its LLM cost is returned to the caller that started it, as the work it caused; only its cancellation is not shared.
            var task = GenerateAndStoreAsync(instruction, covered, _disposing.Token);
            // Stored (or failed): later calls read the cache, or try again.
            task.ContinueWith(_ => _inFlight.TryRemove(key, out var _), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return task;
        }));
        var generation = lazy.Value;
        if (started) _metrics?.CheckerCacheMisses.Add(1);
        else _metrics?.CheckerGenerationsShared.Add(1);
        var (entries, cost) = await generation.WaitAsync(cancellationToken);
        return new([.. entries.Select(e => new GeneratedChecker(e.Description, e.Code, FromCache: false))], started ? cost : Evaluation.LlmCost.Zero);
    }

    public async Task<IReadOnlyList<IReadOnlyList<bool?>>> RunAsync(IReadOnlyList<GeneratedChecker> checkers, IReadOnlyList<string> answers, CancellationToken cancellationToken)
    {
        if (checkers.Count == 0) return [];
        var outcomes = await _sandbox.RunAsync(checkers.Select(c => Runnable(c.Code)).ToList(), answers, cancellationToken);
        _metrics?.SandboxChecks.Add((long)checkers.Count * answers.Count);
        return outcomes.Select(row => (IReadOnlyList<bool?>)row.Select(o => o.Passed).ToList()).ToList();
    }

    private async Task<(IReadOnlyList<CheckerCache.Entry> Entries, Evaluation.LlmCost Cost)> GenerateAndStoreAsync(string instruction, IReadOnlyList<string> covered, CancellationToken cancellationToken)
    {
        var (listed, cost) = await ListAsync(instruction, covered, cancellationToken);
        var verdicts = await Task.WhenAll(listed.Select(d => IsVerifiableAsync(instruction, d, cancellationToken)));
        var verifiable = listed.Where((_, i) => verdicts[i].Verifiable).ToList();
        var built = await Task.WhenAll(verifiable.Select(d => BuildAsync(instruction, d, cancellationToken)));
        var entries = built.Select(b => b.Entry).OfType<CheckerCache.Entry>().ToList();
        cost += Evaluation.LlmCost.Sum(verdicts.Select(v => v.Cost)) + Evaluation.LlmCost.Sum(built.Select(b => b.Cost));
        // Another process may have stored this instruction's checkers first: use those, as every later run will.
        return (_cache.Store(instruction, covered, _coderKey, CheckerPrompts.Version, entries), cost);
    }

    private async Task<(IReadOnlyList<string> Listed, Evaluation.LlmCost Cost)> ListAsync(string instruction, IReadOnlyList<string> covered, CancellationToken cancellationToken)
    {
        var max = Math.Max(1, _options.MaxCheckers);
        var grammar = Grammars.StringList(max, 160);
        var generated = await GenerateAsync(f => CheckerPrompts.List(PromptText.Cut(instruction, f), covered, max), grammar,
            Grammars.MaxTokens(grammar), CheckerPrompts.ListKind, cancellationToken);
        var parsed = StructuredOutput.ParseStringList(generated.Text);
        var items = parsed ?? [];
        var seen = new HashSet<string>(covered.Select(Normalize));
        var result = new List<string>();
        foreach (var item in items)
        {
            var norm = Normalize(item);
            if (norm is CheckerPrompts.NoneItem or "") continue;
            if (seen.Add(norm)) result.Add(item);
            if (result.Count == max) break;
        }
        return (result, generated.Cost(parsed is not null));
    }

    private async Task<(bool Verifiable, Evaluation.LlmCost Cost)> IsVerifiableAsync(string instruction, string requirement, CancellationToken cancellationToken)
    {
        var generated = await GenerateAsync(f => CheckerPrompts.Verifiable(PromptText.Cut(instruction, f), requirement), Grammars.YesNo,
            Grammars.MaxTokens(Grammars.YesNo), CheckerPrompts.VerifiableKind, cancellationToken);
        var answer = StructuredOutput.ParseYesNo(generated.Text);
        return (answer == true, generated.Cost(answer is not null));
    }

    /// <summary>Writes, test-runs and repairs one checker; null when it still fails after the last repair; and what the attempts cost.</summary>
    private async Task<(CheckerCache.Entry? Entry, Evaluation.LlmCost Cost)> BuildAsync(string instruction, string requirement, CancellationToken cancellationToken)
    {
        var cost = Evaluation.LlmCost.Zero;
        var grammar = Grammars.PythonCheckFunction();
        var history = new List<ChatMessage>(); // earlier attempts and the errors they gave
        IReadOnlyList<ChatMessage> Prompt(double f) =>
            [.. CheckerPrompts.Code(PromptText.Cut(instruction, f), requirement), .. history.Select(m => m with { Content = PromptText.Cut(m.Content, f) })];
        string? lastError = null;
        for (int attempt = 0; attempt <= Math.Max(0, _options.RepairRounds); attempt++)
        {
            var generated = await GenerateAsync(Prompt, grammar, 1024, CheckerPrompts.CodeKind, cancellationToken);
            var text = generated.Text;
            var code = StructuredOutput.ParsePythonCheckFunction(text);
            cost += generated.Cost(code is not null);
            if (code is null) lastError = "the answer does not start with def check_following(response):";
            else
            {
                var run = await _sandbox.RunOneAsync(Runnable(code), CheckerPrompts.TestResponse, cancellationToken);
                if (run.Passed is not null) return (new CheckerCache.Entry(requirement, code), cost);
                lastError = run.Error ?? "no verdict";
            }
            history.Add(ChatMessage.Assistant(text));
            history.Add(CheckerPrompts.Repair(lastError));
        }
        _log.WriteLine($"constraints: dropped generated checker for '{requirement}': {lastError}");
        return (null, cost);
    }

    /// <param name="prompt">The messages with the instruction (and earlier attempts) cut to a fraction of their length.</param>
    private Task<GenerationResult> GenerateAsync(Func<double, IReadOnlyList<ChatMessage>> prompt, string grammar, int maxTokens, string kind, CancellationToken cancellationToken) =>
        _coder.GenerateAsync(GenerationRequest.Fitted(prompt) with
        {
            Grammar = grammar,
            MaxTokens = maxTokens,
            Temperature = _temperature,
            Seed = _seed,
            PromptKind = kind,
        }, cancellationToken);

    private string Runnable(string code) => _options.CheckerResults == CheckerResults.Truthy ? TruthyChecker.Wrap(code) : code;

    private static string Normalize(string s) => string.Join(' ', s.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');

    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested) return;
        _disposing.Cancel();
        if (_ownsSandbox) await _sandbox.DisposeAsync();
    }
}
