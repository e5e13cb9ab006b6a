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
    /// <summary>Real models named by the config, every step as the original system does it (<see cref="PaperProfile"/>).</summary>
    [JsonStringEnumMemberName("paper")] Paper,
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
    /// <summary>The original's llm judger: reads the instruction and the signals' scores (never the answers) and applies factuality, then constraints, then preference.</summary>
    [JsonStringEnumMemberName("llm_aggregator")] LlmAggregator,
    /// <summary>An LLM-as-judge: reads the instruction, both answers and the verifiers' findings ("llm" is its older name).</summary>
    [JsonStringEnumMemberName("llm_judge"), ConfigAlias("llm")] LlmJudge,
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

/// <summary>How the factuality verifier asks for its two scores (the config's <c>factuality.rules</c>).</summary>
public enum FactualityRules
{
    /// <summary>Style and length do not count; identical answers score 5 and 5 without asking.</summary>
    [JsonStringEnumMemberName("neutral")] Neutral,
    /// <summary>The original's: similar factuality scores the shorter answer higher; semantically identical answers score 10 and 10.</summary>
    [JsonStringEnumMemberName("original")] Original,
}

/// <summary>Which pairs of N answers the factuality verifier compares (the config's <c>factuality.schedule</c>).</summary>
public enum FactualitySchedule
{
    /// <summary>Every pair, every query.</summary>
    [JsonStringEnumMemberName("all_pairs")] AllPairs,
    /// <summary>The original's best-of-n: N pairs drawn with the seed, the first query only; undrawn answers get no score.</summary>
    [JsonStringEnumMemberName("sampled")] Sampled,
}

/// <summary>What a generated checker's return means (the config's <c>constraints.checkerResults</c>).</summary>
public enum CheckerResults
{
    /// <summary>True passes, False fails, anything else (or an exception) is an error and no verdict.</summary>
    [JsonStringEnumMemberName("bool")] Bool,
    /// <summary>The original's: any truthy return passes; a falsy one, or an exception, fails.</summary>
    [JsonStringEnumMemberName("truthy")] Truthy,
}

/// <summary>A second JSON name a config enum value is read from (an older name); it is written by its first name.</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = true)]
public sealed class ConfigAliasAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
