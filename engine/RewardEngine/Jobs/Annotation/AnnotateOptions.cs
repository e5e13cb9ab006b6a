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
/// <param name="Threads">Prompts scored at once.</param>
public sealed record AnnotateOptions(string Input, string Output, PairFormat Format, double MinMargin, bool AllPairs, int Seed, int Threads)
{
    /// <summary>This process's shard of the prompts (<c>--shard K/N</c>): its output holds their pairs only; null runs them all.</summary>
    public ShardSpec? Shard { get; init; }
}

/// <summary>What an annotate run did.</summary>
/// <param name="Ties">Prompts whose best and worst responses score the same: no pair.</param>
/// <param name="BelowMargin">Prompts (best-worst) or pairs (all) left out because the gap is under --min-margin.</param>
/// <param name="SignalsComputed">Per-response signal computations made in this run.</param>
/// <param name="SignalsReused">Per-response signals this run did not compute (the signal store, a prompt resumed from the run store).</param>
public sealed record AnnotateReport(int Prompts, int Pairs, int Ties, int BelowMargin, int SignalsComputed, int SignalsReused, int SignalErrors,
    string Format, double Seconds, string Output)
{
    /// <summary>The run key (<see cref="RunKeyParts"/>).</summary>
    public string RunKey { get; init; } = "";

    /// <summary>Prompts found whole in the run store.</summary>
    public int Resumed { get; init; }

    /// <summary>The LLM cost of the prompts' signals, summed over the prompts' records.</summary>
    public Evaluation.LlmCost Cost { get; init; } = Evaluation.LlmCost.Zero;

    /// <summary>The shard run ("K/N"), or null for the whole run.</summary>
    public string? Shard { get; init; }
}
