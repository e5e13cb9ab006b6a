using RewardEngine.Configuration;
using RewardEngine.Models.Llm.Gguf;

namespace RewardEngine.Models;

/// <summary>
/// Writes the "tiny" profile: test-sized models made here (no downloads) and a config naming them by relative path.
/// Deterministic: the same call writes the same bytes. Other model kinds add their steps to <see cref="Write"/>.
/// </summary>
public static class TinyProfileWriter
{
    public const string ConfigFileName = "tiny.json";
    public const string LlmFileName = "tiny-llm.gguf";

    /// <summary>What was written.</summary>
    public sealed record Result(string ConfigPath, EngineConfig Config, IReadOnlyList<string> Files);

    /// <summary>Writes the models and <c>tiny.json</c> into a folder.</summary>
    /// <param name="outDir">Output folder, created if missing.</param>
    /// <param name="llmSize">"tiny" (about 0.5M parameters), or "bench", "bench-q8", "bench-f16" (about 11M, for throughput measurements).</param>
    public static Result Write(string outDir, string llmSize = "tiny")
    {
        Directory.CreateDirectory(outDir);
        var files = new List<string>();

        var llm = TinyLlamaModel.BySize(llmSize);
        var llmPath = Path.Combine(outDir, LlmFileName);
        llm.Write(llmPath);
        files.Add(llmPath);

        // The preference signal: a random-weight Llama sequence classifier in ONNX with the fixture's tokenizer.
        var rmConfig = RewardModels.TinyRewardModelWriter.Write(Path.Combine(outDir, "rm"));
        files.Add(rmConfig);

        var config = new EngineConfig
        {
            Profile = Profiles.Tiny,
            Router = "llm",
            Judger = new JudgerOptions { Kind = "weighted_sum" },
            Llm = new LlmOptions
            {
                Backend = "llamasharp",
                Planner = LlmFileName,
                Coder = LlmFileName,
                ContextSize = 4096,
                MaxSequences = 16,
            },
            RewardModel = new RewardModelOptions { Config = Path.GetRelativePath(outDir, rmConfig) },
        };
        var configPath = Path.Combine(outDir, ConfigFileName);
        File.WriteAllText(configPath, config.ToJson() + "\n");
        files.Add(configPath);
        config.BaseDirectory = Path.GetFullPath(outDir);
        config.Source = Path.GetFullPath(configPath);
        return new Result(configPath, config, files);
    }
}
