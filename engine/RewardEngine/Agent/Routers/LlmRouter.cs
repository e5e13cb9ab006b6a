using RewardEngine.Data;
using RewardEngine.Models.Llm;

namespace RewardEngine.Agent.Routers;

/// <summary>
/// The paper's planner: the LLM reads the instruction and decides whether answers need a constraint check and a
/// factuality check; the answer is constrained to <c>{"constraint_check": bool, "factuality_check": bool}</c>.
/// An unparsable decision falls back to the deterministic router (and is counted as a parse failure).
/// Constraints the deterministic parser finds are checked even when the planner says no: the parser's finding is
/// exact and cheap, and a planner that misses a hard constraint would otherwise hide a broken one.
/// With <paramref name="fallback"/> off (config <c>routerFallback: false</c>, the original) the plan alone decides:
/// an unparsable plan runs no checks and the parser adds nothing.
/// </summary>
public sealed class LlmRouter(ITextGenerator planner, uint seed, bool fallback = true) : IRouter
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
        IReadOnlyList<ChatMessage> Prompt(double f) =>
        [
            ChatMessage.System(SystemPrompt),
            ChatMessage.User("Instruction:\n" + PromptText.Cut(PromptText.Trim(query.Instruction, 2000), f) + "\n\nWhich checks are needed?"),
        ];
        var result = await planner.GenerateAsync(GenerationRequest.Fitted(Prompt) with
        {
            Grammar = Grammars.RouterDecision,
            MaxTokens = Grammars.MaxTokens(Grammars.RouterDecision),
            Seed = query.SeedOr(seed),
            PromptKind = PromptVersion,
        }, cancellationToken);

        var parsed = StructuredOutput.ParseRouterDecision(result.Text);
        if (parsed is null && !fallback)
            return new RouteDecision(verifiers.Where(v => v.Kind == SignalKind.Preference).ToList(), "planner output unparsable: no checks (routerFallback off)");
        if (parsed is not { } d)
        {
            var fb = await _fallback.RouteAsync(query, verifiers, cancellationToken);
            return fb with { Rationale = "planner output unparsable; " + fb.Rationale };
        }
        var selected = new List<IVerifier>();
        var added = new List<string>();
        foreach (var v in verifiers)
        {
            bool? planned = v.Kind switch
            {
                SignalKind.Preference => true,
                SignalKind.Constraint => d.Constraint,
                SignalKind.Factuality => d.Factuality,
                _ => null, // the planner is not asked about this kind: keep it rather than drop it silently
            };
            if (planned is null) { selected.Add(v); added.Add(v.Name); }
            else if (planned.Value) selected.Add(v);
            else if (fallback && v.Kind == SignalKind.Constraint && await v.AppliesToAsync(query, cancellationToken))
            {
                selected.Add(v);
                added.Add(v.Name);
            }
        }
        var rationale = $"planner: constraint_check={d.Constraint.ToString().ToLowerInvariant()}, factuality_check={d.Factuality.ToString().ToLowerInvariant()}";
        if (added.Count > 0) rationale += $"; {string.Join(", ", added)} added: the parser found constraints, or the planner has no question for it";
        return new RouteDecision(selected, rationale);
    }
}
