namespace RewardEngine.Configuration;

/// <summary>The LLM roles (planner, coder) and how they run.</summary>
public sealed class LlmOptions
{
    /// <summary>llamasharp (in-process GGUF) or openai (chat completions over HTTP).</summary>
    public string Backend { get; set; } = "llamasharp";
    /// <summary>GGUF of the planner: router, difference proposal, queries, fact verification, llm judger.</summary>
    public string? Planner { get; set; }
    /// <summary>GGUF of the coder: checker generation and repair. May be the same file as the planner.</summary>
    public string? Coder { get; set; }
    /// <summary>
    /// Tokens one sequence may hold (prompt plus output). Each of <see cref="MaxSequences"/> sequences gets its own,
    /// unless <see cref="KvUnified"/> makes this one pool shared by all.
    /// </summary>
    public int ContextSize { get; set; } = 4096;
    public int BatchSize { get; set; } = 512;
    /// <summary>llama.cpp threads for one-token steps (0: half the cores, LLamaSharp's default).</summary>
    public int Threads { get; set; }
    /// <summary>llama.cpp threads for steps of several tokens (batched sequences, prompts); 0: all cores.</summary>
    public int BatchThreads { get; set; }
    public int GpuLayers { get; set; }
    /// <summary>Most sequences decoded together in one batch.</summary>
    public int MaxSequences { get; set; } = 16;
    /// <summary>
    /// One KV pool of <see cref="ContextSize"/> cells shared by all sequences instead of one per sequence (default).
    /// Uses less memory and lets requests of one prompt kind fork their shared instruction prefix, but every token
    /// attends over all sequences' cells, which costs more as sequences grow.
    /// </summary>
    public bool KvUnified { get; set; }
    /// <summary>Flash attention on or off; null lets llama.cpp decide.</summary>
    public bool? FlashAttention { get; set; }
    /// <summary>Folder holding a custom llama.cpp build (NativeLibraryConfig), e.g. a CUDA build.</summary>
    public string? NativeLibraryPath { get; set; }
    public float Temperature { get; set; }
    public OpenAiOptions OpenAi { get; set; } = new();
}

/// <summary>An OpenAI-compatible server (vLLM, an API).</summary>
public sealed class OpenAiOptions
{
    public string? BaseUrl { get; set; }
    public string? Model { get; set; }
    public string? ApiKey { get; set; }
    /// <summary>Environment variable holding the key when <see cref="ApiKey"/> is not set.</summary>
    public string ApiKeyEnv { get; set; } = "OPENAI_API_KEY";
    /// <summary>Send grammars as JSON-schema response formats where the server supports it.</summary>
    public bool JsonSchema { get; set; } = true;
    public int TimeoutSeconds { get; set; } = 120;
}
