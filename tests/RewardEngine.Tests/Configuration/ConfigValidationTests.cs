using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Tests.Commands;

namespace RewardEngine.Tests.Configuration;

/// <summary>Every config value is checked at load: key, value and allowed range in one coded line; nothing clamped.</summary>
public class ConfigValidationTests
{
    private static string WriteConfig(string json)
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "c.json");
        File.WriteAllText(file, json);
        return file;
    }

    public static TheoryData<string, string> BadValues() => new()
    {
        { """{"rewardModel": {"batchSize": 0}}""", "rewardModel.batchSize: 0 is out of range (allowed 1 to 4096)" },
        { """{"rewardModel": {"batchSize": -1}}""", "rewardModel.batchSize: -1 is out of range" },
        { """{"llm": {"contextSize": -1}}""", "llm.contextSize: -1 is out of range (allowed 256 to 1048576)" },
        { """{"llm": {"batchSize": -5}}""", "llm.batchSize: -5 is out of range" },
        { """{"llm": {"maxSequences": 0}}""", "llm.maxSequences: 0 is out of range (allowed 1 to 64)" },
        { """{"llm": {"gpuLayers": -1}}""", "llm.gpuLayers: -1 is out of range" },
        { """{"factuality": {"topK": -3}}""", "factuality.topK: -3 is out of range (allowed 1 to 100)" },
        { """{"constraints": {"maxCheckers": -1}}""", "constraints.maxCheckers: -1 is out of range (allowed 1 to 64)" },
        { """{"llm": {"threads": -1}}""", "llm.threads: -1 is out of range (allowed 0 to 512" },
        { """{"llm": {"threads": 100000}}""", "llm.threads: 100000 is out of range (allowed 0 to 512" },
        { """{"sandbox": {"workers": 100000}}""", "sandbox.workers: 100000 is out of range" },
        { """{"llm": {"temperature": -0.5}}""", "llm.temperature: -0.5 is out of range" },
        { """{"judger": {"weights": {"constraint": -2}}}""", "judger.weights.constraint: -2 is out of range" },
        { """{"judger": {"weights": {"vibes": 1}}}""", "judger.weights: unknown signal kind 'vibes'" },
        { """{"llm": null}""", "llm: null is not allowed here" },
        { """{"sandbox": null}""", "sandbox: null is not allowed here" },
        { """{"llm": {"threads": null}}""", "llm.threads: null is not allowed here" },
        { """{"llm": {"threads": "four"}}""", "llm.threads: expected a whole number (32-bit), got the string \"four\"" },
        { """{"llm": {"threads": 1e12}}""", "llm.threads: expected a whole number (32-bit), got 1e12" },
        { """{"router": "clever"}""", "router: unknown 'clever' (expected deterministic or llm)" },
        { """{"judger": {"kind": 3}}""", "judger.kind: expected one of weighted_sum, major_vote, llm_aggregator or llm_judge (a string), got a number" },
        { """{"profile": "huge"}""", "profile: unknown 'huge' (expected verifiers-only, tiny, full or paper)" },
        { """{"llm": {"contextSize": 4096, "contextSize": 8192}}""", "llm" },
        { """{"llm": {"ContextSize": 4096}}""", "llm.ContextSize: unknown key" },
        { """[1, 2]""", "expected an object" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_refused_at_load_naming_key_and_range(string json, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => EngineConfig.Load(WriteConfig(json)));
        Assert.Equal("RWD200", e.Code);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var e = Assert.Throws<ConfigException>(() => EngineConfig.Load(WriteConfig("""{"llm": {"contextSize": -1, "maxSequences": 0}, "factuality": {"topK": 0}}""")));
        Assert.Contains("llm.contextSize", e.Message);
        Assert.Contains("llm.maxSequences", e.Message);
        Assert.Contains("factuality.topK", e.Message);
    }

    [Fact]
    public void Values_in_range_load_as_given_and_enums_round_trip()
    {
        var cfg = EngineConfig.Load(WriteConfig("""
            {"profile": "full", "router": "llm", "judger": {"kind": "major_vote", "multiAnswer": "elo", "weights": {"rm": 0.5}},
             "llm": {"backend": "openai", "threads": 512, "gpuLayers": 0, "maxSequences": 64, "openAi": {"baseUrl": "http://127.0.0.1:9/v1"}},
             "constraints": {"scoring": "binary"}}
            """));
        Assert.Equal(EngineProfile.Full, cfg.Profile);
        Assert.Equal(RouterKind.Llm, cfg.Router);
        Assert.Equal(JudgerKind.MajorVote, cfg.Judger.Kind);
        Assert.Equal(RewardEngine.Agent.MultiAnswerMode.Elo, cfg.Judger.MultiAnswer);
        Assert.Equal(LlmBackend.OpenAi, cfg.Llm.Backend);
        Assert.Equal(512, cfg.Llm.Threads);
        Assert.Equal(ConstraintScoring.Binary, cfg.Constraints.Scoring);
        var json = cfg.ToJson();
        Assert.Contains("\"major_vote\"", json);
        Assert.Contains("\"profile\": \"full\"", json);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"profile": "paper"}""")]
    [InlineData("""{"profile": "tiny", "seed": 7, "llm": {"threads": 2}, "sandbox": {"workers": 3}}""")]
    [InlineData("""
        {"profile": "full", "router": "llm", "routerFallback": false, "judger": {"kind": "llm_judge", "multiAnswer": "elo", "weights": {"rm": 0.5}},
         "llm": {"backend": "openai", "maxSequences": 64, "openAi": {"baseUrl": "http://127.0.0.1:9/v1"}},
         "constraints": {"scoring": "binary", "llmFallback": false}, "factuality": {"topK": 3}}
        """)]
    public void The_generated_config_json_is_the_reflection_json_and_reads_back(string json)
    {
        // Run keys are made of this text: the generated serializer must write what reflection wrote, byte for byte.
        var cfg = EngineConfig.Load(WriteConfig(json));
        var reflection = new System.Text.Json.JsonSerializerOptions(EngineConfig.JsonOptions)
        {
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        var generated = cfg.ToJson();
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(cfg, reflection), generated);
        Assert.Equal(generated, EngineConfig.Load(WriteConfig(generated)).ToJson());
    }

    [Fact]
    public void The_cli_reports_a_null_section_as_one_line_exit_2()
    {
        var cfg = WriteConfig("""{"profile": "verifiers-only", "llm": null}""");
        var r = RewardCli.Run("eval", "--dataset", TestPaths.SharedData("rm-bench", "chat_normal.json"), "--config", cfg, "--out", TestPaths.NewTempDirectory());
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"error RWD200: {cfg}: llm: null is not allowed here", r.StdErr.Trim());
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public void The_reward_model_config_bounds_its_thread_count()
    {
        var dir = TestPaths.NewTempDirectory();
        foreach (var f in Directory.EnumerateFiles(RewardModels.RmFixture.Directory)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var rm = Path.Combine(dir, "rm.json");
        File.WriteAllText(rm, File.ReadAllText(rm).Replace("\"threads\": 0", "\"threads\": 100000"));
        var data = TestPaths.SharedData("rm-bench", "chat_normal.json");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = RewardCli.Run("rm", "score", "--config", rm, "--dataset", data, "--out", Path.Combine(dir, "s.jsonl"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error RWD300", r.StdErr);
        Assert.Contains("threads: 100000 is out of range (allowed 0 to 512", r.StdErr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Make_tiny_into_a_file_is_a_coded_error_naming_it()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "taken");
        File.WriteAllText(file, "x");
        var r = RewardCli.Run("models", "make-tiny", "--out", file);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"error RWD210: {file}: is a file", r.StdErr.Trim());
    }
}
