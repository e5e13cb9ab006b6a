namespace RewardEngine.Agent.Routers;

/// <summary>Asks each verifier whether it applies; no model calls.</summary>
public sealed class DeterministicRouter : IRouter
{
    public string Name => "deterministic";

    public async Task<RouteDecision> RouteAsync(RewardQuery query, IReadOnlyList<IVerifier> verifiers, CancellationToken cancellationToken)
    {
        var selected = new List<IVerifier>();
        foreach (var v in verifiers)
            if (v.Kind == SignalKind.Preference || await v.AppliesToAsync(query, cancellationToken))
                selected.Add(v);
        return new RouteDecision(selected, "verifiers that apply: " + (selected.Count == 0 ? "none" : string.Join(", ", selected.Select(v => v.Name))));
    }
}
