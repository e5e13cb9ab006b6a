using RewardEngine.Data;
using RewardEngine.Models.Llm;

namespace RewardEngine.Agent.Routers;

/// <summary>
/// The paper's planner: the LLM reads the instruction and decides whether answers need a constraint check and a
/// factuality check; the answer is constrained to <c>{"constraint_check": bool, "factuality_check": bool}</c>.
/// An unparsable decision falls back to the deterministic router (and is counted as a parse failure).
/// </summary>
public sealed class LlmRouter(ITextGenerator planner, uint seed) : IRouter
{
    internal const string PromptVersion = "router-v1";

    private const string SystemPrompt =
        "You plan how to verify answers to a user's instruction. Two checks exist. " +
        "constraint_check: the instruction states hard, checkable requirements on the answer's form " +
        "(length, format, keywords, case, punctuation, language, start or end). " +
        "factuality_check: a correct answer depends on facts about the world (dates, names, numbers, science, history) " +
        "that could be looked up. Answer with JSON only.";

    private readonly DeterministicRouter _fallback = new();

    public string Name => "llm";

    public async Task<RouteDecision> RouteAsync(RewardQuery query, IReadOnlyList<IVerifier> verifiers, CancellationToken cancellationToken)
    {
        var result = await planner.GenerateAsync(new GenerationRequest(
        [
            ChatMessage.System(SystemPrompt),
            ChatMessage.User("Instruction:\n" + PromptText.Trim(query.Instruction, 2000) + "\n\nWhich checks are needed?"),
        ])
        {
            Grammar = Grammars.RouterDecision,
            MaxTokens = Grammars.MaxTokens(Grammars.RouterDecision),
            Seed = seed,
            PromptKind = PromptVersion,
        }, cancellationToken);

        if (StructuredOutput.ParseRouterDecision(result.Text) is not { } d)
        {
            var fb = await _fallback.RouteAsync(query, verifiers, cancellationToken);
            return fb with { Rationale = "planner output unparsable; " + fb.Rationale };
        }
        var selected = verifiers.Where(v => v.Kind switch
        {
            SignalKind.Preference => true,
            SignalKind.Constraint => d.Constraint,
            SignalKind.Factuality => d.Factuality,
            _ => false,
        }).ToList();
        return new RouteDecision(selected, $"planner: constraint_check={d.Constraint.ToString().ToLowerInvariant()}, factuality_check={d.Factuality.ToString().ToLowerInvariant()}");
    }
}
