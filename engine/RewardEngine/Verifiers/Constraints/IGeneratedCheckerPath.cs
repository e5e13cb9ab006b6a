namespace RewardEngine.Verifiers.Constraints;

/// <summary>A checker written by the coder LLM: Python source defining <c>check_following(response)</c>.</summary>
public sealed record GeneratedChecker(string Description, string Code, bool FromCache);

/// <summary>
/// The checkers for one instruction and what writing them cost: the LLM calls made for this caller (none when they
/// came from the cache, or from a generation another caller started and pays for).
/// </summary>
public sealed record PreparedCheckers(IReadOnlyList<GeneratedChecker> Checkers, Evaluation.LlmCost Cost);

/// <summary>
/// The paper's LLM path for constraints the deterministic parser does not cover: list checkers, keep the
/// verifiable ones, generate and test-run code, repair, cache; then run the checkers in the sandbox.
/// </summary>
public interface IGeneratedCheckerPath
{
    /// <summary>
    /// Checkers for the constraints of <paramref name="instruction"/> not already in <paramref name="covered"/>
    /// (descriptions of the constraints the parser found). Empty when nothing is left to check.
    /// </summary>
    Task<PreparedCheckers> PrepareAsync(string instruction, IReadOnlyList<string> covered, CancellationToken cancellationToken);

    /// <summary>Verdicts [checker][answer]: true, false, or null for an error (crash, timeout, kill).</summary>
    Task<IReadOnlyList<IReadOnlyList<bool?>>> RunAsync(IReadOnlyList<GeneratedChecker> checkers, IReadOnlyList<string> answers, CancellationToken cancellationToken);
}
