using System.Globalization;
using RewardEngine.Evaluation;

namespace RewardEngine.Reporting;

/// <summary>
/// Names what made a pair's result change between two runs, from the records alone. In order:
/// the same verdicts scored differently (the tie policy); a verdict that only changed in an A/B order one run did not
/// show (position bias); the signal that moved furthest toward the new result (one that changed its preference first);
/// the judger, when the signals stayed put. Where both runs showed an order, only those games are compared, so a
/// signal's own position bias is not mistaken for a change.
/// </summary>
internal static class ChangeAttribution
{
    private const double Epsilon = 1e-9;
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static ChangeCause Explain(ScoredPair a, ScoredPair b, RunProvenance pa, RunProvenance pb)
    {
        int direction = Math.Sign(b.Result - a.Result);
        var gamesA = a.Record.Games;
        var gamesB = b.Record.Games;
        var common = gamesA.Select(g => g.Order).Intersect(gamesB.Select(g => g.Order)).ToList();
        bool sameOrders = common.Count == gamesA.Count && common.Count == gamesB.Count;
        bool samePicksInCommon = common.Count > 0 && common.All(o => Game(gamesA, o).Picked == Game(gamesB, o).Picked);

        // Scored alike under one rule (a tie is half), the verdicts are as good in both runs: the rule made the change.
        if (Math.Abs(HalfScore(gamesA) - HalfScore(gamesB)) <= Epsilon)
        {
            var picks = sameOrders && samePicksInCommon
                ? string.Join(", ", gamesA.Select(g => $"{Words(g.Order)}: {g.Picked}"))
                : $"A {Picks(gamesA)}; B {Picks(gamesB)}";
            var rule = pa.Ties is not null && pb.Ties is not null && pa.Ties != pb.Ties
                ? $"a tie scores {TieValue(pa.Ties)} in A (--ties {pa.Ties}) and {TieValue(pb.Ties)} in B (--ties {pb.Ties})"
                : "the runs score the same verdicts differently";
            return new ChangeCause(ChangeKind.Ties, null, $"the verdicts are as good in both runs ({picks}); {rule}");
        }

        if (samePicksInCommon)
        {
            // The shared order agrees; the difference is an order only one run showed.
            var (more, moreName) = gamesB.Count > gamesA.Count ? (gamesB, "B") : (gamesA, "A");
            var extra = more.First(g => !common.Contains(g.Order));
            var shared = Game(gamesA, common[0]);
            return new ChangeCause(ChangeKind.Order, null,
                $"shown {Words(shared.Order)} both runs picked {shared.Picked}; {moreName} also showed it {Words(extra.Order)} and picked {extra.Picked} there: the verdict depends on which answer comes first");
        }

        var compareA = common.Count > 0 ? gamesA.Where(g => common.Contains(g.Order)).ToList() : gamesA.ToList();
        var compareB = common.Count > 0 ? gamesB.Where(g => common.Contains(g.Order)).ToList() : gamesB.ToList();
        if (MostMovedSignal(compareA, compareB, direction) is { } signal) return signal;

        var (ja, jb) = (compareA[0].Judger, compareB[0].Judger);
        var marginsA = string.Join("; ", compareA.Select(JudgeScores));
        var marginsB = string.Join("; ", compareB.Select(JudgeScores));
        if (common.Count == 0)
            return new ChangeCause(ChangeKind.Order, null,
                $"A showed the pair {Words(gamesA[0].Order)}, B {Words(gamesB[0].Order)} (another seed or order mode), and the signals did not move toward the new result: the verdict follows the position (A: {marginsA}; B: {marginsB})");
        return new ChangeCause(ChangeKind.Judger, null, ja == jb
            ? $"the signals did not move toward the new result; the judger ({ja}) decided differently (A: {marginsA}; B: {marginsB})"
            : $"the signals did not move toward the new result; the judger changed from {ja} to {jb} (A: {marginsA}; B: {marginsB})");
    }

