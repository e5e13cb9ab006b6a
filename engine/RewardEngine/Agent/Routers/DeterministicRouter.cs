namespace RewardEngine.Agent.Routers;

/// <summary>Asks each verifier whether it applies; no model calls.</summary>
public sealed class DeterministicRouter : IRouter
{
    public string Name => "deterministic";

    public async Task<RouteDecision> RouteAsync(RewardQuery query, IReadOnlyList<IVerifier> verifiers, CancellationToken cancellationToken)
    {
        var selected = new List<IVerifier>();
        foreach (var v in verifiers)
            if (v.Kind == SignalKind.Preference || await AppliesAsync(v, query, cancellationToken))
                selected.Add(v);
        return new RouteDecision(selected, "verifiers that apply: " + (selected.Count == 0 ? "none" : string.Join(", ", selected.Select(v => v.Name))));
    }

    // A verifier that cannot tell whether it applies is run, so that its failure is recorded as its error for this
    // query instead of ending the run.
    private static async ValueTask<bool> AppliesAsync(IVerifier verifier, RewardQuery query, CancellationToken cancellationToken)
    {
        try { return await verifier.AppliesToAsync(query, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested) { return true; }
    }
}
