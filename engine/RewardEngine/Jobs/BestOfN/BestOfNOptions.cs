using RewardEngine.Agent;
using RewardEngine.Evaluation;
using RewardEngine.Scoring;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>What <c>reward bon</c> is asked for.</summary>
/// <param name="Ns">The n values, ascending.</param>
/// <param name="Selectors">Selection rules to compare (first, rm, weighted_sum, major_vote, llm).</param>
/// <param name="Agent">The rule whose picks are written as <c>results_best_of_{n}.jsonl</c>.</param>
/// <param name="Games">LLM games per prompt (null: every pair).</param>
/// <param name="Threads">Prompts scored at once.</param>
public sealed record BestOfNOptions(string Input, string OutputDirectory, IReadOnlyList<int> Ns, IReadOnlyList<string> Selectors, string Agent,
    int? Games, MultiAnswerMode GameScoring, int Seed, int Threads)
{
    /// <summary>This process's shard of the prompts (<c>--shard K/N</c>); null runs them all.</summary>
    public ShardSpec? Shard { get; init; }
}

/// <summary>What a best-of-n run did and found.</summary>
/// <param name="SignalsComputed">Per-response signal computations made in this run (each response's verifiers run once).</param>
/// <param name="SignalsReused">Per-response signals this run did not compute: found in the signal store (earlier n, an
/// earlier or killed run), shared by two prompts, or in prompts resumed from the run store.</param>
/// <param name="GamesPlayed">LLM games asked of the LLM in this run.</param>
/// <param name="GamesReused">LLM games the picks used that this run did not play.</param>
public sealed record BestOfNReport(int Prompts, IReadOnlyList<int> Ns, string Agent, int SignalsComputed, int SignalsReused,
    int GamesPlayed, int GamesReused, int SignalErrors, IReadOnlyList<SelectionAccuracy> Table, double Seconds, string OutputDirectory)
{
    /// <summary>The run key (<see cref="RunKeyParts"/>): the shards of one run share it.</summary>
    public string RunKey { get; init; } = "";

    /// <summary>Prompts found whole in the run store (a resumed run, or a rerun of the same command).</summary>
    public int Resumed { get; init; }

    /// <summary>The LLM cost of the prompts' reward work (signals and games), summed over the prompts' records.</summary>
    public LlmCost Cost { get; init; } = LlmCost.Zero;

    /// <summary>The shard run ("K/N"), or null for the whole run.</summary>
    public string? Shard { get; init; }
}
