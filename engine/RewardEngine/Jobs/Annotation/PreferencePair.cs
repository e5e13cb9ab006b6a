using System.Text.Json.Nodes;

namespace RewardEngine.Jobs.Annotation;

/// <summary>One preference pair of a prompt: responses <see cref="Chosen"/> and <see cref="Rejected"/> by index, and the normalized score gap.</summary>
public sealed record PreferencePair(int Chosen, int Rejected, double Margin);

/// <summary>Writes pairs (or the scored row, for the original format) as JSON lines rows.</summary>
public static class PairRows
{
    public static IEnumerable<JsonObject> For(PairFormat format, ResponseRow row, IReadOnlyList<ResponseSignals> signals, IReadOnlyList<PreferencePair> pairs)
    {
        switch (format)
        {
            case PairFormat.Original:
                var scored = (JsonObject)row.Row.DeepClone();
                var names = signals.SelectMany(s => s.Signals.Select(x => x.Name)).Distinct().ToList();
                scored["scores"] = new JsonObject(names.Select(name => KeyValuePair.Create(name, (JsonNode?)new JsonObject(signals.Select((s, i) =>
                    KeyValuePair.Create($"Answer {i + 1}", (JsonNode?)(s.Signals.FirstOrDefault(x => x.Name == name) is { } x ? Math.Round(x.Score, 6) : null)))))));
                yield return scored;
                yield break;
            case PairFormat.OpenRlhf:
                foreach (var p in pairs)
                    yield return new JsonObject { ["prompt"] = row.Prompt, ["chosen"] = row.Responses[p.Chosen], ["rejected"] = row.Responses[p.Rejected] };
                yield break;
            default:
                foreach (var p in pairs)
                    yield return new JsonObject
                    {
                        ["prompt"] = new JsonArray(Message("user", row.Prompt)),
                        ["chosen"] = new JsonArray(Message("assistant", row.Responses[p.Chosen])),
                        ["rejected"] = new JsonArray(Message("assistant", row.Responses[p.Rejected])),
                        ["margin"] = Math.Round(p.Margin, 6),
                        ["signals"] = new JsonObject(signals[p.Chosen].Signals.Select(s => KeyValuePair.Create(s.Name, (JsonNode?)new JsonObject
                        {
                            ["chosen"] = Math.Round(s.Score, 6),
                            ["rejected"] = signals[p.Rejected].Signals.FirstOrDefault(r => r.Name == s.Name) is { } r ? Math.Round(r.Score, 6) : null,
                        }))),
                    };
                yield break;
        }
    }

    private static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };
}
