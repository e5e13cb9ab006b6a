using System.Diagnostics;
using System.Text.Json.Nodes;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>
/// <c>reward bon</c>: for every prompt and every n, each selection rule picks one of the first n responses. A job on
/// the <see cref="JobRunner"/> (<see cref="BestOfNPromptJob"/>: one item per prompt, its record the prompt's
/// per-response signals and every pick), so it resumes after a kill, runs in shards that <c>reward merge</c> joins,
/// and writes its files as one set (<see cref="BestOfNOutputs"/>).
/// <para>
/// Two stores, two lifetimes. <c>run.db</c> is the run's: keyed on everything that decides a pick (config, n values,
/// rules, seed, input), it holds what this run decided. <c>signals.db</c> (<see cref="SignalCache"/>) is the folder's:
/// keyed per (config, prompt, response) and per LLM game, it outlives runs. Another n is another run key, so it
/// replaces the run in run.db (the picks change) while every signal and game computed before is reused from
/// signals.db: <c>--n 2,4,8,16</c> after <c>--n 2,4,8</c> computes responses 9-16 only. Replacing a best-of-n run
/// therefore loses no computation, and is not refused as <c>reward eval</c> refuses it (RWD211).
/// </para>
/// </summary>
public sealed class BestOfNJob(EngineConfig config, BestOfNOptions options, TextWriter log, ProgressReporter progress)
{
    public const string SelectionsFile = "selections.jsonl", AccuracyFile = "accuracy.json", PlotName = "best_of_n", SignalsFile = "signals.db";

    public static string ResultsFile(int n) => $"results_best_of_{n}.jsonl";

    public async Task<BestOfNReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        config.Validate();
        var rows = ResponseRow.Read(options.Input, cancellationToken);
        var maxN = options.Ns.Max();
        for (int p = 0; p < rows.Count; p++)
            if (rows[p].Responses.Count < maxN)
                throw new DatasetException(options.Input, p + 1, "responses", $"has {rows[p].Responses.Count} responses; --n asks for {maxN}", "line");
        var folder = Path.GetFullPath(options.OutputDirectory);
        var inputHash = FileHashes.Sha256(options.Input);
        var key = new RunKeyParts(config.ToJson(), Settings(options), options.Seed, [inputHash], [.. ResultWriter.ModelFiles(config)]);
        await using var job = new BestOfNPromptJob(config, options, folder, log);
        BestOfNReport? report = null;
        var run = await JobRunner.RunAsync(job, rows.Select((r, i) => new JobItem<ResponseRow>(i, r)).ToList(), key,
            new JobRunOptions
            {
                OutputDirectory = folder, Threads = options.Threads, Shard = options.Shard, Log = log, Progress = progress,
                // What run.db holds is cheap to rebuild from signals.db (see above): another run there is replaced, not refused.
                Overwrite = true,
            },
            (run, set) => report = BestOfNOutputs.Add(set, rows, run.Records, options, Describe(run, rows.Count, inputHash),
                new BestOfNOutputs.Work(job.SignalCounts, job.GamesPlayed, run.Resumed, clock.Elapsed.TotalSeconds), log),
            cancellationToken);
        log.WriteLine($"bon: per-response signals: {report!.SignalsComputed} computed, {report.SignalsReused} reused");
        return report;
    }

    /// <summary>The settings that decide a pick, in the run key.</summary>
    private static IReadOnlyList<string> Settings(BestOfNOptions o) =>
        ["bon-v1", "n=" + string.Join(",", o.Ns), "selectors=" + string.Join(",", o.Selectors), "agent=" + o.Agent, $"games={o.Games}", $"gameScoring={o.GameScoring}"];

    /// <summary>run.json's description of the run: what a merge of its shards reads back (<see cref="BestOfNShardMerge"/>).</summary>
    private JsonObject Describe(JobRun<BestOfNRecord> run, int prompts, string inputHash)
    {
        var description = PromptRunDescription.Of(BestOfNShardMerge.Kind, run.RunKey, config, options.Input, inputHash, prompts, run.Models, options.Seed, options.Shard);
        description["n"] = new JsonArray(options.Ns.Select(n => (JsonNode)n).ToArray());
        description["selectors"] = new JsonArray(options.Selectors.Select(s => (JsonNode)s).ToArray());
        description["agent"] = options.Agent;
        description["games"] = options.Games;
        description["gameScoring"] = options.GameScoring.ToString();
        return description;
    }
}
