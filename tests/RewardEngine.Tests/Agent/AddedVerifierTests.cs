using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Agent;
using RewardEngine.Agent.Judgers;
using RewardEngine.Agent.Routers;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;
using RewardEngine.Tests.Llm;

namespace RewardEngine.Tests.Agent;

/// <summary>
/// A verifier added in the test project alone, as a user of the library would: one provider class, registered
/// through an open catalog (<see cref="VerifierCatalog.With"/>), nothing edited in the engine. Its options, weight
/// keys, router question and signal reach every place a built-in verifier's do.
/// </summary>
public sealed class AddedVerifierTests
{
    /// <summary>The brevity verifier's options: the config's <c>verifiers.brevity</c>.</summary>
    public sealed record BrevityOptions
    {
        public int MaxWords { get; init; } = 12;
    }

    /// <summary>1 for an answer of at most MaxWords words, else 0.</summary>
    private sealed class BrevityVerifier(BrevityOptions options) : IVerifier
    {
        public string Name => "brevity";
        public SignalKind Kind => BrevityProvider.BrevityKind;
        public ValueTask<bool> AppliesToAsync(RewardQuery query, CancellationToken ct) => ValueTask.FromResult(true);
        public Task<SignalResult> ScoreAsync(RewardQuery query, CancellationToken ct) =>
            Task.FromResult(new SignalResult(Name, Kind,
                query.Answers.Select(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= options.MaxWords ? 1.0 : 0.0).ToList(),
                $"at most {options.MaxWords} words"));
    }

    private sealed class BrevityProvider : IVerifierProvider
    {
        public static readonly SignalKind BrevityKind = new("brevity");
        public const string QuestionText = "the instruction asks for a short answer (a word limit, one sentence, briefly).";

        public string Name => "brevity";
        public SignalKind Kind => BrevityKind;
        public IReadOnlyList<string> WeightAliases => ["concise"];
        public SignalWeightDefaults DefaultWeights { get; } = new(2.0, 3.0);
        public RouterQuestion Question { get; } = new("brevity_check", QuestionText);
        public bool Pointwise => true;

        public object? ReadOptions(EngineConfig config, ICollection<string> problems)
        {
            var options = VerifierSection.Read<BrevityOptions>(config, Name, problems);
            ConfigRules.Range(problems, "verifiers.brevity.maxWords", options.MaxWords, 1, 1000);
            return options;
        }

        public IVerifier? Create(AgentContext context) =>
            new BrevityVerifier(VerifierCatalog.OptionsOf<BrevityOptions>(this, context.Config)!);
    }

    private static readonly VerifierCatalog Catalog = VerifierCatalog.Default.With(new BrevityProvider());

