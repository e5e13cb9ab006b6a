namespace RewardEngine.Models.RewardModels.Export;

/// <summary>
/// Builds the ONNX graph of a Llama reward model from its Hugging Face weights.
/// Inputs: <c>input_ids</c> and <c>attention_mask</c> [batch, sequence] int64, right-padded; ArmoRM adds
/// <c>gating_position</c> [batch] int64. Right padding is required (the engine always pads right). The row's score is read at its last real token, found in the graph as
/// sum(attention_mask) - 1, so callers need no model-specific indexing and padding never moves it.
/// Outputs: sequence classification gives <c>logits</c> [batch, num_labels]; ArmoRM gives <c>score</c> [batch]
/// and <c>rewards</c> [batch, objectives].
/// </summary>
internal sealed class LlamaRmGraphBuilder
{
    public const string InputIds = "input_ids", AttentionMask = "attention_mask", GatingPosition = "gating_position";
    public const string Logits = "logits", Score = "score", Rewards = "rewards";

    private readonly LlamaRmConfig _c;
    private readonly IWeightSource _w;
    private readonly OnnxGraph _g = new() { Name = "llama_reward_model" };

    private LlamaRmGraphBuilder(LlamaRmConfig config, IWeightSource weights) { _c = config; _w = weights; }

    public static OnnxGraph Build(LlamaRmConfig config, IWeightSource weights) => new LlamaRmGraphBuilder(config, weights).Build();

    private OnnxGraph Build()
    {
        int e = _c.HiddenSize;
        _g.Inputs.Add(new(InputIds, OnnxType.Int64, ["batch", "sequence"]));
        _g.Inputs.Add(new(AttentionMask, OnnxType.Int64, ["batch", "sequence"]));
        if (_c.IsArmoRM) _g.Inputs.Add(new(GatingPosition, OnnxType.Int64, ["batch"]));

        var embed = _g.Weight("model.embed_tokens.weight", _w.Read("model.embed_tokens.weight", _c.VocabSize, e), _c.VocabSize, e);
        var x = _g.Op("Gather", [embed, InputIds], OnnxAttribute.Of("axis", 0L));

        // Positions 0..T-1 for every row: with right padding, real tokens sit at the same positions as unpadded.
        var shape = _g.Op("Shape", [InputIds]);
        var seqLen = _g.Op("Gather", [shape, _g.ScalarInt64(1)], OnnxAttribute.Of("axis", 0L));
        var positions = _g.Op("Range", [_g.ScalarInt64(0), seqLen, _g.ScalarInt64(1)]);
        var (cos, sin) = RotaryTables(positions);
        var bias = CausalBias(positions);

        for (int layer = 0; layer < _c.Layers; layer++)
        {
            var p = $"model.layers.{layer}.";
            var h = RmsNorm(x, p + "input_layernorm.weight");
            x = _g.Op("Add", [x, Attention(h, p + "self_attn.", cos, sin, bias)]);
            h = RmsNorm(x, p + "post_attention_layernorm.weight");
            x = _g.Op("Add", [x, Mlp(h, p + "mlp.")]);
        }

        // Gather before the final norm: the norm is per position, so this is the same math on one row instead of T.
        var lengths = _g.Op("ReduceSum", [AttentionMask, _g.Axes(1)], OnnxAttribute.Of("keepdims", 0L));
        var last = _g.Op("Sub", [lengths, _g.ScalarInt64(1)]);
        var lastHidden = RmsNorm(GatherRows(x, last), "model.norm.weight");
        if (_c.IsArmoRM) ArmoRMHeads(x, lastHidden);
        else
        {
            _g.Op("MatMul", [lastHidden, Linear("score.weight", _c.NumLabels, e)]);
            _g.NameLastOutput(Logits);
            _g.Outputs.Add(new(Logits, OnnxType.Float, ["batch", _c.NumLabels]));
        }
        return _g;
    }

    /// <summary>hidden[b, index[b], :] for each row b.</summary>
    private string GatherRows(string hidden, string index) =>
        _g.Op("GatherND", [hidden, _g.Op("Unsqueeze", [index, _g.Axes(1)])], OnnxAttribute.Of("batch_dims", 1L));

