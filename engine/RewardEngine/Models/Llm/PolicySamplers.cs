using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Models.Llm.LlamaSharp;
using RewardEngine.Models.Llm.OpenAi;

namespace RewardEngine.Models.Llm;

/// <summary>Builds the policy model the config names (<c>llm.policy</c>, or the OpenAI-compatible backend).</summary>
public static class PolicySamplers
{
    public static IPolicySampler Create(EngineConfig config, int n, int maxTokens, TextWriter log)
    {
        var llm = config.Llm;
        switch (llm.Backend)
        {
            case LlmBackend.LlamaSharp:
                var path = config.Resolve(llm.Policy) ?? throw new ConfigException("llm.policy: no GGUF file given (the policy model reward generate samples from)");
                LlamaNative.EnsureConfigured(config.Resolve(llm.NativeLibraryPath));
                var model = LlamaModelFile.Load(path, llm, config.Resolve(llm.NativeLibraryPath));
                log.WriteLine($"llm: llm.policy {path} loaded ({model.ParameterCount:N0} parameters)");
                try { return new LlamaPolicySampler(model, llm, n, maxTokens); }
                catch { model.Dispose(); throw; }
            case LlmBackend.OpenAi:
                var generator = new OpenAiTextGenerator(llm.OpenAi, Math.Max(n, llm.MaxSequences));
                log.WriteLine($"llm: policy {generator.ModelId} at {llm.OpenAi.BaseUrl}");
                return new OpenAiPolicySampler(generator);
            default:
                throw new ConfigException($"llm.backend: unknown '{llm.Backend}' (expected llamasharp or openai)");
        }
    }
}
