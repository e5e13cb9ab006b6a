using RewardEngine.Evaluation;

namespace RewardEngine.Reporting;

/// <summary>A run's record of a pair as the diff shows it: scores read as chosen and rejected.</summary>
internal static class PairViews
{
    public static PairView From(PairRecord record) => new(record.Games.Select(From).ToList(), record.Llm);

    private static GameView From(GameRecord g)
    {
        var (jc, jr) = GameReading.ChosenRejected(g, g.JudgeScores);
        return new GameView(g.Order, g.Route, g.Judger, Finite(jc), Finite(jr), g.Verdict, g.Picked, g.Rationale,
            g.Signals.Select(s =>
            {
                var (c, r) = GameReading.ChosenRejected(g, s.Scores);
                return new SignalView(s.Name, s.Kind, Finite(c), Finite(r), GameReading.Prefers(c, r), s.Rationale);
            }).ToList(),
            g.Errors ?? []);
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
