using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Verifiers.Preference;
using Xunit;

namespace RewardEngine.Tests.RewardModels;

public sealed class PreferenceVerifierTests
{
    [Fact]
    public async Task ScoresEveryAnswerWithTheRewardModel()
    {
        var config = new EngineConfig { Profile = Profiles.Tiny, BaseDirectory = RmFixture.Directory, RewardModel = new RewardModelOptions { Config = "rm.json" } };
        await using var context = new AgentContext(config, TestPaths.NewTempDirectory());
        var verifier = new PreferenceVerifierProvider().Create(context);
        Assert.NotNull(verifier);
        Assert.Equal("preference", verifier.Name);
        Assert.Equal(SignalKind.Preference, verifier.Kind);

        // Three answers to the same instruction, among them the fixture's chosen and rejected: torch scored those two.
        var refs = RmFixture.References;
        var chosen = refs.First(r => r.Side == "text_chosen");
        var rejected = refs.First(r => r.Side == "text_rejected" && r.Id == chosen.Id);
        var query = RewardEngine.Agent.RewardQuery.FromInstruction(chosen.Messages[0].Content,
            chosen.Messages[1].Content, "A short third answer.", rejected.Messages[1].Content);
        Assert.True(await verifier.AppliesToAsync(query, CancellationToken.None));
        var result = await verifier.ScoreAsync(query, CancellationToken.None);
        Assert.Equal(3, result.Scores.Count);
        Assert.True(Math.Abs(result.Scores[0] - chosen.Score) < 1e-4);
        Assert.True(Math.Abs(result.Scores[2] - rejected.Score) < 1e-4);
        Assert.Contains("tiny-llama-rm", result.Rationale);
        Assert.Contains(result.Scores[1].ToString("G6", System.Globalization.CultureInfo.InvariantCulture), result.Rationale);
    }

    [Fact]
    public async Task NoRewardModelConfiguredMeansNoVerifier()
    {
        await using var context = new AgentContext(new EngineConfig(), TestPaths.NewTempDirectory());
        Assert.Null(new PreferenceVerifierProvider().Create(context));
    }
}
