using System.Diagnostics;
using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Models.Llm;
using RewardEngine.Storage;

namespace RewardEngine.Evaluation;

/// <summary>
/// Pairwise accuracy of the reward agent on preference data: each pair is shown as A/B in a seeded order
/// (or both orders), judged, committed to the run store, and summarised per subset.
/// </summary>
public sealed class PairwiseEvaluator(EngineConfig config, EvalOptions options, TextWriter log, ProgressReporter? progress = null,
    Func<AgentContext, RewardAgent>? agentFactory = null)
{
    public async Task<EvalReport> RunAsync(CancellationToken cancellationToken)
    {
        config.Validate();
        // Files as given, or NAME[:SUBSET] benchmarks from the data directory (reward data fetch).
        var datasets = DatasetLoader.LoadAll(Data.Catalog.DatasetResolver.Files(options.Datasets, DataKind.Pairwise), cancellationToken);
        foreach (var w in datasets.SelectMany(d => d.Warnings)) log.WriteLine("warning: " + w);
        var pairs = datasets.SelectMany(d => d.Pairs.Select(p => (Pair: p, d.File))).ToList();
        if (options.Limit is { } limit) pairs = pairs.Take(limit).ToList();
        log.WriteLine($"loaded {pairs.Count} pair(s) from {datasets.Count} file(s); profile {ConfigNames.Of(config.Profile)}, judger {ConfigNames.Of(config.Judger.Kind)}, router {ConfigNames.Of(config.Router)}, order {options.Order.ToString().ToLowerInvariant()}, seed {options.Seed}");

        // Held for the whole run: a second process on this folder is refused instead of taking over its store.
        using var folderLock = ExclusiveLock.ForFolder(options.OutputDirectory);
        var configJson = config.ToJson();
        using var store = RunStore.Open(Path.Combine(options.OutputDirectory, "run.db"));
        // The run is keyed on config, data and model contents: change any and a fresh run starts.
        var models = ModelFiles().Select(m => (m.Key, m.Path, Sha: store.HashFile(m.Path))).ToList();
        var runKey = FileHashes.Sha256OfText(string.Join("\n",
            [configJson, options.Order.ToString(), $"seed={options.Seed}", .. datasets.Select(d => d.Sha256), .. models.Select(m => m.Key + "=" + m.Sha)]))[..16];
        var discarded = store.StartRun(runKey);
        if (discarded > 0)
            log.WriteLine($"output folder held {discarded} pair(s) of a run with another config or data: starting a fresh run");

        var done = new Dictionary<int, PairRecord>(store.Load(cancellationToken));
        var todo = Enumerable.Range(0, pairs.Count).Where(i => !done.ContainsKey(i)).ToList();
        int resumed = pairs.Count - todo.Count;
        if (resumed > 0) log.WriteLine($"resuming run {runKey}: {resumed}/{pairs.Count} pair(s) already done");

        var clock = Stopwatch.StartNew();
        if (todo.Count > 0)
        {
            await using var context = new AgentContext(config, options.OutputDirectory, log, options.Seed);
            var agent = (agentFactory ?? RewardAgent.Create)(context);
            int finished = resumed;
            progress?.Report(finished, pairs.Count);
            await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads), CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var (pair, file) = pairs[i];
                    var record = await EvaluatePairAsync(agent, pair, file, i, ct);
                    store.Save(record);
                    lock (done) done[i] = record;
                    progress?.Report(Interlocked.Increment(ref finished), pairs.Count);
                });
        }
        var elapsed = clock.Elapsed.TotalSeconds;

        var records = Enumerable.Range(0, pairs.Count).Select(i => done[i]).ToList();
        var report = Summarise(records, runKey, resumed, todo.Count / Math.Max(elapsed, 1e-6));
        ResultWriter.Write(options, config, report, records, datasets, models);
        SignalFailures.ThrowIfAnySignalFailedEveryPair(records);
        return report;
    }

    /// <summary>Whether the pair at <paramref name="index"/> is shown chosen-first: a pure function of seed and index.</summary>
    public static bool ChosenFirst(int seed, int index)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z & 1) == 0;
    }

    private async Task<PairRecord> EvaluatePairAsync(RewardAgent agent, Pair pair, string file, int index, CancellationToken ct)
    {
        var usage = LlmUsage.BeginScope();
        var orders = options.Order == OrderMode.Both
            ? new[] { true, false }
            : new[] { ChosenFirst(options.Seed, index) };
        var games = new List<GameRecord>();
        foreach (var chosenFirst in orders)
        {
            var answers = chosenFirst ? new[] { pair.Chosen, pair.Rejected } : new[] { pair.Rejected, pair.Chosen };
            var result = await agent.EvaluateAsync(new RewardQuery(pair.Prompt, answers), ct);
            var best = result.Judgment.Best;
            var verdict = best switch { 0 => "A", 1 => "B", _ => "tie" };
            var picked = best is null ? "tie" : (best == 0) == chosenFirst ? "chosen" : "rejected";
            games.Add(new GameRecord(
                chosenFirst ? GameRecord.ChosenFirst : GameRecord.RejectedFirst,
                result.Route.Rationale,
                result.Signals.Select(s => new SignalRecord(s.Name, s.Kind.ToString().ToLowerInvariant(), [.. s.Scores], s.Rationale, s.AnswerNotes)).ToList(),
                result.Errors,
                result.Judgment.Judger,
                [.. result.Judgment.Scores],
                verdict, picked, result.Judgment.Rationale));
        }
        return new PairRecord(index, pair.Id, pair.Subset, Path.GetFileName(file), pair.Record, games,
            new LlmCost(usage.Calls, usage.GeneratedTokens, usage.ParseFailures));
    }

    private EvalReport Summarise(List<PairRecord> records, string runKey, int resumed, double pairsPerSecond)
    {
        var subsets = records.GroupBy(r => r.Subset).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SubsetScore(g.Key, g.Sum(r => r.Result(options.Ties)), g.Count())).ToList();
        var overall = records.Count == 0 ? 0 : records.Sum(r => r.Result(options.Ties)) / records.Count;
        var games = records.SelectMany(r => r.Games).ToList();
        var answers = games.SelectMany(g => g.Signals).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => (long)g.Sum(s => s.Scores.Length));
        var errors = games.SelectMany(g => g.Errors).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => (long)g.Count());
        var summary = new EvalSummary
        {
            Pairs = records.Count,
            EvaluatedNow = records.Count - resumed,
            Resumed = resumed,
            PairsPerSecond = pairsPerSecond,
            AnswersScored = answers,
            Errors = errors,
            LlmCalls = records.Sum(r => r.Llm.Calls),
            GeneratedTokens = records.Sum(r => r.Llm.GeneratedTokens),
            LlmParseFailures = records.Sum(r => r.Llm.ParseFailures),
            Ties = games.Count(g => g.Picked == "tie"),
            FlipShare = options.Order == OrderMode.Both && records.Count > 0 ? (double)records.Count(r => r.Flipped) / records.Count : null,
        };
        return new EvalReport(subsets, overall, summary, runKey, options.OutputDirectory);
    }

    private IEnumerable<(string Key, string Path)> ModelFiles() =>
        config.RequiredPaths()
            .Where(p => !p.IsDirectory && config.Resolve(p.Path) is { } f && File.Exists(f))
            .Select(p => (p.Key, config.Resolve(p.Path)!))
            .DistinctBy(p => p.Item2);
}
