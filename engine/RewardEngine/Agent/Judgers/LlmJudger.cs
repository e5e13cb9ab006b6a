using System.Globalization;
using System.Text;
using RewardEngine.Data;
using RewardEngine.Models.Llm;

namespace RewardEngine.Agent.Judgers;

/// <summary>
/// The answer-reading LLM judge (<c>llm_judge</c>): shows the judge LLM the instruction, the answers and the verifiers'
/// findings, and asks for a verdict, constrained to [[A]] or [[B]]. Best-of-n compares answers pairwise (see
/// <see cref="MultiAnswer"/>). The original's judger, which reads scores only, is <see cref="LlmAggregatorJudger"/>.
/// </summary>
public sealed class LlmJudger(ITextGenerator planner, uint seed, MultiAnswerMode multiAnswer = MultiAnswerMode.Average, int answerChars = 1500) : IJudger
{
    internal const string PromptVersion = "judge-v1";

    private const string SystemPrompt =
        "You judge two answers to a user's instruction. Decide which answer better satisfies the instruction: " +
        "correct facts first, then the instruction's explicit requirements, then helpfulness. " +
        "Automatic verifiers have already checked parts of the answers; weigh their findings, they can be wrong. " +
        "Reply with [[A]] if answer A is better or [[B]] if answer B is better, and nothing else.";

    public string Name => "llm_judge";

    public async Task<Judgment> JudgeAsync(RewardQuery query, IReadOnlyList<SignalResult> signals, CancellationToken cancellationToken)
    {
        if (query.Answers.Count == 2)
        {
            var (winner, cost) = await CompareAsync(query, signals, 0, 1, cancellationToken);
            var scores = winner is null ? new[] { 0.5, 0.5 } : winner == 0 ? new[] { 1.0, 0.0 } : new[] { 0.0, 1.0 };
            return new Judgment(Name, scores, winner,
                winner is null ? "the verdict could not be parsed: tie" : $"the LLM judge preferred {MajorVoteJudger.Letter(winner.Value)}") { Cost = cost };
        }
        var mode = multiAnswer;
        var multi = await MultiAnswer.ScoreAsync(query.Answers.Count, async (i, j, ct) =>
        {
            var (winner, cost) = await CompareAsync(query, signals, i, j, ct);
            return (winner is null ? new PairScores(0.5, 0.5) : winner == i ? new PairScores(1, 0) : new PairScores(0, 1)) with { Cost = cost };
        }, mode, unchecked((int)query.SeedOr(seed)), cancellationToken);
        return new Judgment(Name, multi.Scores, Judgment.ArgMax(multi.Scores), mode == MultiAnswerMode.Elo
            ? "Elo from pairwise LLM verdicts (K 30, start 1500), as expected score against a 1500 answer"
            : "mean score of pairwise LLM verdicts") { Cost = multi.Cost };
    }

    /// <summary>One game between answers i (shown as A) and j (shown as B): the winner's index, or null; and its cost.</summary>
    private async Task<(int? Winner, Evaluation.LlmCost Cost)> CompareAsync(RewardQuery query, IReadOnlyList<SignalResult> signals, int i, int j, CancellationToken ct)
    {
        IReadOnlyList<ChatMessage> Prompt(double f)
        {
            var user = new StringBuilder();
            user.Append("Instruction:\n").Append(PromptText.Cut(PromptText.Trim(query.Instruction, answerChars), f)).Append("\n\n");
            user.Append("[Answer A]\n").Append(PromptText.Cut(PromptText.Trim(query.Answers[i], answerChars), f)).Append("\n\n");
            user.Append("[Answer B]\n").Append(PromptText.Cut(PromptText.Trim(query.Answers[j], answerChars), f)).Append("\n\n");
            if (signals.Count > 0)
            {
                user.Append("Verifier findings:\n");
                foreach (var s in signals)
                    user.Append(CultureInfo.InvariantCulture, $"- {s.Name}: A {s.Scores[i]:0.###}, B {s.Scores[j]:0.###}. {PromptText.Trim(s.Rationale, 300)}\n");
                user.Append('\n');
            }
            user.Append("Which answer is better? Reply [[A]] or [[B]].");
            return [ChatMessage.System(SystemPrompt), ChatMessage.User(user.ToString())];
        }
        var result = await planner.GenerateAsync(GenerationRequest.Fitted(Prompt) with
        {
            Grammar = Grammars.Verdict,
            MaxTokens = Grammars.MaxTokens(Grammars.Verdict),
            Seed = query.SeedOr(seed),
            PromptKind = PromptVersion,
        }, ct);
        int? winner = StructuredOutput.ParseVerdict(result.Text) switch { 0 => i, 1 => j, _ => null };
        return (winner, result.Cost(winner is not null));
    }
}
