using System.Text.Json;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.RewardModels.Export;

/// <summary>
/// The parts of a Hugging Face Llama config.json the graph needs, for LlamaForSequenceClassification and
/// ArmoRM's LlamaForRewardModelWithGating.
/// </summary>
internal sealed record LlamaRmConfig
{
    public required string Architecture { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int Layers { get; init; }
    public required int Heads { get; init; }
    public required int KeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public required double RmsNormEps { get; init; }
    public required double RopeTheta { get; init; }
    /// <summary>Llama-3.1 style frequency scaling (rope_type "llama3"), or null for the default rotary embedding.</summary>
    public Llama3RopeScaling? RopeScaling { get; init; }
    public int NumLabels { get; init; } = 1;
    public int? PadTokenId { get; init; }
    public int? BosTokenId { get; init; }
    // ArmoRM's heads (config keys num_objectives, gating_temperature, gating_hidden_dim, gating_n_hidden).
    public int Objectives { get; init; } = 19;
    public double GatingTemperature { get; init; } = 10;
    public int GatingHiddenDim { get; init; } = 1024;
    public int GatingHiddenLayers { get; init; } = 3;

    public bool IsArmoRM => Architecture == "LlamaForRewardModelWithGating";

    public static LlamaRmConfig Load(string path)
    {
        if (!File.Exists(path)) throw new ModelLoadException(path, "config.json not found");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            var arch = r.TryGetProperty("architectures", out var a) && a.ValueKind == JsonValueKind.Array && a.GetArrayLength() > 0
                ? a[0].GetString()! : "LlamaForSequenceClassification";
            if (arch is not ("LlamaForSequenceClassification" or "LlamaForRewardModelWithGating"))
                throw new ModelLoadException(path, $"architecture {arch} is not supported (LlamaForSequenceClassification or LlamaForRewardModelWithGating)");
            int hidden = Required(r, "hidden_size"), heads = Required(r, "num_attention_heads");
            if (r.TryGetProperty("hidden_act", out var act) && act.GetString() != "silu")
                throw new ModelLoadException(path, $"hidden_act {act.GetString()} is not supported (silu)");

            // transformers 5 nests rope settings in rope_parameters; 4.x has rope_theta and rope_scaling at the top.
            JsonElement rope = default;
            bool hasRope = r.TryGetProperty("rope_parameters", out rope) && rope.ValueKind == JsonValueKind.Object;
            double theta = (hasRope ? Double(rope, "rope_theta") : null) ?? Double(r, "rope_theta") ?? 10000.0;
            JsonElement scaling = hasRope ? rope : r.TryGetProperty("rope_scaling", out var rs) ? rs : default;
            Llama3RopeScaling? ropeScaling = null;
            if (scaling.ValueKind == JsonValueKind.Object)
            {
                var type = scaling.TryGetProperty("rope_type", out var t) ? t.GetString()
                    : scaling.TryGetProperty("type", out t) ? t.GetString() : "default";
                if (type == "llama3")
                    ropeScaling = new Llama3RopeScaling(
                        Double(scaling, "factor") ?? 8, Double(scaling, "low_freq_factor") ?? 1,
                        Double(scaling, "high_freq_factor") ?? 4, Double(scaling, "original_max_position_embeddings") ?? 8192);
                else if (type != "default")
                    throw new ModelLoadException(path, $"rope_type {type} is not supported (default or llama3)");
            }
            return new LlamaRmConfig
            {
                Architecture = arch,
                VocabSize = Required(r, "vocab_size"),
                HiddenSize = hidden,
                IntermediateSize = Required(r, "intermediate_size"),
                Layers = Required(r, "num_hidden_layers"),
                Heads = heads,
                KeyValueHeads = Int(r, "num_key_value_heads") ?? heads,
                HeadDim = Int(r, "head_dim") ?? hidden / heads,
                RmsNormEps = Double(r, "rms_norm_eps") ?? 1e-6,
                RopeTheta = theta,
                RopeScaling = ropeScaling,
                NumLabels = Int(r, "num_labels") ?? (r.TryGetProperty("id2label", out var l) ? l.EnumerateObject().Count() : 1),
                PadTokenId = Int(r, "pad_token_id"),
                BosTokenId = Int(r, "bos_token_id"),
                Objectives = Int(r, "num_objectives") ?? 19,
                GatingTemperature = Double(r, "gating_temperature") ?? 10,
                GatingHiddenDim = Int(r, "gating_hidden_dim") ?? 1024,
                GatingHiddenLayers = Int(r, "gating_n_hidden") ?? 3,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ModelLoadException(path, $"invalid Llama config: {e.Message}");
        }
    }

    /// <summary>Rotary inverse frequencies, as transformers computes them (float32 result).</summary>
    public float[] InverseFrequencies()
    {
        var half = HeadDim / 2;
        var inv = new float[half];
        for (int i = 0; i < half; i++)
        {
            // torch: 1 / base ** (arange(0, dim, 2).float() / dim), all in float32.
            float exponent = (float)(2 * i) / HeadDim;
            inv[i] = 1f / MathF.Pow((float)RopeTheta, exponent);
        }
        if (RopeScaling is { } s)
        {
            double lowWavelen = s.OriginalMaxPositions / s.LowFreqFactor, highWavelen = s.OriginalMaxPositions / s.HighFreqFactor;
            for (int i = 0; i < half; i++)
            {
                double f = inv[i], wavelen = 2 * Math.PI / f;
                double scaled = wavelen > lowWavelen ? f / s.Factor : f;
                if (!(wavelen < highWavelen) && !(wavelen > lowWavelen))
                {
                    double smooth = (s.OriginalMaxPositions / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
                    scaled = (1 - smooth) * scaled / s.Factor + smooth * scaled;
                }
                inv[i] = (float)scaled;
            }
        }
        return inv;
    }

    private static int Required(JsonElement e, string key) =>
        Int(e, key) ?? throw new FormatException($"required key {key} is missing or not a number");

    private static int? Int(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static double? Double(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}

/// <summary>rope_type "llama3" parameters.</summary>
internal sealed record Llama3RopeScaling(double Factor, double LowFreqFactor, double HighFreqFactor, double OriginalMaxPositions);
