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
    public int ContextSize { get; set; } = 4096;
    public int BatchSize { get; set; } = 512;
    public int Threads { get; set; }
    public int GpuLayers { get; set; }
    /// <summary>Most sequences decoded together in one batch.</summary>
    public int MaxSequences { get; set; } = 16;
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
