namespace RewardEngine.Agent;

/// <summary>Every verifier the engine knows, in the order signals are reported.</summary>
public static class VerifierCatalog
{
    public static IReadOnlyList<IVerifierProvider> Providers { get; } =
    [
        new Verifiers.Preference.PreferenceVerifierProvider(),
        new Verifiers.Constraints.ConstraintVerifierProvider(),
        new Verifiers.Factuality.FactualityVerifierProvider(),
    ];
}
