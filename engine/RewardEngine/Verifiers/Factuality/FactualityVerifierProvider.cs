using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Knowledge;

namespace RewardEngine.Verifiers.Factuality;

/// <summary>
/// Builds the <see cref="FactualityVerifier"/> when the profile has a planner LLM and factuality is enabled
/// (<c>factuality</c>). The knowledge base (factuality.knowledgeBase), when set, is opened read-only and owned by the
/// context. Signal kind factuality (weight 1.0, 1.2 in the majority vote, as the original); the router's
/// factuality_check. It compares answers, so it is no pointwise signal.
/// </summary>
public sealed class FactualityVerifierProvider : IVerifierProvider
{
    public string Name => "factuality";
    public SignalKind Kind => SignalKind.Factuality;
    public IReadOnlyList<string> WeightAliases => ["fact"];
    public SignalWeightDefaults DefaultWeights { get; } = new(1.0, 1.2);

    public RouterQuestion Question { get; } = new("factuality_check",
        "a correct answer depends on facts about the world (dates, names, numbers, science, history) that could be looked up.");

    public object? ReadOptions(EngineConfig config, ICollection<string> problems)
    {
        var f = config.Factuality;
        ConfigRules.Range(problems, "factuality.topK", f.TopK, 1, 100);
        ConfigRules.Range(problems, "factuality.evidenceTokens", f.EvidenceTokens, 64, 1 << 20);
        ConfigRules.Range(problems, "factuality.maxDifferences", f.MaxDifferences, 1, 20);
        ConfigRules.Range(problems, "factuality.maxQueries", f.MaxQueries, 1, 20);
        return f;
    }

    public IVerifier? Create(AgentContext context)
    {
        var config = context.Config;
        var options = VerifierCatalog.OptionsOf<FactualityOptions>(this, config)!;
        if (config.Profile == Profiles.VerifiersOnly || !options.Enabled) return null;
        var planner = context.Planner;
        if (planner is null) return null;
        var path = config.Resolve(options.KnowledgeBase);
        var knowledge = path is null ? null : context.Own(KnowledgeBase.OpenReadOnly(path));
        context.Log.WriteLine(knowledge is null
            ? "factuality: no knowledge base configured; using the planner's own knowledge (local mode)"
            : $"factuality: knowledge base {path} ({knowledge.PassageCount:N0} passages)");
        return new FactualityVerifier(planner, knowledge, options, context.Seed,
            config.Judger.MultiAnswer, context.Log);
    }
}
