using RewardEngine.Agent;
using RewardEngine.Models.RewardModels;

namespace RewardEngine.Verifiers.Preference;

/// <summary>Builds the <see cref="PreferenceVerifier"/> when the config names a reward model (rewardModel.config).</summary>
public sealed class PreferenceVerifierProvider : IVerifierProvider
{
    public string Name => PreferenceVerifier.VerifierName;

    public IVerifier? Create(AgentContext context)
    {
        // verifiers-only means no model files, whatever else the config names.
        if (context.Config.Profile == Configuration.Profiles.VerifiersOnly) return null;
        var path = context.Config.Resolve(context.Config.RewardModel.Config);
        if (path is null) return null;
        var model = context.Own(OnnxRewardModel.Load(path, context.Log));
        var batcher = context.RewardModelBatching is { } batching
            ? context.Own(new RewardModelBatcher(model, batching, context.Metrics))
            : null;
        return new PreferenceVerifier(model, context.Config.RewardModel.BatchSize, batcher);
    }
}
