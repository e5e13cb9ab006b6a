using RewardEngine.Configuration;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.Llm;

/// <summary>The LLM roles of the agent.</summary>
public enum LlmRole { Planner, Coder }

/// <summary>
/// Builds the generator of each role from the config, loading each distinct model file once.
/// </summary>
public sealed class LlmBackendSet(EngineConfig config, TextWriter log) : IAsyncDisposable
{
    public ITextGenerator? Create(LlmRole role)
    {
        _ = config; _ = log;
        throw new ConfigException($"llm.backend '{config.Llm.Backend}': no LLM backend is built into this engine yet");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
