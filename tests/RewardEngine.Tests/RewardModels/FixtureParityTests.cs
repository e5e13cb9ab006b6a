using Xunit;
using RewardEngine.Models.RewardModels;
using RewardEngine.Models.RewardModels.Export;

namespace RewardEngine.Tests.RewardModels;

/// <summary>The C# path (template, tokenizer, ONNX graph, batching) against torch's token ids and scores.</summary>
public sealed class FixtureParityTests(FixtureParityTests.Scores scores) : IClassFixture<FixtureParityTests.Scores>
{
    private readonly Scores _scores = scores;

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

    /// <summary>Scores of all 80 texts at batch 1 and 16, computed once for the tests below.</summary>
    public sealed class Scores : IDisposable
    {
        public Scores()
        {
            Model = OnnxRewardModel.Load(RmFixture.RmJson);
            var texts = RmFixture.References.Select(r => r.Messages).ToList();
            Batch1 = Model.ScoreAsync(texts, 1, CancellationToken.None).GetAwaiter().GetResult();
            Batch16 = Model.ScoreAsync(texts, 16, CancellationToken.None).GetAwaiter().GetResult();
        }

        public OnnxRewardModel Model { get; }
        public float[] Batch1 { get; }
        public float[] Batch16 { get; }
        public void Dispose() => Model.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void ScoresMatchTorchWithin1e4(int batchSize)
    {
        var scores = batchSize == 1 ? _scores.Batch1 : _scores.Batch16;
        var refs = RmFixture.References;
        var maxDiff = refs.Select((r, i) => Math.Abs(scores[i] - r.Score)).Max();
        Assert.True(maxDiff < 1e-4, $"max |onnx - torch| = {maxDiff:E2} at batch {batchSize}");
    }

    [Fact]
    public async Task BatchSizeAndNeighboursDoNotChangeScores()
    {
        for (int i = 0; i < _scores.Batch1.Length; i++)
            Assert.True(Math.Abs(_scores.Batch1[i] - _scores.Batch16[i]) < 1e-4, $"text {i}: batch 1 {_scores.Batch1[i]} vs 16 {_scores.Batch16[i]}");
        // Other neighbours: the 30 shortest texts in a shuffled order, batched by 7.
        var picked = Enumerable.Range(0, 80).OrderBy(i => RmFixture.References[i].InputIds.Length).Take(30)
            .OrderBy(i => (i * 37) % 31).ToList();
        var shuffled = await _scores.Model.ScoreAsync(picked.Select(i => RmFixture.References[i].Messages).ToList(), 7, CancellationToken.None);
        for (int j = 0; j < picked.Count; j++)
            Assert.True(Math.Abs(shuffled[j] - _scores.Batch1[picked[j]]) < 1e-4, $"text {picked[j]}: neighbours changed the score");
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
