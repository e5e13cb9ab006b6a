using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace RewardEngine.Extensions.AI.Evaluation;

/// <summary>
/// Other answers to the same messages, for <see cref="RewardEvaluator"/> to compare the response with: given one
/// or more, the whole reward agent runs (router, every verifier including factuality, judger) on the response and
/// these, as <c>reward eval</c> does on a pair; without, the response is scored on its own.
/// </summary>
public sealed class RivalAnswersContext : EvaluationContext
{
    /// <summary>The name this context goes by in <see cref="EvaluationMetric.Context"/>.</summary>
    public const string ContextName = "Rival answers";

    /// <param name="answers">The rival answers, in the order they are shown to the agent after the response.</param>
    public RivalAnswersContext(params string[] answers)
        : base(ContextName, answers.Select(a => (AIContent)new TextContent(a)).ToArray())
    {
        Answers = answers;
    }

    /// <summary>The rival answers.</summary>
    public IReadOnlyList<string> Answers { get; }
}
