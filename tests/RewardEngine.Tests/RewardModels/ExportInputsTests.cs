using System.Text;
using RewardEngine.Diagnostics;
using RewardEngine.Models.RewardModels.Export;
using Xunit;

namespace RewardEngine.Tests.RewardModels;

/// <summary>Reading checkpoints and configs: dtypes, shapes, rotary settings.</summary>
public sealed class ExportInputsTests
{
    private static string WriteSafetensors(string dir, string header, byte[] data)
    {
        var path = Path.Combine(dir, "model.safetensors");
        var h = Encoding.UTF8.GetBytes(header);
        using var f = File.Create(path);
        f.Write(BitConverter.GetBytes((long)h.Length));
        f.Write(h);
        f.Write(data);
        return path;
    }

    [Fact]
    public void ReadsF32Bf16AndF16AsFloat32()
    {
        var dir = TestPaths.NewTempDirectory();
        float[] values = [1.5f, -2f, 0.25f];
        var f32 = values.SelectMany(BitConverter.GetBytes).ToArray();
        var bf16 = values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits(v) >> 16))).ToArray();
        var f16 = values.SelectMany(v => BitConverter.GetBytes((Half)v)).ToArray();
        WriteSafetensors(dir,
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}," +
            "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[12,18]}," +
            "\"c\":{\"dtype\":\"F16\",\"shape\":[1,3],\"data_offsets\":[18,24]},\"__metadata__\":{\"format\":\"pt\"}}",
            [.. f32, .. bf16, .. f16]);
        var st = SafetensorsFile.OpenFolder(dir);
        Assert.Equal(values, st.Read("a", 3));
        Assert.Equal(values, st.Read("b", 3));
        Assert.Equal(values, st.Read("c", 1, 3));
        var wrongShape = Assert.Throws<ModelLoadException>(() => st.Read("c", 3));
        Assert.Contains("tensor c", wrongShape.Message);
        Assert.Throws<ModelLoadException>(() => st.Read("missing", 1));
    }

    [Fact]
    public void Llama3RopeScalingKeepsHighAndDividesLowFrequencies()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "config.json");
        // Llama-3.1-8B's rotary settings in transformers 4.x layout.
        File.WriteAllText(path, """
            {"architectures": ["LlamaForSequenceClassification"], "hidden_size": 4096, "intermediate_size": 14336,
             "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256,
             "rms_norm_eps": 1e-05, "rope_theta": 500000.0,
             "rope_scaling": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                              "original_max_position_embeddings": 8192, "rope_type": "llama3"}}
            """);
        var scaled = LlamaRmConfig.Load(path);
        var plain = scaled with { RopeScaling = null };
        Assert.Equal(128, scaled.HeadDim);
        Assert.Equal(8, scaled.KeyValueHeads);
        var s = scaled.InverseFrequencies();
        var p = plain.InverseFrequencies();
        Assert.Equal(p[0], s[0]);                       // wavelength 2 pi: far below 8192 / 4, unchanged
        Assert.Equal(p[^1] / 8, s[^1], 1e-12);          // wavelength far above 8192: divided by the factor
        for (int i = 0; i < s.Length; i++) Assert.InRange(s[i], p[i] / 8 * 0.999999, p[i] * 1.000001);
    }

    [Fact]
    public void UnsupportedArchitectureIsNamed()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "config.json");
        File.WriteAllText(path, "{\"architectures\": [\"GemmaForSequenceClassification\"], \"hidden_size\": 8}");
        var e = Assert.Throws<ModelLoadException>(() => LlamaRmConfig.Load(path));
        Assert.Equal(path, e.Path);
        Assert.Contains("GemmaForSequenceClassification", e.Message);
    }
}
