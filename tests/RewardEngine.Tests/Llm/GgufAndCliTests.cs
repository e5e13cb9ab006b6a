using RewardEngine.Cli;
using RewardEngine.Configuration;
using RewardEngine.Models.Llm.Gguf;
using RewardEngine.Models.Llm.LlamaSharp;
using Xunit;

namespace RewardEngine.Tests.Llm;

public sealed class GgufAndCliTests
{
    [Fact]
    public void Quantized_bench_model_passes_the_check_and_loads_in_llama_cpp()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "bench.gguf");
        var quantized = TinyLlamaModel.BySize("bench-q8");
        Assert.Equal(GgmlType.Q8_0, quantized.WeightType);
        quantized.Write(path);
        var summary = GgufFileCheck.Validate(path);
        Assert.Equal(2 + 9 * TinyLlamaModel.Bench.Layers + 1, summary.TensorCount);
        using var model = LlamaModelFile.Load(path, new LlmOptions());
        Assert.Equal(TinyLlamaModel.Bench.ParameterCount, model.ParameterCount);
        // Q8_0 stores 34 bytes per 32 weights: about a quarter of the F32 size.
        Assert.InRange(new FileInfo(path).Length, TinyLlamaModel.Bench.ParameterCount, TinyLlamaModel.Bench.ParameterCount * 3 / 2);
    }

    [Fact]
    public void Q4_0_weights_are_read_by_llama_cpp_as_they_were_meant()
    {
        var dir = TestPaths.NewTempDirectory();
        string Write(string name, GgmlType type, ulong seed)
        {
            var path = Path.Combine(dir, name);
            (TinyLlamaModel.Tiny with { WeightType = type }).Write(path, seed);
            return path;
        }
        var f32 = Logits(Write("f32.gguf", GgmlType.F32, 42));
        var q4 = Logits(Write("q4.gguf", GgmlType.Q4_0, 42));
        var other = Logits(Write("other.gguf", GgmlType.F32, 7));
        // 4-bit weights move the logits a little; a wrong nibble order or scale sign would scramble them, as
        // different weights do.
        Assert.InRange(Cosine(q4, f32), 0.95, 1.0);
        Assert.InRange(Cosine(other, f32), -0.5, 0.5);
        Assert.InRange(new FileInfo(Path.Combine(dir, "q4.gguf")).Length, 0, new FileInfo(Path.Combine(dir, "f32.gguf")).Length / 4);

        static float[] Logits(string path)
        {
            using var model = LlamaModelFile.Load(path, new LlmOptions());
            using var context = model.Weights.CreateContext(new LLama.Common.ModelParams(path) { ContextSize = 64 });
            var batch = new LLama.Native.LLamaBatch();
            int[] tokens = [TinyLlamaModel.Bos, 80, 111, 108, 111, 110, 105, 117, 109];
            for (var i = 0; i < tokens.Length; i++) batch.Add(tokens[i], i, (LLama.Native.LLamaSeqId)0, i == tokens.Length - 1);
            Assert.Equal(LLama.Native.DecodeResult.Ok, context.NativeHandle.Decode(batch));
            return context.NativeHandle.GetLogitsIth(batch.TokenCount - 1).ToArray();
        }

        static double Cosine(float[] a, float[] b)
        {
            double dot = 0, na = 0, nb = 0;
            for (var i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
            return dot / Math.Sqrt(na * nb);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0xC3, 0xA9 }, true)]        // "Aé"
    [InlineData(new byte[] { 0xC0, 0xA2 }, false)]             // overlong '"', which llama.cpp's grammar would read as a quote
    [InlineData(new byte[] { 0xE0, 0x80, 0xA2 }, false)]       // overlong, three bytes
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, false)]       // a UTF-16 surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, false)] // past U+10FFFF
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, true)]  // an emoji
    public void Utf8_guard_accepts_exactly_valid_utf8(byte[] bytes, bool valid)
    {
        var state = Utf8State.Clean;
        Utf8State? s = state;
        foreach (var b in bytes) s = s is { } cur ? Utf8Guard.Advance(cur, [b]) : null;
        Assert.Equal(valid, s is { IsClean: true });
        Assert.Equal(valid, Utf8Guard.Advance(state, bytes) is { IsClean: true });
    }

    [Fact]
    public async Task Make_tiny_and_llm_bench_commands_run()
    {
        var dir = TestPaths.NewTempDirectory();
        var code = await Commands.InProcessCli.RunAsync("models", "make-tiny", "--out", dir);
        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(dir, "tiny.json")));
        var model = Path.Combine(dir, "tiny-llm.gguf");
        code = await Commands.InProcessCli.RunAsync("llm", "bench", "--model", model, "--sequences", "1,2", "--tokens", "4", "--rounds", "1");
        Assert.Equal(0, code);
        Assert.Equal(1, await Commands.InProcessCli.RunAsync("llm", "bench", "--model", model, "--sequences", "0")); // a usage error
    }
}