    private static string ConfigFile(string json)
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "config.json");
        File.WriteAllText(file, json);
        return file;
    }

    [Fact]
    public void Its_weight_keys_and_defaults_come_from_its_provider()
    {
        var file = ConfigFile("""{"judger": {"kind": "major_vote", "weights": {"concise": 0.5, "rm": 2}}}""");
        var config = EngineConfig.Load(file, catalog: Catalog);
        var weights = SignalWeights.For(config);
        Assert.Equal(0.5, weights[BrevityProvider.BrevityKind]);
        Assert.Equal(2.0, weights[SignalKind.Preference]);
        Assert.Equal(1.1, weights[SignalKind.Constraint]);
        Assert.Equal(2.0, SignalWeights.For(JudgerKind.WeightedSum, null, Catalog)[BrevityProvider.BrevityKind]);
        Assert.Equal(3.0, SignalWeights.For(JudgerKind.MajorVote, new Dictionary<string, double> { ["BREVITY"] = 3.0 }, Catalog)[BrevityProvider.BrevityKind]);

        // Without the provider the key is unknown; an unknown key's error lists the catalog's keys.
        var without = Assert.Throws<ConfigException>(() => EngineConfig.Load(file));
        Assert.Contains("unknown signal kind 'concise' (expected preference, constraint or factuality)", without.Message);
        var unknown = Assert.Throws<ConfigException>(() => EngineConfig.Load(ConfigFile("""{"judger": {"weights": {"style": 1}}}"""), catalog: Catalog));
        Assert.Contains("(expected preference, constraint, factuality or brevity)", unknown.Message);
        Assert.Contains("expected preference, constraint, factuality or brevity",
            Assert.Throws<ConfigException>(() => SignalWeights.For(JudgerKind.WeightedSum, new Dictionary<string, double> { ["style"] = 1 }, Catalog)).Message);
    }

    [Fact]
    public void Its_options_are_read_and_checked_when_the_config_is_loaded()
    {
        var config = EngineConfig.Load(ConfigFile("""{"verifiers": {"brevity": {"maxWords": 3}}}"""), catalog: Catalog);
        Assert.Equal(3, VerifierCatalog.OptionsOf<BrevityOptions>(Catalog.Providers[^1], config)!.MaxWords);
        Assert.Equal(12, VerifierCatalog.OptionsOf<BrevityOptions>(Catalog.Providers[^1], new EngineConfig { Catalog = Catalog })!.MaxWords);

        var range = Assert.Throws<ConfigException>(() => EngineConfig.Load(ConfigFile("""{"verifiers": {"brevity": {"maxWords": 0}}}"""), catalog: Catalog));
        Assert.Contains("verifiers.brevity.maxWords: 0 is out of range (allowed 1 to 1000)", range.Message);
        var key = Assert.Throws<ConfigException>(() => EngineConfig.Load(ConfigFile("""{"verifiers": {"brevity": {"maxWord": 3}}}"""), catalog: Catalog));
        Assert.Contains("verifiers.brevity.maxWord: unknown key", key.Message);
        var type = Assert.Throws<ConfigException>(() => EngineConfig.Load(ConfigFile("""{"verifiers": {"brevity": {"maxWords": "few"}}}"""), catalog: Catalog));
        Assert.Contains("verifiers.brevity.maxWords", type.Message);
        // A run with the verifier is another run: the config's JSON (run and signal-cache keys) names it, and reads back.
        var plain = EngineConfig.Load(ConfigFile("{}"));
        var with = EngineConfig.Load(ConfigFile("{}"), catalog: Catalog);
        Assert.DoesNotContain("\"verifiers\":", plain.ToJson());
        Assert.Contains("\"brevity\": {}", with.ToJson());
        Assert.Equal(with.ToJson(), EngineConfig.Load(ConfigFile(with.ToJson()), catalog: Catalog).ToJson());
        // A section no provider reads is an error, not ignored.
        var stray = Assert.Throws<ConfigException>(() => EngineConfig.Load(ConfigFile("""{"verifiers": {"brevity": {}}}""")));
        Assert.Contains("verifiers.brevity: no verifier of that name (known: preference, constraints or factuality)", stray.Message);
    }

    // The planner's prompt of version router-v1, as it was written before the questions came from the providers:
    // cached run keys name that version, so the engine's own questions must still make exactly this text.
    private const string RouterV1Prompt =
        "You plan how to verify answers to a user's instruction. Two checks exist. " +
        "constraint_check: the instruction states hard, checkable requirements on the answer's form " +
        "(length, format, keywords, case, punctuation, language, start or end). " +
        "factuality_check: a correct answer depends on facts about the world (dates, names, numbers, science, history) " +
        "that could be looked up. Answer with JSON only.";

    [Fact]
    public async Task The_llm_routers_prompt_and_grammar_are_built_from_the_catalogs_questions()
    {
        await using var server = new ChatCompletionsServer();
        using var planner = new RewardEngine.Models.Llm.OpenAi.OpenAiTextGenerator(new OpenAiOptions { BaseUrl = server.BaseUrl, Model = "m", ApiKeyEnv = "RWD_TEST_NO_KEY" }, 1);
        var builtIn = new LlmRouter(planner, 1);
        Assert.Equal(RouterV1Prompt, builtIn.SystemPrompt);
        Assert.Equal(RewardEngine.Models.Llm.Grammars.RouterDecision, builtIn.Grammar);
        Assert.Equal("router-v1", builtIn.PromptKind);
        Assert.Equal(64, RewardEngine.Models.Llm.Grammars.MaxTokens(builtIn.Grammar));

        var added = new LlmRouter(planner, 1, catalog: Catalog);
        Assert.StartsWith("You plan how to verify answers to a user's instruction. Three checks exist. constraint_check: ", added.SystemPrompt);
        Assert.Contains("brevity_check: " + BrevityProvider.QuestionText + " Answer with JSON only.", added.SystemPrompt);
        Assert.Contains("""\"brevity_check\": " bool""", added.Grammar);
        Assert.NotEqual("router-v1", added.PromptKind);
        Assert.Equal(64 + 2 + "brevity_check".Length + 9, RewardEngine.Models.Llm.Grammars.MaxTokens(added.Grammar));
    }

    private static string WritePairs()
    {
        var rows = new[]
        {
            new { id = "short-wins", prompt = "Name a colour, briefly.", chosen = "Blue.", rejected = "A colour that many people like a lot is blue." },
            new { id = "short-loses", prompt = "Name a colour, briefly.", chosen = "Green is the colour of grass in spring.", rejected = "Red." },
        };
        var file = Path.Combine(TestPaths.NewTempDirectory(), "pairs.jsonl");
        File.WriteAllLines(file, rows.Select(r => JsonSerializer.Serialize(r)));
        return file;
    }

    [Fact]
    public async Task Its_signal_reaches_the_router_the_judger_and_the_eval_output()
    {
        // The planner (a recording chat-completions server) says only brevity is needed.
        await using var server = new ChatCompletionsServer(answer: body =>
            body["response_format"]?["json_schema"]?["name"]?.GetValue<string>() == "router_decision"
                ? """{"constraint_check": false, "factuality_check": false, "brevity_check": true}"""
                : null);
        var file = ConfigFile($$$$"""
            {"profile": "full", "router": "llm", "constraints": {"enabled": false}, "factuality": {"enabled": false},
             "llm": {"backend": "openai", "openAi": {"baseUrl": "{{{{server.BaseUrl}}}}", "model": "planner-m", "apiKeyEnv": "RWD_TEST_NO_KEY"}},
             "judger": {"weights": {"concise": 2.5}}, "verifiers": {"brevity": {"maxWords": 3}}}
            """);
        var config = EngineConfig.Load(file, catalog: Catalog);
        var dir = TestPaths.NewTempDirectory();
        var report = await new PairwiseEvaluator(config, new EvalOptions { Datasets = [WritePairs()], OutputDirectory = dir, Threads = 1 }, TextWriter.Null)
            .RunAsync(CancellationToken.None);
        Assert.Equal(0.5, report.Overall, 9); // the short answer wins both pairs; one of them is the chosen one

        // The router's request: the question in the prompt, the answer's schema asks for it.
        var routed = server.Requests.Where(r => r["response_format"]?["json_schema"]?["name"]?.GetValue<string>() == "router_decision").ToList();
        Assert.Equal(2, routed.Count);
        Assert.Contains(BrevityProvider.QuestionText, routed[0]["messages"]![0]!["content"]!.GetValue<string>());
        var schema = routed[0]["response_format"]!["json_schema"]!["schema"]!;
        Assert.Equal(["constraint_check", "factuality_check", "brevity_check"], schema["required"]!.AsArray().Select(n => n!.GetValue<string>()));

        // scores.jsonl: the route, the signal with its kind, the judger's weight for it.
        var lines = File.ReadAllLines(Path.Combine(dir, "scores.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, lines.Count);
        foreach (var line in lines)
        {
            var game = line["games"]![0]!;
            Assert.Equal("planner: constraint_check=false, factuality_check=false, brevity_check=true", game["route"]!.GetValue<string>());
            var signal = Assert.Single(game["signals"]!.AsArray())!;
            Assert.Equal(("brevity", "brevity"), (signal["name"]!.GetValue<string>(), signal["kind"]!.GetValue<string>()));
            Assert.Equal("sum of brevity x2.5", game["rationale"]!.GetValue<string>());
            Assert.Equal(2.5, game["judgeScores"]!.AsArray().Max(n => n!.GetValue<double>()));
        }

        // The majority vote weighs it with its provider's default.
        var vote = await new MajorVoteJudger(SignalWeights.For(JudgerKind.MajorVote, null, Catalog)).JudgeAsync(
            RewardQuery.FromInstruction("q", "short", "a much longer answer"),
            [new SignalResult("brevity", BrevityProvider.BrevityKind, [1.0, 0.0], "")], CancellationToken.None);
        Assert.Equal("votes: brevity (3) -> A", vote.Rationale);
        Assert.Equal([3.0, 0.0], vote.Scores);

        // The LLM aggregator reads its scores in a section of its own, after the original's three.
        var prompt = LlmAggregatorJudger.Prompt(RewardQuery.FromInstruction("q", "short", "long"),
            [new SignalResult("brevity", BrevityProvider.BrevityKind, [1.0, 0.0], "")], ["A", "B"], 1.0)[0].Content;
        Assert.Contains("[Human preference judgments, larger is more preferred]\nNone\n\n[brevity judgments, larger is more preferred]\nAnswer A: 1, Answer B: 0\n", prompt);
    }
}
