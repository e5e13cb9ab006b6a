namespace RewardEngine.Agent;

/// <summary>
/// What the LLM router asks the planner about one verifier: <paramref name="Name"/> is the JSON key of the
/// planner's yes/no ("constraint_check"), <paramref name="Text"/> the sentence that explains it in the planner's
/// prompt. The router's prompt and its grammar are built from the questions of the providers in the catalog.
/// </summary>
public sealed record RouterQuestion(string Name, string Text)
{
    /// <summary>
    /// With the router's safety net on (<c>routerFallback</c>), the verifier runs when the planner says no but its own
    /// <see cref="IVerifier.AppliesToAsync"/> says yes: for a verifier whose own answer is exact and cheap (the
    /// constraint parser), so a planner that misses a hard constraint cannot hide a broken one.
    /// </summary>
    public bool VerifierOverrulesNo { get; init; }
}
