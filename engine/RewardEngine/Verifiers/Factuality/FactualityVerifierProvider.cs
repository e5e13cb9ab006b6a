using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Knowledge;

namespace RewardEngine.Verifiers.Factuality;

/// <summary>
/// Builds the <see cref="FactualityVerifier"/> when the profile has a planner LLM and factuality is enabled.
/// The knowledge base (factuality.knowledgeBase), when set, is opened read-only and owned by the context.
/// </summary>
public sealed class FactualityVerifierProvider : IVerifierProvider
{
    public string Name => "factuality";

    public IVerifier? Create(AgentContext context)
    {
        var config = context.Config;
        if (config.Profile == Profiles.VerifiersOnly || !config.Factuality.Enabled) return null;
        var planner = context.Planner;
        if (planner is null) return null;
        var path = config.Resolve(config.Factuality.KnowledgeBase);
        var knowledge = path is null ? null : context.Own(KnowledgeBase.OpenReadOnly(path));
        context.Log.WriteLine(knowledge is null
            ? "factuality: no knowledge base configured; using the planner's own knowledge (local mode)"
            : $"factuality: knowledge base {path} ({knowledge.PassageCount:N0} passages)");
        return new FactualityVerifier(planner, knowledge, config.Factuality, context.Seed,
            config.Judger.MultiAnswer, context.Log);
    }
}
