using Xunit;
using RewardEngine.Models.RewardModels;
using RewardEngine.Models.RewardModels.Export;

namespace RewardEngine.Tests.RewardModels;

/// <summary>The C# path (template, tokenizer, ONNX graph, batching) against torch's token ids and scores.</summary>
public sealed class FixtureParityTests
{
    [Fact]
    public void RenderedTextAndInputIdsMatchTorchForAll80Texts()
    {
        using var model = OnnxRewardModel.Load(RmFixture.RmJson);
        var refs = RmFixture.References;
        Assert.Equal(80, refs.Count);
        int rendered = 0, ids = 0;
        foreach (var r in refs)
        {
            if (model.Render(r.Messages) == r.Rendered) rendered++;
            if (model.Encode(r.Messages).SequenceEqual(r.InputIds)) ids++;
        }
        Assert.Equal(80, rendered);
        Assert.Equal(80, ids);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task ScoresMatchTorchWithin1e4(int batchSize)
    {
        using var model = OnnxRewardModel.Load(RmFixture.RmJson);
        var refs = RmFixture.References;
        var scores = await model.ScoreAsync(refs.Select(r => r.Messages).ToList(), batchSize, CancellationToken.None);
        var maxDiff = refs.Select((r, i) => Math.Abs(scores[i] - r.Score)).Max();
        Assert.True(maxDiff < 1e-4, $"max |onnx - torch| = {maxDiff:E2} at batch {batchSize}");
    }

    [Fact]
    public async Task BatchSizeAndNeighboursDoNotChangeScores()
    {
        using var model = OnnxRewardModel.Load(RmFixture.RmJson);
        var texts = RmFixture.References.Select(r => r.Messages).ToList();
        var one = await model.ScoreAsync(texts, 1, CancellationToken.None);
        var sixteen = await model.ScoreAsync(texts, 16, CancellationToken.None);
        // Different neighbours: the same texts in reverse order, batched by 5.
        var reversed = await model.ScoreAsync(texts.AsEnumerable().Reverse().ToList(), 5, CancellationToken.None);
        for (int i = 0; i < texts.Count; i++)
        {
            Assert.True(Math.Abs(one[i] - sixteen[i]) < 1e-4, $"text {i}: batch 1 {one[i]} vs 16 {sixteen[i]}");
            Assert.True(Math.Abs(one[i] - reversed[texts.Count - 1 - i]) < 1e-4, $"text {i}: order changed the score");
        }
    }

    [Fact]
    public void ReExportingTheFixtureGivesTheCommittedFiles()
    {
        var dir = TestPaths.NewTempDirectory();
        HuggingFaceRmExporter.Export(RmFixture.HuggingFaceDirectory, dir);
        foreach (var f in new[] { "model.onnx", "manifest.json", "rm.json", "tokenizer.json" })
            Assert.True(File.ReadAllBytes(Path.Combine(dir, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(RmFixture.Directory, f))),
                $"{f} differs from the committed fixture");
    }

    [Fact]
    public async Task ExternalDataExportScoresTheSame()
    {
        var dir = TestPaths.NewTempDirectory();
        var result = HuggingFaceRmExporter.Export(RmFixture.HuggingFaceDirectory, dir, new RmExportOptions { ExternalDataThreshold = 0 });
        Assert.True(File.Exists(Path.Combine(dir, "model.onnx.data")));
        Assert.True(new FileInfo(result.Model).Length < 100_000, "weights should live in model.onnx.data");
        using var model = OnnxRewardModel.Load(result.RewardModelConfig);
        var refs = RmFixture.References.Take(6).ToList();
        var scores = await model.ScoreAsync(refs.Select(r => r.Messages).ToList(), 4, CancellationToken.None);
        for (int i = 0; i < refs.Count; i++) Assert.True(Math.Abs(scores[i] - refs[i].Score) < 1e-4);
    }

    [Fact]
    public void LongTextsAreTruncatedFromTheLeft()
    {
        var dir = TestPaths.NewTempDirectory();
        var result = HuggingFaceRmExporter.Export(RmFixture.HuggingFaceDirectory, dir, new RmExportOptions { MaxLength = 64 });
        using var model = OnnxRewardModel.Load(result.RewardModelConfig);
        var r = RmFixture.References.First(x => x.InputIds.Length > 64);
        var ids = model.Encode(r.Messages);
        Assert.Equal(r.InputIds[^64..], ids);
    }
}
