using RewardEngine.Data;
using RewardEngine.Models.RewardModels;
using RewardEngine.Models.RewardModels.Export;
using Xunit;

namespace RewardEngine.Tests.RewardModels;

/// <summary>The random tiny RMs (plain and ArmoRM-shaped) against a managed forward pass; determinism of the writer.</summary>
public sealed class TinyRewardModelTests
{
    [Fact]
    public void ManagedReferenceAgreesWithTorchOnTheFixture()
    {
        // Validates the reference itself before it judges the ArmoRM graph, for which no torch output exists.
        var config = LlamaRmConfig.Load(Path.Combine(RmFixture.HuggingFaceDirectory, "config.json"));
        var reference = new ManagedLlamaReference(config, SafetensorsFile.OpenFolder(RmFixture.HuggingFaceDirectory));
        foreach (var r in RmFixture.References.OrderBy(r => r.InputIds.Length).Take(3))
            Assert.True(Math.Abs(reference.Score(r.InputIds) - r.Score) < 1e-4, $"{r.Id}: managed {reference.Score(r.InputIds)} vs torch {r.Score}");
    }

    [Fact]
    public void WriterIsDeterministic()
    {
        string a = TestPaths.NewTempDirectory(), b = TestPaths.NewTempDirectory();
        TinyRewardModelWriter.Write(a);
        TinyRewardModelWriter.Write(b);
        foreach (var f in new[] { "model.onnx", "manifest.json", "rm.json", "tokenizer.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, f)), File.ReadAllBytes(Path.Combine(b, f)));
        var other = TestPaths.NewTempDirectory();
        TinyRewardModelWriter.Write(other, seed: 7);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a, "model.onnx")), File.ReadAllBytes(Path.Combine(other, "model.onnx")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TinyModelScoresMatchTheManagedForwardPass(bool armoRM)
    {
        var rmJson = TinyRewardModelWriter.Write(TestPaths.NewTempDirectory(), armoRM: armoRM);
        using var model = OnnxRewardModel.Load(rmJson);
        Assert.Equal(armoRM ? OutputConventions.ArmoRM : OutputConventions.SequenceClassification, model.Manifest.Convention);
        var config = TinyRewardModelWriter.Config(armoRM);
        var reference = new ManagedLlamaReference(config, TinyRewardModelWriter.MakeWeights(config, 42));
        var texts = RmFixture.References.OrderBy(r => r.InputIds.Length).Take(4).Select(r => r.Messages).ToList();
        var scores = await model.ScoreAsync(texts, 4, CancellationToken.None);
        Assert.True(scores.Distinct().Count() > 1, "random model should tell texts apart");
        for (int i = 0; i < texts.Count; i++)
        {
            var ids = model.Encode(texts[i]);
            var expected = reference.Score(ids, armoRM ? model.GatingPosition(ids) : -1);
            Assert.True(Math.Abs(scores[i] - expected) < 1e-4, $"text {i}: onnx {scores[i]} vs managed {expected}");
        }
    }

    [Fact]
    public void ArmoRMGatingPositionIsTheLastUserTurnEnd()
    {
        using var model = OnnxRewardModel.Load(TinyRewardModelWriter.Write(TestPaths.NewTempDirectory(), armoRM: true));
        // Two user turns: the gating token is the end of the second (last) one.
        var conversation = new[]
        {
            ChatMessage.User("first question"), ChatMessage.Assistant("first answer"),
            ChatMessage.User("second question"), ChatMessage.Assistant("final answer"),
        };
        var ids = model.Encode(conversation);
        var pos = model.GatingPosition(ids);
        var pattern = model.Manifest.GatingPattern!;
        Assert.Equal(4, pattern[0]); // <|eot_id|> in this tokenizer
        Assert.Equal(pattern, ids[pos..(pos + pattern.Length)]);
        var prefix = model.Encode(conversation[..3]);
        Assert.Equal(prefix.Length - 1, pos); // the <|eot_id|> closing "second question"
    }
}