    private void ArmoRMHeads(string hidden, string lastHidden)
    {
        int e = _c.HiddenSize, k = _c.Objectives;
        _g.Op("MatMul", [lastHidden, Linear("regression_layer.weight", k, e)]);
        var rewards = _g.NameLastOutput(Rewards);
        // The gating network reads the prompt's hidden state; its position comes from C# (a token-pattern search).
        var gate = RmsNorm(GatherRows(hidden, GatingPosition), "model.norm.weight");
        int inFeatures = e;
        for (int i = 0; i < _c.GatingHiddenLayers; i++)
        {
            gate = LinearWithBias(gate, $"gating.layers.{i}", _c.GatingHiddenDim, inFeatures);
            gate = _g.Op("Relu", [gate]);
            inFeatures = _c.GatingHiddenDim;
        }
        gate = LinearWithBias(gate, $"gating.layers.{_c.GatingHiddenLayers}", k, inFeatures);
        gate = _g.Op("Div", [gate, _g.Scalar((float)_c.GatingTemperature)]);
        gate = _g.Op("Softmax", [gate], OnnxAttribute.Of("axis", 1L));
        gate = _g.Op("Mul", [gate, _g.Weight("gating.logit_scale", _w.Read("gating.logit_scale", 1), 1)]);
        var transform = _g.Weight("reward_transform_matrix", _w.Read("reward_transform_matrix", k, k), k, k);
        var adjusted = _g.Op("MatMul", [rewards, transform]);
        _g.Op("ReduceSum", [_g.Op("Mul", [gate, adjusted]), _g.Axes(1)], OnnxAttribute.Of("keepdims", 0L));
        _g.NameLastOutput(Score);
        _g.Outputs.Add(new(Score, OnnxType.Float, ["batch"]));
        _g.Outputs.Add(new(Rewards, OnnxType.Float, ["batch", k]));
    }

    private (string Cos, string Sin) RotaryTables(string positions)
    {
        var inv = _c.InverseFrequencies();
        var invFreq = _g.Weight("rotary.inv_freq", inv, 1, inv.Length);
        var pos = _g.Op("Cast", [positions], OnnxAttribute.Of("to", (long)OnnxType.Float));
        var freqs = _g.Op("Mul", [_g.Op("Unsqueeze", [pos, _g.Axes(1)]), invFreq]); // [T, D/2]
        var emb = _g.Op("Concat", [freqs, freqs], OnnxAttribute.Of("axis", -1L));  // [T, D]
        return (_g.Op("Cos", [emb]), _g.Op("Sin", [emb]));
    }

    /// <summary>
    /// Additive causal mask [T, T]: 0 where a query may attend, float min elsewhere. Padding needs no mask of its own:
    /// inputs are right-padded, so every key a real token may see (j &lt;= i &lt; length) is real; padded positions
    /// compute values nothing real reads. The mask is built once per call, whatever the batch size.
    /// </summary>
    private string CausalBias(string positions)
    {
        var rows = _g.Op("Unsqueeze", [positions, _g.Axes(1)]);
        var cols = _g.Op("Unsqueeze", [positions, _g.Axes(0)]);
        var causal = _g.Op("LessOrEqual", [cols, rows]);
        return _g.Op("Where", [causal, _g.Scalar(0f), _g.Scalar(float.MinValue)]);
    }

    private string Attention(string h, string p, string cos, string sin, string bias)
    {
        int heads = _c.Heads, kv = _c.KeyValueHeads, d = _c.HeadDim, e = _c.HiddenSize, rep = heads / kv;
        var q = Project(h, p + "q_proj", heads * d, e);
        var k = Project(h, p + "k_proj", kv * d, e);
        var v = Project(h, p + "v_proj", kv * d, e);
        q = Rope(ToHeads(q, heads), cos, sin); // [B, H, T, D]
        k = Rope(ToHeads(k, kv), cos, sin);    // [B, KV, T, D]
        v = ToHeads(v, kv);
        // Grouped-query attention by broadcasting instead of copying K/V: query head h = g * rep + r reads KV head g,
        // as transformers' repeat_kv does.
        q = _g.Op("Reshape", [q, _g.Axes(0, kv, rep, -1, d)]);                     // [B, KV, rep, T, D]
        var kT = _g.Op("Transpose", [_g.Op("Unsqueeze", [k, _g.Axes(2)])], OnnxAttribute.Of("perm", 0, 1, 2, 4, 3));
        v = _g.Op("Unsqueeze", [v, _g.Axes(2)]);                                    // [B, KV, 1, T, D]
        var scores = _g.Op("Mul", [_g.Op("MatMul", [q, kT]), _g.Scalar((float)(1.0 / Math.Sqrt(d)))]);
        var probs = _g.Op("Softmax", [_g.Op("Add", [scores, bias])], OnnxAttribute.Of("axis", -1L));
        var ctx = _g.Op("MatMul", [probs, v]);                                       // [B, KV, rep, T, D]
        ctx = _g.Op("Reshape", [ctx, _g.Axes(0, heads, -1, d)]);
        ctx = _g.Op("Transpose", [ctx], OnnxAttribute.Of("perm", 0, 2, 1, 3));
        ctx = _g.Op("Reshape", [ctx, _g.Axes(0, 0, heads * d)]);
        return Project(ctx, p + "o_proj", e, heads * d);
    }

