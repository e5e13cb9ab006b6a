using RewardEngine.Agent.Judgers;
using RewardEngine.Agent.Routers;
using RewardEngine.Configuration;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Agent;

/// <summary>
/// Makes and drops an agent context (no models: a context builds them only when asked), then runs a made-up pair
/// through an agent of the engine's model-free parts: the deterministic router, the constraint verifier (when
/// enabled) and the configured judger when it asks no LLM (weighted sum otherwise). A run's first items then find the
/// agent's own code (routing, verifiers run concurrently, judging) ready instead of paying for its first use inside
/// the run's clock: on the 211-pair development set that first use was about a quarter of the clock. It builds
/// nothing that loads a model, opens a file or calls out, whatever the profile.
/// </summary>
internal static class AgentWarmUp
{
    private static readonly RewardQuery Pair = RewardQuery.FromInstruction(
        "Answer in under 20 words, all in lowercase letters, with exactly 2 bullet points.",
        "- the tide is low\n- the sand is warm",
        "The Tide Is Low. The sand is warm, and the gulls are loud over the water this morning, as they always are here.");

    /// <summary>Scores the made-up pair once; returns when done. A failure is ignored: the run meets it again and reports it.</summary>
    public static void Run(EngineConfig config)
    {
        try
        {
            // The run makes its context inside its clock, and the process's first one loads the metrics runtime (its
            // Meter): 7-8 ms of a 100 ms clock. A context builds its models only when asked for one, so this one has none.
            new AgentContext(config, Path.GetTempPath()).DisposeAsync().AsTask().GetAwaiter().GetResult();
            var verifiers = config.Constraints.Enabled ? new IVerifier[] { new ConstraintVerifier(new ConstraintParser(), config.Constraints) } : [];
            IJudger judger = config.Judger.Kind == JudgerKind.MajorVote
                ? new MajorVoteJudger(SignalWeights.For(config))
                : new WeightedSumJudger(SignalWeights.For(config));
            new RewardAgent(new DeterministicRouter(), verifiers, judger).EvaluateAsync(Pair, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception) { }
    }
}
