using RewardEngine.Configuration;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.Llm;

/// <summary>
/// Where one LLM role runs, resolved from the config: its own <c>llm.roles.ROLE</c> entry, else the short form
/// (one backend for all roles; the coder may name its own GGUF in <c>llm.coder</c>; judge and policy use the planner's).
/// </summary>
internal sealed record LlmEndpoint(LlmBackend Backend, string? Path, string PathKey, OpenAiOptions OpenAi)
{
    /// <summary>One generator per distinct server, model and key.</summary>
    public string ServerKey => $"openai|{OpenAi.BaseUrl}|{OpenAi.Model}|{OpenAi.ApiKeyEnv}";

    public static LlmEndpoint Of(EngineConfig config, LlmRole role)
    {
        var llm = config.Llm;
        if (llm.Roles?.Of(role) is { } own)
        {
            var key = $"llm.roles.{ConfigNames.Of(role)}";
            var backend = own.Backend ?? llm.Backend;
            var openAi = llm.OpenAi with
            {
                BaseUrl = own.BaseUrl ?? llm.OpenAi.BaseUrl,
                Model = own.Model ?? llm.OpenAi.Model,
                // A role naming its own key variable must not fall back to the short form's literal key.
                ApiKey = own.ApiKeyEnv is null ? llm.OpenAi.ApiKey : null,
                ApiKeyEnv = own.ApiKeyEnv ?? llm.OpenAi.ApiKeyEnv,
            };
            if (backend == LlmBackend.OpenAi)
            {
                if (string.IsNullOrWhiteSpace(openAi.BaseUrl)) throw new ConfigException($"{key}.baseUrl: required for backend openai (e.g. http://127.0.0.1:8000/v1)");
                if (string.IsNullOrWhiteSpace(openAi.Model)) throw new ConfigException($"{key}.model: required for backend openai (the server's model id)");
            }
            return new LlmEndpoint(backend, own.Path, key + ".path", openAi);
        }
        return role switch
        {
            LlmRole.Coder when llm.Backend == LlmBackend.LlamaSharp && !string.IsNullOrWhiteSpace(llm.Coder) =>
                new LlmEndpoint(llm.Backend, llm.Coder, "llm.coder", llm.OpenAi),
            LlmRole.Planner => new LlmEndpoint(llm.Backend, llm.Planner, "llm.planner", llm.OpenAi),
            _ => Of(config, LlmRole.Planner),
        };
    }
}
