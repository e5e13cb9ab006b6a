using RewardEngine.Agent;
using RewardEngine.Agent.Judgers;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>
/// The major-vote judger over the first n responses: each signal votes for its best responses with its weight
/// (split on a tie); the response with most votes wins, the first one on a tie.
/// </summary>
public sealed class MajorVoteSelector(SignalWeights weights) : IResponseSelector
{
    public string Name => "major_vote";

    public async Task<Selection> SelectAsync(SelectionInput input, int n, CancellationToken cancellationToken)
    {
        var first = input.Signals.Take(n).ToList();
        // Only signals every response has: a verifier that failed on one response cannot vote fairly.
        var names = first[0].Signals.Select(s => s.Name).Where(name => first.All(r => r.Signals.Any(s => s.Name == name))).ToList();
        var signals = names.Select(name =>
        {
            var scores = first.Select(r => r.Signals.First(s => s.Name == name)).ToList();
            return new SignalResult(name, scores[0].Kind, scores.Select(s => s.Score).ToList(), "") { Scale = scores[0].Scale };
        }).ToList();
        var query = new RewardQuery([Data.ChatMessage.User(input.Row.Prompt)], input.Row.Responses.Take(n).ToList());
        var judgment = await new MajorVoteJudger(weights).JudgeAsync(query, signals, cancellationToken);
        return Judgment.Top(judgment.Scores)[0];
    }
}
