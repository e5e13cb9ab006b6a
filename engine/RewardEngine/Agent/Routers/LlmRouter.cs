using System.Globalization;
using System.Text;
using RewardEngine.Data;
using RewardEngine.Models.Llm;

namespace RewardEngine.Agent.Routers;

/// <summary>
/// The paper's planner: the LLM reads the instruction and answers, per verifier the catalog has a
/// <see cref="RouterQuestion"/> for, whether answers need that check; the answer is constrained to
/// <c>{"constraint_check": bool, "factuality_check": bool, ...}</c> (<see cref="Grammars.RouterDecisionOf"/>), the
/// prompt lists the questions. A verifier the planner is not asked about (the reward model) always runs.
/// An unparsable decision falls back to the deterministic router (and is counted as a parse failure).
/// A verifier whose question says so (<see cref="RouterQuestion.VerifierOverrulesNo"/>: the constraint parser) runs
/// when the planner says no but the verifier finds something: the parser's finding is exact and cheap, and a planner
/// that misses a hard constraint would otherwise hide a broken one.
/// With <paramref name="fallback"/> off (config <c>routerFallback: false</c>, the original) the plan alone decides:
/// an unparsable plan runs no checks and no verifier overrules it.
/// </summary>
public sealed class LlmRouter(ITextGenerator planner, uint seed, bool fallback = true, VerifierCatalog? catalog = null) : IRouter
{
    /// <summary>The prompt's version for the engine's own questions; another set of questions is another prompt.</summary>
    internal const string PromptVersion = "router-v1";

    private readonly IReadOnlyList<(SignalKind Kind, RouterQuestion Question)> _questions = (catalog ?? VerifierCatalog.Default).Questions;
    private readonly DeterministicRouter _fallback = new();

    public string Name => "llm";

    /// <summary>The planner's system prompt: the questions of the catalog's providers, in catalog order.</summary>
    internal string SystemPrompt => field ??= BuildSystemPrompt(_questions.Select(q => q.Question).ToList());

    /// <summary>The GBNF grammar of the planner's answer: one boolean per question.</summary>
    internal string Grammar => field ??= Grammars.RouterDecisionOf([.. _questions.Select(q => q.Question.Name)]);

    /// <summary>
    /// The prompt kind: <see cref="PromptVersion"/> for the engine's own questions (byte-identical to the prompt of
    /// that version), else the version and a hash of the prompt, so that backends never share one prefix across two.
    /// </summary>
    internal string PromptKind => field ??= SystemPrompt == DefaultSystemPrompt
        ? PromptVersion
        : PromptVersion + "." + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(SystemPrompt)))[..12];

    private static readonly string DefaultSystemPrompt = BuildSystemPrompt([.. VerifierCatalog.Default.Questions.Select(q => q.Question)]);

    private static string BuildSystemPrompt(IReadOnlyList<RouterQuestion> questions)
    {
        var p = new StringBuilder("You plan how to verify answers to a user's instruction. ");
        p.Append(questions.Count == 1 ? "One check exists. " : $"{Count(questions.Count)} checks exist. ");
        foreach (var q in questions) p.Append(q.Name).Append(": ").Append(q.Text).Append(' ');
        return p.Append("Answer with JSON only.").ToString();
    }

    private static string Count(int n) => n switch
    {
        0 => "No", 2 => "Two", 3 => "Three", 4 => "Four", 5 => "Five", 6 => "Six", 7 => "Seven", 8 => "Eight", 9 => "Nine",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    public async Task<RouteDecision> RouteAsync(RewardQuery query, IReadOnlyList<IVerifier> verifiers, CancellationToken cancellationToken)
    {
        IReadOnlyList<ChatMessage> Prompt(double f) =>
        [
            ChatMessage.System(SystemPrompt),
            ChatMessage.User("Instruction:\n" + PromptText.Cut(PromptText.Trim(query.Instruction, 2000), f) + "\n\nWhich checks are needed?"),
        ];
        var result = await planner.GenerateAsync(GenerationRequest.Fitted(Prompt) with
        {
            Grammar = Grammar,
            MaxTokens = Grammars.MaxTokens(Grammar),
            Seed = query.SeedOr(seed),
            PromptKind = PromptKind,
        }, cancellationToken);

        var parsed = StructuredOutput.ParseRouterDecision(result.Text, [.. _questions.Select(q => q.Question.Name)]);
        var cost = result.Cost(parsed is not null);
        if (parsed is null && !fallback)
            return new RouteDecision(verifiers.Where(v => QuestionOf(v) is null).ToList(), "planner output unparsable: no checks (routerFallback off)") { Cost = cost };
        if (parsed is null)
        {
            var fb = await _fallback.RouteAsync(query, verifiers, cancellationToken);
            return fb with { Rationale = "planner output unparsable; " + fb.Rationale, Cost = cost + fb.Cost };
        }
        var selected = new List<IVerifier>();
        var added = new List<string>();
        foreach (var v in verifiers)
        {
            var question = QuestionOf(v);
            if (question is null)
            {
                // The planner is not asked about this kind: the reward model always runs; any other is kept rather
                // than dropped silently, and the rationale says so.
                selected.Add(v);
                if (v.Kind != SignalKind.Preference) added.Add(v.Name);
            }
            else if (parsed[question.Name]) selected.Add(v);
            else if (fallback && question.VerifierOverrulesNo && await v.AppliesToAsync(query, cancellationToken))
            {
                selected.Add(v);
                added.Add(v.Name);
            }
        }
        var rationale = "planner: " + string.Join(", ", _questions.Select(q => $"{q.Question.Name}={(parsed[q.Question.Name] ? "true" : "false")}"));
        if (added.Count > 0) rationale += $"; {string.Join(", ", added)} added: the parser found constraints, or the planner has no question for it";
        return new RouteDecision(selected, rationale) { Cost = cost };
    }

    private RouterQuestion? QuestionOf(IVerifier verifier) =>
        _questions.FirstOrDefault(q => q.Kind == verifier.Kind).Question;
}
