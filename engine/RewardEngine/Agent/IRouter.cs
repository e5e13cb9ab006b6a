namespace RewardEngine.Agent;

/// <summary>Decides which verifiers apply to a query. The preference signal, where present, always applies.</summary>
public interface IRouter
{
    string Name { get; }
    Task<RouteDecision> RouteAsync(RewardQuery query, IReadOnlyList<IVerifier> verifiers, CancellationToken cancellationToken);
}

/// <summary>The verifiers to run and why, and what deciding cost (the planner's call, if any).</summary>
public sealed record RouteDecision(IReadOnlyList<IVerifier> Selected, string Rationale)
{
    public Evaluation.LlmCost Cost { get; init; } = Evaluation.LlmCost.Zero;
}
