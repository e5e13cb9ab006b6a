using Microsoft.ML.OnnxRuntime;
using RewardEngine.Models.RewardModels;
using Xunit;

namespace RewardEngine.Tests.RewardModels;

public sealed class DeviceFallbackTests
{
    [Fact]
    public async Task CudaRequestedWithoutCudaRunsOnCpuWithAWarning()
    {
        // Only meaningful in the CPU build, which CI uses; the GPU build on a CUDA machine would really run on CUDA.
        if (OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider")) return;
        var dir = TestPaths.NewTempDirectory();
        foreach (var f in Directory.GetFiles(RmFixture.Directory))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var rmJson = Path.Combine(dir, "rm.json");
        File.WriteAllText(rmJson, File.ReadAllText(rmJson).Replace("\"auto\"", "\"cuda\"", StringComparison.Ordinal));
        var log = new StringWriter();
        using var model = OnnxRewardModel.Load(rmJson, log);
        Assert.Equal("cuda", model.Files.Device);
        Assert.Equal("CPU", model.ExecutionProvider);
        Assert.Contains("warning:", log.ToString());
        Assert.Contains("-p:OnnxBackend=Gpu", log.ToString());
        var r = RmFixture.References[0];
        var score = (await model.ScoreAsync([r.Messages], 1, CancellationToken.None))[0];
        Assert.True(Math.Abs(score - r.Score) < 1e-4);
    }
}

public sealed class ThreadCountTests
{
    [Fact]
    public async Task ScoresDoNotDependOnThreadCount()
    {
        var texts = RmFixture.References.OrderBy(r => r.InputIds.Length).Take(12).Select(r => r.Messages).ToList();
        var results = new List<float[]>();
        foreach (var threads in new[] { 1, 2, 3 })
        {
            var dir = TestPaths.NewTempDirectory();
            foreach (var f in Directory.GetFiles(RmFixture.Directory))
                File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            var rmJson = Path.Combine(dir, "rm.json");
            File.WriteAllText(rmJson, File.ReadAllText(rmJson).Replace("\"threads\": 0", $"\"threads\": {threads}", StringComparison.Ordinal));
            using var model = OnnxRewardModel.Load(rmJson);
            Assert.Equal(threads, model.Files.Threads);
            results.Add(await model.ScoreAsync(texts, 4, CancellationToken.None));
        }
        for (int i = 0; i < texts.Count; i++)
            Assert.True(Math.Abs(results[0][i] - results[1][i]) < 1e-6 && Math.Abs(results[0][i] - results[2][i]) < 1e-6,
                $"text {i}: {results[0][i]} / {results[1][i]} / {results[2][i]} with 1 / 2 / 3 threads");
    }
}
