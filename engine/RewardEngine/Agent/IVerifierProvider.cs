namespace RewardEngine.Agent;

/// <summary>
/// Builds one verifier from the context, or returns null when the config or profile leaves it out.
/// Listed in <see cref="VerifierCatalog"/>.
/// </summary>
public interface IVerifierProvider
{
    string Name { get; }
    IVerifier? Create(AgentContext context);
}
