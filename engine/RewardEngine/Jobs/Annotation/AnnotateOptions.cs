namespace RewardEngine.Jobs.Annotation;

/// <summary>Output formats of <c>reward annotate</c>.</summary>
public enum PairFormat
{
    /// <summary>TRL's conversational preference rows: prompt / chosen / rejected message lists, plus margin and signals.</summary>
    Trl,
    /// <summary>OpenRLHF's reward/DPO datasets: prompt / chosen / rejected text fields.</summary>
    OpenRlhf,
    /// <summary>The input row plus <c>scores</c> per signal per "Answer k", as the original annotation script writes.</summary>
    Original,
}

/// <summary>What <c>reward annotate</c> is asked for.</summary>
/// <param name="AllPairs">Every pair whose score gap reaches the margin, instead of best against worst.</param>
public sealed record AnnotateOptions(string Input, string Output, PairFormat Format, double MinMargin, bool AllPairs, int Seed, int Threads);

/// <summary>What an annotate run did.</summary>
/// <param name="Ties">Prompts whose best and worst responses score the same: no pair.</param>
/// <param name="BelowMargin">Prompts (best-worst) or pairs (all) left out because the gap is under --min-margin.</param>
public sealed record AnnotateReport(int Prompts, int Pairs, int Ties, int BelowMargin, int SignalsComputed, int SignalsReused, int SignalErrors,
    string Format, double Seconds, string Output);
