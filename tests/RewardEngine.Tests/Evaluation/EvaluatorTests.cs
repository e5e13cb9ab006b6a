using System.Text.Json;
using RewardEngine.Agent;
using RewardEngine.Agent.Judgers;
using RewardEngine.Agent.Routers;
using RewardEngine.Configuration;
using RewardEngine.Evaluation;

namespace RewardEngine.Tests.Evaluation;

public class EvaluatorTests
{
    /// <summary>
    /// A verifier for exercising the evaluator: prefers the shorter answer, ties on equal length, and counts calls.
    /// </summary>
    private sealed class ShorterAnswerVerifier : IVerifier
    {
        public int Calls;
        public string Name => "shorter";
        public SignalKind Kind => SignalKind.Constraint;
        public ValueTask<bool> AppliesToAsync(RewardQuery query, CancellationToken ct) => ValueTask.FromResult(true);
        public Task<SignalResult> ScoreAsync(RewardQuery query, CancellationToken ct)
        {
            Interlocked.Increment(ref Calls);
            var min = query.Answers.Min(a => a.Length);
            return Task.FromResult(new SignalResult(Name, Kind, query.Answers.Select(a => a.Length == min ? 1.0 : 0.0).ToList(), "shortest wins"));
        }
    }

    private static string WriteDataset(int n)
    {
        // Pairs 0 mod 3: chosen shorter (correct); 1 mod 3: rejected shorter (wrong); 2 mod 3: equal length (tie).
        var items = Enumerable.Range(0, n).Select(i => new
        {
            id = $"p{i}",
            domain = i % 2 == 0 ? "even" : "odd",
            text_chosen = new[] { new { role = "user", content = $"q{i}" }, new { role = "assistant", content = (i % 3) switch { 0 => "ok", 1 => "much longer", _ => "same" } } },
            text_rejected = new[] { new { role = "user", content = $"q{i}" }, new { role = "assistant", content = (i % 3) switch { 0 => "longer", 1 => "no", _ => "mess" } } },
        });
        var f = Path.Combine(TestPaths.NewTempDirectory(), "pairs.json");
        File.WriteAllText(f, JsonSerializer.Serialize(items));
        return f;
    }

    private static (EvalReport Report, ShorterAnswerVerifier Verifier) Run(string data, string outDir, TiePolicy ties = TiePolicy.Half,
        OrderMode order = OrderMode.Random, int? limit = null, int threads = 2, int seed = 42, EngineConfig? config = null, bool overwrite = false)
    {
        var verifier = new ShorterAnswerVerifier();
        var options = new EvalOptions { Datasets = [data], OutputDirectory = outDir, Ties = ties, Order = order, Limit = limit, Threads = threads, Seed = seed, Overwrite = overwrite };
        var report = new PairwiseEvaluator(config ?? new EngineConfig(), options, TextWriter.Null, null,
            _ => new RewardAgent(new DeterministicRouter(), [verifier], new WeightedSumJudger(new SignalWeights(WeightedSumJudger.DefaultWeights, null))))
            .RunAsync(default).GetAwaiter().GetResult();
        return (report, verifier);
    }

    [Fact]
    public void Ties_count_half_or_nothing()
    {
        var data = WriteDataset(30); // 10 correct, 10 wrong, 10 ties
        var half = Run(data, TestPaths.NewTempDirectory()).Report;
        var strict = Run(data, TestPaths.NewTempDirectory(), TiePolicy.Strict).Report;
        Assert.Equal(15.0 / 30, half.Overall, 9);
        Assert.Equal(10.0 / 30, strict.Overall, 9);
        Assert.Equal(10, half.Summary.Ties);
        Assert.Equal(30 * 2, half.Summary.AnswersScored["shorter"]);
    }

