using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Models.RewardModels;

namespace RewardEngine.Verifiers.Preference;

/// <summary>
/// Builds the <see cref="PreferenceVerifier"/> when the config names a reward model (<c>rewardModel.config</c>).
/// Signal kind preference (weight 1.0); the router never asks about it: it always runs. Its score is pointwise.
/// </summary>
public sealed class PreferenceVerifierProvider : IVerifierProvider
{
    public string Name => PreferenceVerifier.VerifierName;
    public SignalKind Kind => SignalKind.Preference;
    public IReadOnlyList<string> WeightAliases => ["reward_model", "rm"];
    public bool Pointwise => true;

    public object? ReadOptions(EngineConfig config, ICollection<string> problems)
    {
        ConfigRules.Range(problems, "rewardModel.batchSize", config.RewardModel.BatchSize, 1, 4096);
        return config.RewardModel;
    }

    public IVerifier? Create(AgentContext context)
    {
        // verifiers-only means no model files, whatever else the config names.
        if (context.Config.Profile == Profiles.VerifiersOnly) return null;
        var options = VerifierCatalog.OptionsOf<RewardModelOptions>(this, context.Config)!;
        var path = context.Config.Resolve(options.Config);
        if (path is null) return null;
        var model = context.Own(OnnxRewardModel.Load(path, context.Log));
        var batcher = context.RewardModelBatching is { } batching
            ? context.Own(new RewardModelBatcher(model, batching, context.Metrics))
            : null;
        return new PreferenceVerifier(model, options.BatchSize, batcher);
    }
}
