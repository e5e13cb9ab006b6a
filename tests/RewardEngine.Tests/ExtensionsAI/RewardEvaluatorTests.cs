using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Extensions.AI.Evaluation;
using RewardEngine.Models.Llm;
using RewardEngine.Tests.Commands;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace RewardEngine.Tests.ExtensionsAI;

/// <summary>
/// The reward agent as an IEvaluator, on the tiny profile's real models: the same per-signal scores as
/// <c>reward eval</c> gives for the same pair, the LLM roles on an IChatClient, and the evaluator from DI.
/// </summary>
public class RewardEvaluatorTests
{
    // The CLI runs beside the evaluator on a shared machine: room for a slow run, not a hang.
    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(10);

    // A constraints pair, a factual pair and a chat pair from the sample data: every signal of the tiny profile.
    private static (string File, IReadOnlyList<Pair> Pairs) SamplePairs(string dir)
    {
        var all = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "data", "sample.json")))!.AsArray();
        var picked = new JsonArray(all.GroupBy(p => p!["domain"]!.GetValue<string>()).Take(3).Select(g => g.First()!.DeepClone()).ToArray());
        var file = Path.Combine(dir, "pairs.json");
        File.WriteAllText(file, picked.ToJsonString());
        return (file, DatasetLoader.Load(file).Pairs);
    }

    private static async Task<string> TinyConfigAsync(string dir)
    {
        var models = Path.Combine(dir, "tiny");
        var made = await RewardCli.RunAsync(["models", "make-tiny", "--out", models], CliTimeout);
        Assert.True(made.ExitCode == 0, made.StdErr);
        return Path.Combine(models, "tiny.json");
    }

    private static IEnumerable<AiChatMessage> Messages(Pair pair) => pair.Prompt.Select(m => new AiChatMessage(new ChatRole(m.Role), m.Content));

    private static Task<EvaluationResult> EvaluateAsync(IEvaluator evaluator, Pair pair, string answer, string rival) =>
        evaluator.EvaluateAsync(Messages(pair), new ChatResponse(new AiChatMessage(ChatRole.Assistant, answer)),
            additionalContext: [new RivalAnswersContext(rival)]).AsTask();

    private static double Value(EvaluationResult result, string name) => Assert.IsType<NumericMetric>(result.Metrics[name]).Value!.Value;

    [Fact]
    public async Task Scores_each_signal_as_reward_eval_does_for_the_same_pair()
    {
        var dir = TestPaths.NewTempDirectory("meai");
        var config = await TinyConfigAsync(dir);
        var (file, pairs) = SamplePairs(dir);
        var o = Path.Combine(dir, "eval");
        var eval = await RewardCli.RunAsync(["eval", "--profile", "tiny", "--config", config, "--dataset", file, "--out", o, "--order", "both"], CliTimeout);
        Assert.True(eval.ExitCode == 0, eval.StdErr + eval.StdOut);

        await using var evaluator = new RewardEvaluator(EngineConfig.Load(config), workDirectory: Path.Combine(dir, "work"));
        var compared = new HashSet<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(o, "scores.jsonl")))
        {
            var record = JsonDocument.Parse(line).RootElement;
            var pair = pairs.Single(p => p.Id == record.GetProperty("id").GetString());
            foreach (var game in record.GetProperty("games").EnumerateArray())
            {
                var chosenFirst = game.GetProperty("order").GetString() == "chosen_first";
                var result = chosenFirst
                    ? await EvaluateAsync(evaluator, pair, pair.Chosen, pair.Rejected)
                    : await EvaluateAsync(evaluator, pair, pair.Rejected, pair.Chosen);
                foreach (var signal in game.GetProperty("signals").EnumerateArray())
                {
                    var name = signal.GetProperty("name").GetString()!;
                    Assert.Equal(signal.GetProperty("scores")[0].GetDouble(), Value(result, name), 12);
                    compared.Add(name);
                }
                Assert.Equal(game.GetProperty("judgeScores")[0].GetDouble(), Value(result, RewardMetricNames.Reward), 12);
                Assert.DoesNotContain(result.Metrics.Values, m => m.Diagnostics?.Any(d => d.Severity == EvaluationDiagnosticSeverity.Error) == true);
            }
        }
        Assert.Superset(new HashSet<string> { "preference", "constraints", "factuality" }, compared);
    }

    [Fact]
    public async Task Runs_the_llm_roles_on_a_chat_client_registered_with_AddRewardEngine()
    {
        var dir = TestPaths.NewTempDirectory("meai");
        var configFile = await TinyConfigAsync(dir);
        var config = EngineConfig.Load(configFile);
        var (_, pairs) = SamplePairs(dir);
        var factual = pairs.Single(p => p.Subset == "factual" || p.Id.StartsWith("fact", StringComparison.Ordinal));

        // The built-in LlamaSharp backend on the config's model: what the chat client's answers must equal.
        EvaluationResult expected;
        await using (var direct = new RewardEvaluator(config, workDirectory: Path.Combine(dir, "w1")))
            expected = await EvaluateAsync(direct, factual, factual.Chosen, factual.Rejected);

        await using var backends = new LlmBackendSet(config, TextWriter.Null);
        using var client = new GeneratorChatClient(backends.Create(LlmRole.Planner)!);
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(client);
        services.AddRewardEngine(new ConfigurationBuilder().AddJsonFile(configFile).Build(), o =>
        {
            o.BaseDirectory = Path.GetDirectoryName(configFile);
            o.WorkDirectory = Path.Combine(dir, "w2");
        });
        await using var provider = services.BuildServiceProvider();
        var evaluator = provider.GetRequiredService<IEvaluator>();
        Assert.IsType<RewardEvaluator>(evaluator);
        var actual = await EvaluateAsync(evaluator, factual, factual.Chosen, factual.Rejected);

        Assert.NotEmpty(client.Requests);
        Assert.Contains(client.Requests, r => r?.AdditionalProperties?.ContainsKey("rewardengine.grammar") == true && r.Seed is not null);
        Assert.Contains("factuality", actual.Metrics.Keys);
        Assert.Equal(expected.Metrics.Keys.Order(), actual.Metrics.Keys.Order());
        foreach (var (name, metric) in expected.Metrics)
        {
            if (metric is NumericMetric n) Assert.Equal(n.Value, Assert.IsType<NumericMetric>(actual.Metrics[name]).Value);
            if (metric is BooleanMetric b) Assert.Equal(b.Value, Assert.IsType<BooleanMetric>(actual.Metrics[name]).Value);
        }
    }

    [Fact]
    public async Task AddRewardEngine_binds_the_json_config_keys_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RewardEngine:Profile"] = "verifiers-only",
            ["RewardEngine:seed"] = "7",
            ["RewardEngine:constraints:scoring"] = "binary",
            ["RewardEngine:judger:weights:constraints"] = "2",
        }).Build();
        var services = new ServiceCollection().AddRewardEngine(configuration.GetSection("RewardEngine"), o => o.WorkDirectory = TestPaths.NewTempDirectory("meai"));
        await using var provider = services.BuildServiceProvider();
        var evaluator = provider.GetRequiredService<IEvaluator>();

        // Two constraints, one met: binary scoring gives 0.5 (graded would give partial credit for 5 words of 3).
        var result = await evaluator.EvaluateAsync(
            [new AiChatMessage(ChatRole.User, "Answer in at most 3 words. Your entire response should be in lowercase letters.")],
            new ChatResponse(new AiChatMessage(ChatRole.Assistant, "the rain falls down softly")));
        Assert.Equal(0.5, Value(result, RewardMetricNames.Constraints));
        Assert.Equal(2 * 0.5, Value(result, RewardMetricNames.Reward));
        var constraints = result.Metrics.Values.OfType<BooleanMetric>().Where(m => m.Name.StartsWith(RewardMetricNames.ConstraintPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, constraints.Count);
        Assert.Single(constraints, m => m.Value == true && m.Interpretation!.Failed == false);
        Assert.Single(constraints, m => m.Value == false && m.Interpretation!.Failed);
        Assert.True(result.Metrics[RewardMetricNames.Constraints].Interpretation!.Failed);

        // It composes with other evaluators.
        var composite = new CompositeEvaluator(evaluator);
        var again = await composite.EvaluateAsync([new AiChatMessage(ChatRole.User, "Answer in at most 3 words.")], new ChatResponse(new AiChatMessage(ChatRole.Assistant, "rain")));
        Assert.Equal(1.0, Value(again, RewardMetricNames.Constraints));
    }

    [Fact]
    public void A_configuration_section_reads_as_the_same_config_file_would()
    {
        var dir = TestPaths.NewTempDirectory("meai");
        var file = Path.Combine(dir, "c.json");
        File.WriteAllText(file, """
            { "profile": "full", "seed": 3, "router": "llm",
              "judger": { "kind": "major_vote", "weights": { "preference": 0.5, "factuality": 2 } },
              "llm": { "planner": "m.gguf", "contextSize": 2048, "kvUnified": true, "openAi": { "apiKey": "1234" } },
              "constraints": { "scoring": "binary", "llmFallback": false } }
            """);
        var fromFile = EngineConfig.Load(file);
        var fromSection = EngineConfigSection.Read(new ConfigurationBuilder().AddJsonFile(file).Build(), dir);
        // Configuration lists a map's keys in its own order: the weights are compared as a map, the rest as written.
        Assert.Equal(fromFile.Judger.Weights!.OrderBy(w => w.Key), fromSection.Judger.Weights!.OrderBy(w => w.Key));
        static string WithoutWeights(EngineConfig c) => (c with { Judger = c.Judger with { Weights = null } }).ToJson();
        Assert.Equal(WithoutWeights(fromFile), WithoutWeights(fromSection));
        Assert.Equal("1234", fromSection.Llm.OpenAi.ApiKey);
        Assert.True(fromSection.Llm.KvUnified);
        Assert.Equal(fromFile.Resolve("m.gguf"), fromSection.Resolve("m.gguf"));

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["R:judger:kind"] = "loudest", ["R:llm:contextSize"] = "big" }).Build();
        var e = Assert.Throws<RewardEngine.Diagnostics.ConfigException>(() => EngineConfigSection.Read(bad.GetSection("R")));
        Assert.Contains("configuration section 'R'", e.Message);
    }
}