    [Fact]
    public void Subsets_and_outputs_are_written()
    {
        var data = WriteDataset(12);
        var dir = TestPaths.NewTempDirectory();
        var r = Run(data, dir).Report;
        Assert.Equal(["even", "odd"], r.Subsets.Select(s => s.Subset));
        Assert.Equal(12, r.Subsets.Sum(s => s.Total));
        using var grouped = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results_grouped.json")));
        Assert.Equal(r.Overall, grouped.RootElement.GetProperty("overall").GetDouble(), 6);
        Assert.True(grouped.RootElement.TryGetProperty("even", out _));
        var lines = File.ReadAllLines(Path.Combine(dir, "scores.jsonl"));
        Assert.Equal(12, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var game = first.RootElement.GetProperty("games")[0];
        Assert.Equal("shorter", game.GetProperty("signals")[0].GetProperty("name").GetString());
        Assert.Equal(2, game.GetProperty("signals")[0].GetProperty("scores").GetArrayLength());
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json")));
        Assert.Equal(64, run.RootElement.GetProperty("datasets")[0].GetProperty("sha256").GetString()!.Length);
    }

    [Fact]
    public void The_ab_order_is_seeded_balanced_and_independent_of_threads()
    {
        var a = Enumerable.Range(0, 2000).Select(i => PairwiseEvaluator.ChosenFirst(42, i)).ToList();
        var b = Enumerable.Range(0, 2000).Select(i => PairwiseEvaluator.ChosenFirst(7, i)).ToList();
        Assert.InRange(a.Count(x => x), 900, 1100);
        Assert.NotEqual(a, b);
        var data = WriteDataset(40);
        var d1 = TestPaths.NewTempDirectory();
        var d2 = TestPaths.NewTempDirectory();
        Run(data, d1, threads: 1);
        Run(data, d2, threads: 8);
        Assert.Equal(File.ReadAllText(Path.Combine(d1, "scores.jsonl")), File.ReadAllText(Path.Combine(d2, "scores.jsonl")));
        var orders = File.ReadAllLines(Path.Combine(d1, "scores.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("games")[0].GetProperty("order").GetString()).ToList();
        Assert.Contains(GameRecord.ChosenFirst, orders);
        Assert.Contains(GameRecord.RejectedFirst, orders);
    }

    [Fact]
    public void Both_orders_play_two_games_and_report_flips()
    {
        var data = WriteDataset(9);
        var r = Run(data, TestPaths.NewTempDirectory(), order: OrderMode.Both);
        Assert.Equal(18, r.Verifier.Calls);
        Assert.Equal(0.0, r.Report.Summary.FlipShare); // an order-blind verifier never flips
        Assert.Equal(4.5 / 9, r.Report.Overall, 9);
        // JudgeBench's rule: only the 3 pairs both orders got right count; the 3 tied in both orders do not.
        Assert.Equal(3.0 / 9, r.Report.Summary.JudgeBench!["overall"], 9);
        Assert.Null(Run(data, TestPaths.NewTempDirectory()).Report.Summary.JudgeBench);
    }

    [Fact]
    public void A_partial_run_resumes_to_the_results_of_an_uninterrupted_one()
    {
        var data = WriteDataset(30);
        var full = TestPaths.NewTempDirectory();
        Run(data, full);

        var resumed = TestPaths.NewTempDirectory();
        var first = Run(data, resumed, limit: 11); // stands in for a run stopped after 11 pairs
        Assert.Equal(11, first.Verifier.Calls);
        var second = Run(data, resumed);
        Assert.Equal(19, second.Verifier.Calls); // only the rest is evaluated
        Assert.Equal(11, second.Report.Summary.Resumed);
        foreach (var f in new[] { "results_grouped.json", "scores.jsonl" })
            Assert.Equal(File.ReadAllText(Path.Combine(full, f)), File.ReadAllText(Path.Combine(resumed, f)));

        var again = Run(data, resumed);
        Assert.Equal(0, again.Verifier.Calls);
    }

    [Fact]
    public void Another_config_or_other_data_is_refused_unless_overwrite_then_starts_fresh()
    {
        var data = WriteDataset(10);
        var dir = TestPaths.NewTempDirectory();
        Run(data, dir);
        var before = File.ReadAllText(Path.Combine(dir, "scores.jsonl"));
        var refused = Assert.Throws<RewardEngine.Diagnostics.OutputFolderInUseException>(() =>
            Run(data, dir, config: new EngineConfig { Judger = new JudgerOptions { Kind = JudgerKind.MajorVote } }));
        Assert.Equal("RWD211", refused.Code);
        Assert.Contains("--overwrite", refused.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "scores.jsonl")));
        var otherConfig = Run(data, dir, config: new EngineConfig { Judger = new JudgerOptions { Kind = JudgerKind.MajorVote } }, overwrite: true);
        Assert.Equal(10, otherConfig.Verifier.Calls);
        var otherSeed = Run(data, dir, seed: 7, overwrite: true);
        Assert.Equal(10, otherSeed.Verifier.Calls);
        Assert.Equal(0, Run(data, dir, seed: 7).Verifier.Calls); // same arguments again: nothing to do, nothing refused
        var otherData = Run(WriteDataset(11), dir, seed: 7, overwrite: true);
        Assert.Equal(11, otherData.Verifier.Calls);
    }

    [Fact]
    public async Task Limit_applies_per_file_and_keeps_every_file()
    {
        var a = WriteDataset(12);
        var b = WriteDataset(9);
        var dir = TestPaths.NewTempDirectory();
        var verifier = new ShorterAnswerVerifier();
        var options = new EvalOptions { Datasets = [a, b], OutputDirectory = dir, Limit = 4, Threads = 2 };
        var report = await new PairwiseEvaluator(new EngineConfig(), options, TextWriter.Null, null,
            _ => new RewardAgent(new DeterministicRouter(), [verifier], new WeightedSumJudger(new SignalWeights(WeightedSumJudger.DefaultWeights, null))))
            .RunAsync(default);
        Assert.Equal(8, report.Summary.Pairs);
        // Indices stay those of the whole files: the second file's first pair is index 12, not 4.
        var indices = File.ReadAllLines(Path.Combine(dir, "scores.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("index").GetInt32()).ToList();
        Assert.Equal([0, 1, 2, 3, 12, 13, 14, 15], indices);
    }

    [Fact]
    public async Task A_run_where_no_signal_applied_says_so()
    {
        var data = WriteDataset(6);
        var log = new StringWriter();
        var options = new EvalOptions { Datasets = [data], OutputDirectory = TestPaths.NewTempDirectory(), Threads = 2 };
        var report = await new PairwiseEvaluator(new EngineConfig(), options, log, null,
            _ => new RewardAgent(new DeterministicRouter(), [], new WeightedSumJudger(new SignalWeights(WeightedSumJudger.DefaultWeights, null))))
            .RunAsync(default);
        Assert.Equal(6, report.Summary.NoSignalPairs);
        Assert.Contains("no verifier applied to 6 of 6 pairs: the accuracy is the tie rate, not a measurement", log.ToString());
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(options.OutputDirectory, "run.json")));
        Assert.Equal(6, run.RootElement.GetProperty("summary").GetProperty("noSignalPairs").GetInt32());
    }
}
