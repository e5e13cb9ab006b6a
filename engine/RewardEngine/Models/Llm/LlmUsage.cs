namespace RewardEngine.Models.Llm;

/// <summary>
/// Counts LLM calls, generated tokens and parse failures: the machine-independent cost of a reward.
/// A run has one total; each pair opens a scope (<see cref="BeginScope"/>) so its own cost is known too. Scopes nest:
/// a call counts in every scope open in its flow (a service request's scope sees the agent's calls inside it).
/// </summary>
public sealed class LlmUsage
{
    private static readonly AsyncLocal<LlmUsage?> CurrentScope = new();
    private long _calls, _generatedTokens, _promptTokens, _parseFailures;
    private readonly LlmUsage? _outer;

    /// <summary>A counter outside any flow (what <see cref="Total"/> is).</summary>
    public LlmUsage() { }

    private LlmUsage(LlmUsage? outer) => _outer = outer;

    /// <summary>The process-wide total.</summary>
    public static LlmUsage Total { get; } = new();

    public long Calls => Interlocked.Read(ref _calls);
    public long GeneratedTokens => Interlocked.Read(ref _generatedTokens);
    public long PromptTokens => Interlocked.Read(ref _promptTokens);
    public long ParseFailures => Interlocked.Read(ref _parseFailures);

    /// <summary>Starts counting into a fresh scope for the current async flow (one pair); the scopes around it keep counting.</summary>
    public static LlmUsage BeginScope()
    {
        var scope = new LlmUsage(CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Called by every backend once per finished generation.</summary>
    public static void RecordCall(int promptTokens, int generatedTokens)
    {
        foreach (var u in Targets())
        {
            Interlocked.Increment(ref u._calls);
            Interlocked.Add(ref u._generatedTokens, generatedTokens);
            Interlocked.Add(ref u._promptTokens, promptTokens);
        }
    }

    /// <summary>Called by whoever parses structured output and fails to.</summary>
    public static void RecordParseFailure()
    {
        foreach (var u in Targets()) Interlocked.Increment(ref u._parseFailures);
    }

    private static IEnumerable<LlmUsage> Targets()
    {
        yield return Total;
        for (var s = CurrentScope.Value; s is not null; s = s._outer) yield return s;
    }
}
