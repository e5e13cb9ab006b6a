namespace RewardEngine.Reporting;

/// <summary>A subset's (or the whole run's) numbers for the report.</summary>
/// <param name="BothOrderPairs">Pairs judged in both orders; <paramref name="Flipped"/> of them changed verdict with the order.</param>
/// <param name="ChosenFirstGames">Games that showed the chosen answer first; <paramref name="ChosenFirstPicked"/> of them picked it.</param>
/// <param name="NoSignalPairs">Pairs to which no signal applied in any game: their verdict is a tie by construction.</param>
/// <param name="ChosenSecondGames">Games that showed the chosen answer second; <paramref name="ChosenSecondPicked"/> of them picked it.</param>
internal sealed record SubsetStatistics(
    string Subset,
    int Pairs,
    double Accuracy,
    int Games,
    int TiedGames,
    int BothOrderPairs,
    int Flipped,
    int ChosenFirstGames,
    int ChosenFirstPicked,
    int ChosenSecondGames,
    int ChosenSecondPicked,
    long LlmCalls,
    long GeneratedTokens,
    long ParseFailures,
    int NoSignalPairs)
{
    public double TieRate => Games == 0 ? 0 : (double)TiedGames / Games;
    public double? FlipRate => BothOrderPairs == 0 ? null : (double)Flipped / BothOrderPairs;
    public double? ChosenFirstRate => ChosenFirstGames == 0 ? null : (double)ChosenFirstPicked / ChosenFirstGames;
    public double? ChosenSecondRate => ChosenSecondGames == 0 ? null : (double)ChosenSecondPicked / ChosenSecondGames;
    public double LlmCallsPerPair => Pairs == 0 ? 0 : (double)LlmCalls / Pairs;
    public double TokensPerPair => Pairs == 0 ? 0 : (double)GeneratedTokens / Pairs;
}

/// <summary>
/// One signal over a run: in how many games the router sent the pair to it (it scored, or it failed), and how often
/// its own preference agreed with the judger's final verdict and with the human label (the chosen answer).
/// </summary>
internal sealed record SignalStatistics(string Signal, string Kind, int Games, int Scored, int Failed, int AgreedWithVerdict, int PreferredChosen)
{
    public double AppliedRate => Games == 0 ? 0 : (double)(Scored + Failed) / Games;
    public double? AgreementRate => Scored == 0 ? null : (double)AgreedWithVerdict / Scored;
    public double? ChosenRate => Scored == 0 ? null : (double)PreferredChosen / Scored;
}

/// <summary>The report's numbers for one run, computed from its scores.jsonl.</summary>
internal sealed record RunStatistics(IReadOnlyList<SubsetStatistics> Subsets, SubsetStatistics Overall, IReadOnlyList<SignalStatistics> Signals)
{
    public static RunStatistics Of(RunOutput run)
    {
        var subsets = run.Pairs.GroupBy(p => p.Subset).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Subset(g.Key, g.ToList())).ToList();
        var games = run.Pairs.SelectMany(p => p.Record.Games).ToList();
        var names = games.SelectMany(g => g.Signals.Select(s => (s.Name, s.Kind)))
            .Concat(games.SelectMany(g => g.Errors.Select(e => (e.Name, Kind: ""))))
            .GroupBy(x => x.Name).Select(g => (Name: g.Key, Kind: g.Select(x => x.Kind).FirstOrDefault(k => k.Length > 0) ?? ""))
            .OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
        var signals = names.Select(n =>
        {
            int scored = 0, failed = 0, agreed = 0, chosen = 0;
            foreach (var g in games)
            {
                var s = g.Signals.FirstOrDefault(x => x.Name == n.Name);
                if (s is null) { if (g.Errors.Any(e => e.Name == n.Name)) failed++; continue; }
                scored++;
                var p = GameReading.Prefers(g, s);
                if (p == GameReading.Picked(g)) agreed++;
                if (p == Preference.Chosen) chosen++;
            }
            return new SignalStatistics(n.Name, n.Kind, games.Count, scored, failed, agreed, chosen);
        }).ToList();
        return new RunStatistics(subsets, Subset("overall", run.Pairs), signals);
    }

    /// <summary>The statistics of one subset, or null when the run has none of its pairs.</summary>
    public SubsetStatistics? Find(string subset) =>
        subset == "overall" ? Overall : Subsets.FirstOrDefault(s => s.Subset == subset);

    private static SubsetStatistics Subset(string name, IReadOnlyList<ScoredPair> pairs)
    {
        var games = pairs.SelectMany(p => p.Record.Games).ToList();
        var first = games.Where(g => g.Order == Evaluation.GameRecord.ChosenFirst).ToList();
        var second = games.Where(g => g.Order == Evaluation.GameRecord.RejectedFirst).ToList();
        var both = pairs.Where(p => p.Record.Games.Count == 2).ToList();
        return new SubsetStatistics(name, pairs.Count,
            pairs.Count == 0 ? 0 : pairs.Average(p => p.Result),
            games.Count, games.Count(g => g.Picked == "tie"),
            both.Count, both.Count(p => p.Record.Flipped),
            first.Count, first.Count(g => g.Picked == "chosen"),
            second.Count, second.Count(g => g.Picked == "chosen"),
            pairs.Sum(p => p.Record.Llm.Calls), pairs.Sum(p => p.Record.Llm.GeneratedTokens), pairs.Sum(p => p.Record.Llm.ParseFailures),
            pairs.Count(p => p.Record.Games.All(g => g.Signals.Count == 0)));
    }
}
