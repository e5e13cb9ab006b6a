using RewardEngine.Agent;
using RewardEngine.Configuration;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// Builds the constraint verifier from the config (<c>constraints</c>): the parser always, the coder LLM's generated
/// checkers where the profile has a coder and the sandbox can isolate them. Signal kind constraint (weight 1.0,
/// 1.1 in the majority vote, as the original); the router's constraint_check; its share of constraints met is a
/// pointwise signal.
/// </summary>
public sealed class ConstraintVerifierProvider : IVerifierProvider
{
    public string Name => "constraints";
    public SignalKind Kind => SignalKind.Constraint;
    public IReadOnlyList<string> WeightAliases => ["constraints", "instruction_following"];
    public SignalWeightDefaults DefaultWeights { get; } = new(1.0, 1.1);
    public bool Pointwise => true;

    // The parser's finding is exact and cheap: it may overrule a planner that says no.
    public RouterQuestion Question { get; } = new("constraint_check",
        "the instruction states hard, checkable requirements on the answer's form " +
        "(length, format, keywords, case, punctuation, language, start or end).") { VerifierOverrulesNo = true };

    public object? ReadOptions(EngineConfig config, ICollection<string> problems)
    {
        var c = config.Constraints;
        ConfigRules.Range(problems, "constraints.maxCheckers", c.MaxCheckers, 1, 64);
        ConfigRules.Range(problems, "constraints.repairRounds", c.RepairRounds, 0, 10);
        return c;
    }

    public IVerifier? Create(AgentContext context)
    {
        var options = VerifierCatalog.OptionsOf<ConstraintOptions>(this, context.Config)!;
        return options.Enabled
            ? new ConstraintVerifier(new ConstraintParser(), options, Generated.GeneratedCheckerPath.Create(context), context.Log)
            : null;
    }
}
