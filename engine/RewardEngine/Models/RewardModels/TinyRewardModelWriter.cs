using RewardEngine.Models.RewardModels.Export;

namespace RewardEngine.Models.RewardModels;

/// <summary>
/// Writes a tiny random-weight Llama reward model (model.onnx, tokenizer.json, manifest.json, rm.json) for the tiny
/// profile and tests. Same seed, same bytes. The tokenizer is a byte-level BPE with Llama-3 special tokens.
/// </summary>
public static class TinyRewardModelWriter
{
    /// <summary>Writes the model into <paramref name="directory"/> and returns the rm.json path.</summary>
    public static string Write(string directory, int seed = 42, bool armoRM = false)
    {
        var config = Config(armoRM);
        var weights = MakeWeights(config, seed);
        Directory.CreateDirectory(directory);
        var tokenizerPath = Path.Combine(directory, "tokenizer.json");
        using (var resource = typeof(TinyRewardModelWriter).Assembly.GetManifestResourceStream("RewardEngine.TinyRm.tokenizer.json")
            ?? throw new InvalidOperationException("embedded tiny tokenizer missing"))
        using (var file = File.Create(tokenizerPath))
            resource.CopyTo(file);
        using var tokenizer = RewardTokenizer.Load(tokenizerPath);
        var id = armoRM ? "tiny-random-armorm" : "tiny-random-rm";
        return HuggingFaceRmExporter.Write(config, weights, tokenizer, tokenizerPath, directory, new RmExportOptions(), id, padId: 5)
            .RewardModelConfig;
    }

    internal static LlamaRmConfig Config(bool armoRM) => new()
    {
        Architecture = armoRM ? "LlamaForRewardModelWithGating" : "LlamaForSequenceClassification",
        VocabSize = 1024, HiddenSize = 32, IntermediateSize = 64, Layers = 2, Heads = 4, KeyValueHeads = 2, HeadDim = 8,
        RmsNormEps = 1e-6, RopeTheta = 500000, PadTokenId = 5, BosTokenId = 0,
        Objectives = 5, GatingHiddenDim = 16, GatingHiddenLayers = 2, GatingTemperature = 10,
    };

    /// <summary>Random weights in Hugging Face naming, from a fixed generator (SplitMix64) so every runtime agrees.</summary>
    internal static InMemoryWeights MakeWeights(LlamaRmConfig c, int seed)
    {
        var rng = new SplitMix64((ulong)seed);
        var w = new InMemoryWeights();
        void Add(string name, float scale, params long[] shape) =>
            w.Add(name, rng.Uniform(checked((int)shape.Aggregate(1L, (a, b) => a * b)), scale), shape);
        void Norm(string name) => w.Add(name, rng.Uniform(c.HiddenSize, 0.1f).Select(x => 1 + x).ToArray(), c.HiddenSize);

        int e = c.HiddenSize, f = c.IntermediateSize, qd = c.Heads * c.HeadDim, kvd = c.KeyValueHeads * c.HeadDim;
        Add("model.embed_tokens.weight", 1f, c.VocabSize, e);
        for (int l = 0; l < c.Layers; l++)
        {
            var p = $"model.layers.{l}.";
            Norm(p + "input_layernorm.weight");
            Norm(p + "post_attention_layernorm.weight");
            Add(p + "self_attn.q_proj.weight", 0.3f, qd, e);
            Add(p + "self_attn.k_proj.weight", 0.3f, kvd, e);
            Add(p + "self_attn.v_proj.weight", 0.3f, kvd, e);
            Add(p + "self_attn.o_proj.weight", 0.3f, e, qd);
            Add(p + "mlp.gate_proj.weight", 0.3f, f, e);
            Add(p + "mlp.up_proj.weight", 0.3f, f, e);
            Add(p + "mlp.down_proj.weight", 0.2f, e, f);
        }
        Norm("model.norm.weight");
        if (!c.IsArmoRM) Add("score.weight", 0.3f, c.NumLabels, e);
        else
        {
            int k = c.Objectives, h = c.GatingHiddenDim;
            Add("regression_layer.weight", 0.3f, k, e);
            for (int i = 0; i <= c.GatingHiddenLayers; i++)
            {
                int inF = i == 0 ? e : h, outF = i == c.GatingHiddenLayers ? k : h;
                Add($"gating.layers.{i}.weight", 0.5f, outF, inF);
                Add($"gating.layers.{i}.bias", 0.1f, outF);
            }
            w.Add("gating.logit_scale", [1f], 1);
            var transform = rng.Uniform(k * k, 0.2f);
            for (int i = 0; i < k; i++) transform[i * k + i] += 1;
            w.Add("reward_transform_matrix", transform, k, k);
        }
        return w;
    }

    private sealed class SplitMix64(ulong state)
    {
        public float[] Uniform(int count, float scale)
        {
            var a = new float[count];
            for (int i = 0; i < count; i++) a[i] = (float)((Next() >> 11) * (1.0 / (1UL << 53)) * 2 - 1) * scale;
            return a;
        }

        private ulong Next() => Determinism.SplitMix64.Next(ref state);
    }
}
