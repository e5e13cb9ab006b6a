using RewardEngine.Models.RewardModels.Export;

namespace RewardEngine.Tests.RewardModels;

/// <summary>
/// A plain, loop-by-loop Llama forward pass in doubles for one unpadded sequence: an independent check of the ONNX
/// graph (it shares only the weight names and the config with the exporter). Slow; for tiny models only.
/// </summary>
internal sealed class ManagedLlamaReference(LlamaRmConfig c, IWeightSource w)
{
    /// <summary>The score as the Hugging Face model defines it (ArmoRM: its gated score; else logits[0]).</summary>
    public double Score(int[] ids, int gatingPosition = -1)
    {
        var hidden = Forward(ids);
        var last = hidden[^1];
        if (!c.IsArmoRM) return Dot(W("score.weight", c.NumLabels, c.HiddenSize), 0, last);
        int k = c.Objectives, e = c.HiddenSize;
        var rewards = Linear(last, W("regression_layer.weight", k, e), k);
        var x = hidden[gatingPosition];
        int inF = e;
        for (int i = 0; i <= c.GatingHiddenLayers; i++)
        {
            int outF = i == c.GatingHiddenLayers ? k : c.GatingHiddenDim;
            var y = Linear(x, W($"gating.layers.{i}.weight", outF, inF), outF);
            var b = W($"gating.layers.{i}.bias", outF);
            for (int j = 0; j < outF; j++) { y[j] += b[j]; if (i < c.GatingHiddenLayers) y[j] = Math.Max(0, y[j]); }
            x = y; inF = outF;
        }
        var max = x.Max();
        var exp = x.Select(v => Math.Exp((v - max) / c.GatingTemperature)).ToArray();
        var gates = exp.Select(v => v / exp.Sum() * W("gating.logit_scale", 1)[0]).ToArray();
        var t = W("reward_transform_matrix", k, k);
        double score = 0;
        for (int j = 0; j < k; j++)
        {
            double adjusted = 0;
            for (int i = 0; i < k; i++) adjusted += rewards[i] * t[i * k + j];
            score += gates[j] * adjusted;
        }
        return score;
    }

    /// <summary>Final-normed hidden states, one row per token.</summary>
    public double[][] Forward(int[] ids)
    {
        int e = c.HiddenSize, T = ids.Length, d = c.HeadDim, H = c.Heads, KV = c.KeyValueHeads;
        var emb = W("model.embed_tokens.weight", c.VocabSize, e);
        var x = ids.Select(id => Enumerable.Range(0, e).Select(j => (double)emb[id * e + j]).ToArray()).ToArray();
        var inv = c.InverseFrequencies();
        for (int l = 0; l < c.Layers; l++)
        {
            var p = $"model.layers.{l}.";
            var h = x.Select(r => RmsNorm(r, W(p + "input_layernorm.weight", e))).ToArray();
            var q = h.Select(r => Linear(r, W(p + "self_attn.q_proj.weight", H * d, e), H * d)).ToArray();
            var k = h.Select(r => Linear(r, W(p + "self_attn.k_proj.weight", KV * d, e), KV * d)).ToArray();
            var v = h.Select(r => Linear(r, W(p + "self_attn.v_proj.weight", KV * d, e), KV * d)).ToArray();
            for (int t = 0; t < T; t++) { Rope(q[t], H, t, inv); Rope(k[t], KV, t, inv); }
            var ctx = new double[T][];
            for (int t = 0; t < T; t++)
            {
                ctx[t] = new double[H * d];
                for (int head = 0; head < H; head++)
                {
                    int g = head / (H / KV);
                    var s = new double[t + 1];
                    for (int u = 0; u <= t; u++)
                    {
                        double dot = 0;
                        for (int j = 0; j < d; j++) dot += q[t][head * d + j] * k[u][g * d + j];
                        s[u] = dot / Math.Sqrt(d);
                    }
                    var m = s.Max();
                    var ex = s.Select(z => Math.Exp(z - m)).ToArray();
                    var sum = ex.Sum();
                    for (int u = 0; u <= t; u++)
                        for (int j = 0; j < d; j++) ctx[t][head * d + j] += ex[u] / sum * v[u][g * d + j];
                }
            }
            var o = ctx.Select(r => Linear(r, W(p + "self_attn.o_proj.weight", e, H * d), e)).ToArray();
            for (int t = 0; t < T; t++) for (int j = 0; j < e; j++) x[t][j] += o[t][j];
            h = x.Select(r => RmsNorm(r, W(p + "post_attention_layernorm.weight", e))).ToArray();
            int f = c.IntermediateSize;
            for (int t = 0; t < T; t++)
            {
                var gate = Linear(h[t], W(p + "mlp.gate_proj.weight", f, e), f);
                var up = Linear(h[t], W(p + "mlp.up_proj.weight", f, e), f);
                var act = gate.Select((gv, j) => gv / (1 + Math.Exp(-gv)) * up[j]).ToArray();
                var down = Linear(act, W(p + "mlp.down_proj.weight", e, f), e);
                for (int j = 0; j < e; j++) x[t][j] += down[j];
            }
        }
        return x.Select(r => RmsNorm(r, W("model.norm.weight", e))).ToArray();
    }

    private void Rope(double[] x, int heads, int pos, float[] inv)
    {
        int d = c.HeadDim, half = d / 2;
        for (int h = 0; h < heads; h++)
            for (int j = 0; j < half; j++)
            {
                double a = pos * (double)inv[j], cos = Math.Cos(a), sin = Math.Sin(a);
                double x1 = x[h * d + j], x2 = x[h * d + j + half];
                x[h * d + j] = x1 * cos - x2 * sin;
                x[h * d + j + half] = x2 * cos + x1 * sin;
            }
    }

    private double[] RmsNorm(double[] x, float[] weight)
    {
        var rms = Math.Sqrt(x.Sum(v => v * v) / x.Length + c.RmsNormEps);
        return x.Select((v, j) => v / rms * weight[j]).ToArray();
    }

    private static double[] Linear(double[] x, float[] w, int outFeatures)
    {
        var y = new double[outFeatures];
        for (int o = 0; o < outFeatures; o++) y[o] = Dot(w, o, x);
        return y;
    }

    private static double Dot(float[] w, int row, double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += w[row * x.Length + i] * x[i];
        return s;
    }

    private readonly Dictionary<string, float[]> _cache = [];
    private float[] W(string name, params long[] shape) =>
        _cache.TryGetValue(name, out var v) ? v : _cache[name] = w.Read(name, shape);
}