    private string ToHeads(string x, int heads) =>
        _g.Op("Transpose", [_g.Op("Reshape", [x, _g.Axes(0, 0, heads, _c.HeadDim)])], OnnxAttribute.Of("perm", 0, 2, 1, 3));

    /// <summary>x * cos + rotate_half(x) * sin, rotate_half(x) = concat(-x2, x1).</summary>
    private string Rope(string x, string cos, string sin)
    {
        var half = _c.HeadDim / 2;
        var parts = _g.Ops("Split", [x, _g.Axes(half, half)], 2, OnnxAttribute.Of("axis", -1L));
        var rotated = _g.Op("Concat", [_g.Op("Neg", [parts[1]]), parts[0]], OnnxAttribute.Of("axis", -1L));
        return _g.Op("Add", [_g.Op("Mul", [x, cos]), _g.Op("Mul", [rotated, sin])]);
    }

    private string Mlp(string h, string p)
    {
        int e = _c.HiddenSize, f = _c.IntermediateSize;
        var gate = Project(h, p + "gate_proj", f, e);
        var up = Project(h, p + "up_proj", f, e);
        var act = _g.Op("Mul", [gate, _g.Op("Sigmoid", [gate])]); // SiLU
        return Project(_g.Op("Mul", [act, up]), p + "down_proj", e, f);
    }

    /// <summary>x * rsqrt(mean(x^2) + eps) * weight, over the last axis.</summary>
    private string RmsNorm(string x, string weightName)
    {
        var w = _g.Weight(weightName + (_normUses.TryGetValue(weightName, out var n) ? $".{n}" : ""), _w.Read(weightName, _c.HiddenSize), _c.HiddenSize);
        _normUses[weightName] = n + 1;
        var ms = _g.Op("ReduceMean", [_g.Op("Mul", [x, x])], OnnxAttribute.List("axes", -1L), OnnxAttribute.Of("keepdims", 1L));
        var rms = _g.Op("Sqrt", [_g.Op("Add", [ms, _g.Scalar((float)_c.RmsNormEps)])]);
        return _g.Op("Mul", [_g.Op("Div", [x, rms]), w]);
    }
    private readonly Dictionary<string, int> _normUses = [];

    /// <summary>x @ W^T (+ b when the checkpoint has one, as attention_bias / mlp_bias configs do).</summary>
    private string Project(string x, string name, int outFeatures, int inFeatures)
    {
        var y = _g.Op("MatMul", [x, Linear(name + ".weight", outFeatures, inFeatures)]);
        return _w.Contains(name + ".bias")
            ? _g.Op("Add", [y, _g.Weight(name + ".bias", _w.Read(name + ".bias", outFeatures), outFeatures)])
            : y;
    }

    private string LinearWithBias(string x, string name, int outFeatures, int inFeatures) =>
        _g.Op("Add", [_g.Op("MatMul", [x, Linear(name + ".weight", outFeatures, inFeatures)]),
                      _g.Weight(name + ".bias", _w.Read(name + ".bias", outFeatures), outFeatures)]);

    /// <summary>A torch Linear weight [out, in] stored transposed as [in, out] for MatMul.</summary>
    private string Linear(string name, int outFeatures, int inFeatures)
    {
        var w = _w.Read(name, outFeatures, inFeatures);
        var t = new float[w.Length];
        for (int o = 0; o < outFeatures; o++)
            for (int i = 0; i < inFeatures; i++)
                t[(long)i * outFeatures + o] = w[(long)o * inFeatures + i];
        return _g.Weight(name, t, inFeatures, outFeatures);
    }
}
