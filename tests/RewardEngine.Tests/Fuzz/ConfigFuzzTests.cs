using System.Text.Json.Nodes;
using RewardEngine.Configuration;

namespace RewardEngine.Tests.Fuzz;

/// <summary>Configs with values of the wrong type, out of range, null, unknown: a coded error or a valid config.</summary>
public class ConfigFuzzTests
{
    private const string Full = """
        {"profile": "verifiers-only", "seed": 42, "router": "deterministic",
         "judger": {"kind": "major_vote", "weights": {"factuality": 1.2, "constraint": 1.1, "preference": 1.0}, "multiAnswer": "elo"},
         "llm": {"backend": "llamasharp", "contextSize": 8192, "batchSize": 512, "threads": 0, "batchThreads": 0, "gpuLayers": 0,
                 "maxSequences": 16, "kvUnified": false, "flashAttention": null, "temperature": 0.0,
                 "openAi": {"baseUrl": "http://127.0.0.1:1/v1", "model": "m", "timeoutSeconds": 120}},
         "rewardModel": {"batchSize": 16},
         "constraints": {"scoring": "graded", "llmFallback": true, "maxCheckers": 8, "repairRounds": 2},
         "factuality": {"topK": 5, "evidenceTokens": 1024, "maxDifferences": 3, "maxQueries": 3},
         "sandbox": {"timeoutMs": 5000, "memoryMb": 512, "workers": 0, "readOnlyPaths": ["/usr"], "allowUnsandboxed": false}}
        """;

    private static readonly Func<Random, JsonNode?>[] Values =
    [
        _ => null,
        r => JsonValue.Create(Mutations.Pick(r, [-1, 0, 1, 7, 100000, int.MaxValue, int.MinValue])),
        r => JsonNode.Parse(Mutations.Pick(r, Mutations.Numbers) is var n && double.TryParse(n, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ? n : "3"),
        r => JsonValue.Create(Mutations.Pick(r, ["", "llm", "openai", "tiny", "weighted_sum", "graded", "zzz", "\ud800"])),
        _ => JsonValue.Create(true),
        _ => new JsonArray(1, 2),
        _ => new JsonObject { ["unexpected"] = 1 },
        r => JsonValue.Create(r.NextDouble() * 2e6 - 1e6),
    ];

    private static void Mutate(Random rng, JsonObject root)
    {
        var objects = new List<JsonObject> { root };
        foreach (var n in root.DeepEnumerate()) if (n is JsonObject o) objects.Add(o);
        var target = Mutations.Pick(rng, objects);
        var keys = target.Select(p => p.Key).ToList();
        if (keys.Count == 0 || rng.Next(8) == 0) target["unknownKey" + rng.Next(3)] = 1;
        else target[Mutations.Pick(rng, keys)] = Mutations.Pick(rng, Values)(rng);
    }

    [Fact]
    public async Task Mutated_configs_load_valid_or_fail_with_a_coded_error()
    {
        var dir = TestPaths.NewTempDirectory();
        await FuzzProperty.HoldsAsync("configs", 300, seed =>
        {
            var rng = new Random(seed);
            var root = JsonNode.Parse(Full)!.AsObject();
            for (int i = 0, n = 1 + rng.Next(3); i < n; i++) Mutate(rng, root);
            var file = Path.Combine(dir, $"c{seed}.json");
            var text = root.ToJsonString();
            if (rng.Next(6) == 0) text = text[..rng.Next(text.Length)];
            File.WriteAllText(file, text);
            var config = EngineConfig.Load(file);
            // A config that loads is a valid one: nothing out of range slipped through to be clamped later.
            Assert.Empty(ConfigRules.Problems(config));
            Assert.NotNull(config.Llm);
            Assert.NotNull(config.Sandbox);
        }, TimeSpan.FromSeconds(10));
    }
}

internal static class JsonNodeWalk
{
    public static IEnumerable<JsonNode> DeepEnumerate(this JsonNode node)
    {
        foreach (var child in node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        })
        {
            if (child is null) continue;
            yield return child;
            foreach (var d in child.DeepEnumerate()) yield return d;
        }
    }
}
