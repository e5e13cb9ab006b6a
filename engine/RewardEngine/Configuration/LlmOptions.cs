namespace RewardEngine.Configuration;

/// <summary>The LLM roles (planner, coder) and how they run.</summary>
public sealed record LlmOptions
{
    /// <summary>llamasharp (in-process GGUF) or openai (chat completions over HTTP).</summary>
    public LlmBackend Backend { get; init; } = LlmBackend.LlamaSharp;
    /// <summary>GGUF of the planner: router, difference proposal, queries, fact verification, llm judger.</summary>
    public string? Planner { get; init; }
    /// <summary>GGUF of the coder: checker generation and repair. May be the same file as the planner.</summary>
    public string? Coder { get; init; }
    /// <summary>GGUF of the policy model <c>reward generate</c> samples from (its tokens are no reward cost).</summary>
    public string? Policy { get; init; }
    /// <summary>
    /// Tokens one sequence may hold (prompt plus output). Each of <see cref="MaxSequences"/> sequences gets its own,
    /// and so do the (up to four) shared instruction prefixes, unless <see cref="KvUnified"/> makes this one pool
    /// shared by all.
    /// </summary>
    public int ContextSize { get; init; } = 4096;
    public int BatchSize { get; init; } = 512;
    /// <summary>llama.cpp threads for one-token steps (0: half the cores, LLamaSharp's default).</summary>
    public int Threads { get; init; }
    /// <summary>llama.cpp threads for steps of several tokens (batched sequences, prompts); 0: all cores.</summary>
    public int BatchThreads { get; init; }
    public int GpuLayers { get; init; }
    /// <summary>Most sequences decoded together in one batch.</summary>
    public int MaxSequences { get; init; } = 16;
    /// <summary>
    /// One KV pool of <see cref="ContextSize"/> cells shared by all sequences instead of one per sequence (default).
    /// Uses less memory (a forked instruction prefix shares its cells instead of being copied), but every token
    /// attends over all sequences' cells, which costs more as sequences grow.
    /// </summary>
    public bool KvUnified { get; init; }
    /// <summary>Flash attention on or off; null lets llama.cpp decide.</summary>
    public bool? FlashAttention { get; init; }
    /// <summary>Folder holding a custom llama.cpp build (NativeLibraryConfig), e.g. a CUDA build.</summary>
    public string? NativeLibraryPath { get; init; }
    public float Temperature { get; init; }
    public OpenAiOptions OpenAi { get; init; } = new();
    /// <summary>A backend, server and model per role; a role left out uses the short form above.</summary>
    public LlmRoles? Roles { get; init; }
}

/// <summary>An OpenAI-compatible server (vLLM, an API).</summary>
public sealed record OpenAiOptions
{
    public string? BaseUrl { get; init; }
    public string? Model { get; init; }
    public string? ApiKey { get; init; }
    /// <summary>Environment variable holding the key when <see cref="ApiKey"/> is not set.</summary>
    public string ApiKeyEnv { get; init; } = "OPENAI_API_KEY";
    /// <summary>Send grammars as JSON-schema response formats where the server supports it.</summary>
    public bool JsonSchema { get; init; } = true;
    public int TimeoutSeconds { get; init; } = 120;
}

/// <summary>The roles that run on their own backend (<c>llm.roles</c>): planner, coder, judge, policy.</summary>
public sealed record LlmRoles
{
    public LlmRoleOptions? Planner { get; init; }
    public LlmRoleOptions? Coder { get; init; }
    public LlmRoleOptions? Judge { get; init; }
    public LlmRoleOptions? Policy { get; init; }

    /// <summary>The entry of <paramref name="role"/>, or null.</summary>
    public LlmRoleOptions? Of(Models.Llm.LlmRole role) => role switch
    {
        Models.Llm.LlmRole.Planner => Planner,
        Models.Llm.LlmRole.Coder => Coder,
        Models.Llm.LlmRole.Judge => Judge,
        _ => Policy,
    };

    /// <summary>Every entry given, with its role.</summary>
    public IEnumerable<(Models.Llm.LlmRole Role, LlmRoleOptions Options)> Given() =>
        Enum.GetValues<Models.Llm.LlmRole>().Where(r => Of(r) is not null).Select(r => (r, Of(r)!));
}

/// <summary>
/// One role's model: a GGUF <see cref="Path"/> (llamasharp) or an OpenAI-compatible server's <see cref="BaseUrl"/>
/// and <see cref="Model"/>, its key in the environment variable <see cref="ApiKeyEnv"/>. Unset values come from
/// <c>llm.backend</c> and <c>llm.openAi</c>.
/// </summary>
public sealed record LlmRoleOptions
{
    public LlmBackend? Backend { get; init; }
    public string? BaseUrl { get; init; }
    public string? Model { get; init; }
    public string? ApiKeyEnv { get; init; }
    public string? Path { get; init; }
}
