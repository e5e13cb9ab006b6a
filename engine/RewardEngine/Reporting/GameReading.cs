using RewardEngine.Evaluation;

namespace RewardEngine.Reporting;

/// <summary>Reads a game's A/B-ordered scores as chosen and rejected, whatever order the game showed them in.</summary>
internal static class GameReading
{
    /// <summary>Scores closer than this are a tie, as the judgers treat them (Judgment.Top).</summary>
    private const double TieBand = 1e-9;

    public static (double Chosen, double Rejected) ChosenRejected(GameRecord game, IReadOnlyList<double> scores)
    {
        if (scores.Count < 2) return (double.NaN, double.NaN);
        return game.Order == GameRecord.ChosenFirst ? (scores[0], scores[1]) : (scores[1], scores[0]);
    }

    public static Preference Prefers(double chosen, double rejected) =>
        double.IsNaN(chosen) || double.IsNaN(rejected) || Math.Abs(chosen - rejected) <= TieBand ? Preference.Tie
        : chosen > rejected ? Preference.Chosen : Preference.Rejected;

    public static Preference Prefers(GameRecord game, SignalRecord signal)
    {
        var (c, r) = ChosenRejected(game, signal.Scores);
        return Prefers(c, r);
    }

    /// <summary>What the judger picked in this game.</summary>
    public static Preference Picked(GameRecord game) => game.Picked switch
    {
        "chosen" => Preference.Chosen,
        "rejected" => Preference.Rejected,
        _ => Preference.Tie,
    };

    public static string Word(this Preference p) => p switch
    {
        Preference.Chosen => "chosen",
        Preference.Rejected => "rejected",
        _ => "tie",
    };
}
