namespace RewardEngine.Evaluation;

/// <summary>What to evaluate and how: <c>reward eval</c>'s flags.</summary>
public sealed record EvalOptions
{
    public required IReadOnlyList<string> Datasets { get; init; }
    public required string OutputDirectory { get; init; }
    public int Seed { get; init; } = 42;
    public int? Limit { get; init; }
    public TiePolicy Ties { get; init; } = TiePolicy.Half;
    public OrderMode Order { get; init; } = OrderMode.Random;
    /// <summary>Pairs in flight at once.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
