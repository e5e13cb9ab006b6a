namespace RewardEngine.Agent;

/// <summary>
/// A source of per-answer scores. Verifiers are independent: adding one touches no other.
/// </summary>
public interface IVerifier
{
    /// <summary>Stable name used in config, scores.jsonl and the run summary (e.g. "constraints").</summary>
    string Name { get; }

    SignalKind Kind { get; }

    /// <summary>
    /// The deterministic router's question: does this verifier have something to say about this query?
    /// Cheap; no LLM calls.
    /// </summary>
    ValueTask<bool> AppliesToAsync(RewardQuery query, CancellationToken cancellationToken);

    /// <summary>Scores every answer of the query.</summary>
    Task<SignalResult> ScoreAsync(RewardQuery query, CancellationToken cancellationToken);
}
