using System.Text.Json.Serialization;

namespace RewardEngine.Configuration;

/// <summary>Which components a run builds (the config's <c>profile</c>).</summary>
public enum EngineProfile
{
    /// <summary>No model files: the deterministic router and the deterministic verifiers.</summary>
    [JsonStringEnumMemberName("verifiers-only")] VerifiersOnly,
    /// <summary>Test-sized models made by the project (<c>reward models make-tiny</c>).</summary>
    [JsonStringEnumMemberName("tiny")] Tiny,
    /// <summary>Real models named by the config.</summary>
    [JsonStringEnumMemberName("full")] Full,
}

/// <summary>How the verifiers of a query are chosen (the config's <c>router</c>).</summary>
public enum RouterKind
{
    /// <summary>Ask each verifier whether it applies.</summary>
    [JsonStringEnumMemberName("deterministic")] Deterministic,
    /// <summary>The paper's planner prompt.</summary>
    [JsonStringEnumMemberName("llm")] Llm,
}

/// <summary>How signals are merged into a verdict (the config's <c>judger.kind</c>).</summary>
public enum JudgerKind
{
    [JsonStringEnumMemberName("weighted_sum")] WeightedSum,
    [JsonStringEnumMemberName("major_vote")] MajorVote,
    [JsonStringEnumMemberName("llm")] Llm,
}

/// <summary>Where the LLM roles run (the config's <c>llm.backend</c>).</summary>
public enum LlmBackend
{
    /// <summary>GGUF files in-process through LLamaSharp.</summary>
    [JsonStringEnumMemberName("llamasharp")] LlamaSharp,
    /// <summary>An OpenAI-compatible chat-completions server.</summary>
    [JsonStringEnumMemberName("openai")] OpenAi,
}

/// <summary>How an answer's constraint score is counted (the config's <c>constraints.scoring</c>).</summary>
public enum ConstraintScoring
{
    /// <summary>A count missed by a little earns more than one missed by a lot.</summary>
    [JsonStringEnumMemberName("graded")] Graded,
    /// <summary>Each constraint 1 or 0 (the original).</summary>
    [JsonStringEnumMemberName("binary")] Binary,
}