    /// <summary>The signal whose chosen-minus-rejected margin moved furthest toward the new result, if any did.</summary>
    private static ChangeCause? MostMovedSignal(IReadOnlyList<GameRecord> gamesA, IReadOnlyList<GameRecord> gamesB, int direction)
    {
        var names = gamesA.Concat(gamesB).SelectMany(g => g.Signals).Select(s => s.Name).Distinct().ToList();
        var candidates = new List<(string Name, bool Flipped, double Moved, ChangeCause Cause)>();
        foreach (var name in names)
        {
            var ma = Margin(gamesA, name);
            var mb = Margin(gamesB, name);
            double delta = (mb?.Margin ?? 0) - (ma?.Margin ?? 0);
            if (Math.Sign(delta) != direction || Math.Abs(delta) <= Epsilon) continue;
            int pa = Lean(ma?.Margin), pb = Lean(mb?.Margin);
            bool flipped = (pb - pa) * direction > 0;
            // Reward-model scores are unbounded, verifier scores lie in [0, 1]: compare moves relative to each scale.
            double scale = Math.Max(1, Math.Max(ma?.Scale ?? 0, mb?.Scale ?? 0));
            var kind = (ma ?? mb)!.Value.Kind;
            string sentence = (ma, mb) switch
            {
                (null, _) => $"{name} ({kind}) did not run in A{ErrorNote(gamesA, name)}; in B it favoured {Describe(mb!.Value)}",
                (_, null) => $"{name} ({kind}) favoured {Describe(ma.Value)} in A; it did not run in B{ErrorNote(gamesB, name)}",
                _ => $"{name} ({kind}) favoured {Describe(ma.Value)} in A and {Describe(mb.Value)} in B",
            };
            candidates.Add((name, flipped, Math.Abs(delta) / scale, new ChangeCause(ChangeKind.Signal, name, sentence)));
        }
        return candidates.OrderByDescending(c => c.Flipped).ThenByDescending(c => c.Moved).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Cause).FirstOrDefault();
    }

    private readonly record struct SignalMargin(string Kind, double Chosen, double Rejected, double Scale)
    {
        public double Margin => Chosen - Rejected;
    }

    /// <summary>A signal's mean chosen and rejected scores over the games it ran in; null when it ran in none.</summary>
    private static SignalMargin? Margin(IReadOnlyList<GameRecord> games, string name)
    {
        var read = games.SelectMany(g => g.Signals.Where(s => s.Name == name && s.Scores.Length >= 2)
            .Select(s => (s.Kind, Scores: GameReading.ChosenRejected(g, s.Scores)))).ToList();
        if (read.Count == 0) return null;
        double c = read.Average(r => r.Scores.Chosen), r = read.Average(r => r.Scores.Rejected);
        return new SignalMargin(read[0].Kind, c, r, read.Max(x => Math.Max(Math.Abs(x.Scores.Chosen), Math.Abs(x.Scores.Rejected))));
    }

    private static int Lean(double? margin) => margin is not { } m || Math.Abs(m) <= Epsilon ? 0 : Math.Sign(m);

    private static string Describe(SignalMargin m) =>
        $"{GameReading.Prefers(m.Chosen, m.Rejected).Word()} (chosen {F(m.Chosen)}, rejected {F(m.Rejected)})";

    private static string ErrorNote(IReadOnlyList<GameRecord> games, string name) =>
        games.SelectMany(g => g.Errors).FirstOrDefault(e => e.Name == name) is { } e ? $" (it failed: {e.Message})" : "";

    private static string JudgeScores(GameRecord g)
    {
        var (c, r) = GameReading.ChosenRejected(g, g.JudgeScores);
        return $"{Words(g.Order)} chosen {F(c)} vs rejected {F(r)}, picked {g.Picked}";
    }

    private static double HalfScore(IReadOnlyList<GameRecord> games) =>
        games.Average(g => g.Picked switch { "chosen" => 1.0, "rejected" => 0.0, _ => 0.5 });

    private static string Picks(IReadOnlyList<GameRecord> games) => string.Join(", ", games.Select(g => $"{Words(g.Order)}: {g.Picked}"));

    private static GameRecord Game(IReadOnlyList<GameRecord> games, string order) => games.First(g => g.Order == order);

    private static string Words(string order) => order == GameRecord.ChosenFirst ? "chosen first" : "rejected first";

    private static string TieValue(string ties) => ties == "strict" ? "0" : "0.5";

    internal static string F(double x) => double.IsNaN(x) ? "n/a" : x.ToString("0.###", Ci);
}
