using System.Globalization;

namespace RewardEngine.Agent.Judgers;

/// <summary>
/// Each signal votes for its best answer with its weight (by default its provider's: factuality 1.2, constraint 1.1,
/// preference 1.0, as the original); a signal whose top answers tie splits its weight equally among them.
/// </summary>
public sealed class MajorVoteJudger(SignalWeights weights) : IJudger
{
    /// <summary>The engine's verifiers' default weights here (each provider's <see cref="SignalWeightDefaults.MajorVote"/>).</summary>
    public static IReadOnlyDictionary<SignalKind, double> DefaultWeights { get; } = VerifierCatalog.Default.DefaultWeights(Configuration.JudgerKind.MajorVote);

    public string Name => "major_vote";

    public Task<Judgment> JudgeAsync(RewardQuery query, IReadOnlyList<SignalResult> signals, CancellationToken cancellationToken)
    {
        var votes = new double[query.Answers.Count];
        var parts = new List<string>();
        foreach (var s in signals)
        {
            var w = weights[s.Kind];
            var top = Judgment.Top(s.Scores);
            foreach (var i in top) votes[i] += w / top.Count;
            parts.Add(top.Count == votes.Length
                ? $"{s.Name} ({Fmt(w)}) split: all tie"
                : $"{s.Name} ({Fmt(w)}) -> {string.Join("/", top.Select(Letter))}");
        }
        var rationale = signals.Count == 0 ? "no signal applied: all answers tie" : "votes: " + string.Join("; ", parts);
        return Task.FromResult(new Judgment(Name, votes, Judgment.ArgMax(votes), rationale));
    }

    internal static string Letter(int i) => i < 26 ? ((char)('A' + i)).ToString() : $"#{i + 1}";
    private static string Fmt(double w) => w.ToString("0.##", CultureInfo.InvariantCulture);
}
