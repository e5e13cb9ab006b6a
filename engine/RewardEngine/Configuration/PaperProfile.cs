using System.Text.Json;
using System.Text.Json.Nodes;

namespace RewardEngine.Configuration;

/// <summary>
/// The <c>paper</c> profile: the original system's semantics on the user's models. Each choice is one config key,
/// set here and nowhere else, so a config can move back to the engine's default one key at a time (README,
/// "Differences from the original"). What the original does by mistake is not reproduced: its A/B order, its tie
/// rule, its per-subset bookkeeping and its Elo.
/// </summary>
public static class PaperProfile
{
    /// <summary>The keys the paper profile sets, as a config file would write them.</summary>
    public const string Defaults = """
        {
          "router": "llm",
          "routerRole": "coder",
          "routerFallback": false,
          "judger": { "kind": "llm_aggregator", "multiAnswer": "average" },
          "constraints": { "scoring": "binary", "repairRounds": 1, "checkerResults": "truthy" },
          "factuality": { "rules": "original", "schedule": "sampled" }
        }
        """;

    /// <summary>The paper defaults with <paramref name="config"/>'s own values over them (objects merged key by key).</summary>
    public static JsonNode Overlay(JsonElement config)
    {
        var merged = JsonNode.Parse(Defaults)!.AsObject();
        if (JsonNode.Parse(config.GetRawText()) is JsonObject own) Merge(merged, own);
        return merged;
    }

    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from.ToList())
        {
            from.Remove(key);
            if (into[key] is JsonObject target && value is JsonObject source) Merge(target, source);
            else into[key] = value;
        }
    }
}
