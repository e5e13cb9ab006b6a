using System.Text.Json.Serialization;

namespace RewardEngine.Models.Llm;

/// <summary>The LLM roles of the agent (the keys of <c>llm.roles</c>, and the config's <c>routerRole</c>).</summary>
public enum LlmRole
{
    /// <summary>Router (by default), difference proposal, queries, fact verification.</summary>
    [JsonStringEnumMemberName("planner")] Planner,
    /// <summary>Checker generation and repair; default: the planner's model.</summary>
    [JsonStringEnumMemberName("coder")] Coder,
    /// <summary>The llm judgers; default: the planner's model.</summary>
    [JsonStringEnumMemberName("judge")] Judge,
    /// <summary>Generation of candidate answers (best-of-n); default: the planner's model.</summary>
    [JsonStringEnumMemberName("policy")] Policy,
}
