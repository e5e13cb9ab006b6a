using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;
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
    /// <param name="llmSize">"tiny" (about 0.5M parameters), or "bench", "bench-q8", "bench-f16", "bench-q4" (about 11M, for throughput measurements).</param>
    /// <param name="knowledgeCorpus">A JSONL passage file to ingest into <c>kb.db</c> for the factuality verifier (null: none, the verifier uses the model's own knowledge).</param>
    /// <exception cref="OutputPathException">RWD210: <paramref name="outDir"/> is a file, or cannot be written.</exception>
    public static Result Write(string outDir, string llmSize = "tiny", string? knowledgeCorpus = null)
    {
        var full = Path.GetFullPath(outDir);
        if (InputFile.KindOf(full) is not (PathKind.Directory or PathKind.Missing))
            throw new OutputPathException(full, "is a file, not a folder: --out names the folder the tiny models are written into");
        try { return WriteCore(outDir, llmSize, knowledgeCorpus); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputPathException(full, $"cannot write the tiny models there: {IoFaults.Describe(e)}; choose a writable folder", e);
        }
    }

    private static Result WriteCore(string outDir, string llmSize, string? knowledgeCorpus)
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

        string? kb = null;
        if (knowledgeCorpus is not null)
        {
            kb = Path.Combine(outDir, "kb.db");
            using var store = Knowledge.KnowledgeBase.OpenOrCreate(kb);
            store.IngestAsync(new Knowledge.Ingest.JsonlPassageSource(knowledgeCorpus)).GetAwaiter().GetResult();
            files.Add(kb);
        }

        var config = new EngineConfig
        {
            Profile = Profiles.Tiny,
            // The deterministic router makes every verifier path run where it applies; with random weights the
            // planner would switch paths on and off at random. Tests run the LLM router and judger separately.
            Router = RouterKind.Deterministic,
            Judger = new JudgerOptions { Kind = JudgerKind.WeightedSum },
            Llm = new LlmOptions
            {
                Backend = LlmBackend.LlamaSharp,
                Planner = LlmFileName,
                Coder = LlmFileName,
                Policy = LlmFileName,
                // One token per byte: two long RM-Bench answers plus the longest grammar-bounded answer (a list of
                // eight 160-character checkers, up to 4 bytes a character) need this much room.
                ContextSize = 8192,
                MaxSequences = 16,
                // llama.cpp turns flash attention on for CPUs by default; with byte tokens and a 128-wide model nearly
                // all the work is attention, and its CPU kernel costs twice the plain one here (benchmarks/results/service.md).
                FlashAttention = false,
            },
            RewardModel = new RewardModelOptions { Config = Path.GetRelativePath(outDir, rmConfig) },
            Factuality = new FactualityOptions { KnowledgeBase = kb is null ? null : Path.GetFileName(kb) },
        };
        var configPath = Path.Combine(outDir, ConfigFileName);
        File.WriteAllText(configPath, config.ToJson() + "\n");
        files.Add(configPath);
        config = config with { BaseDirectory = Path.GetFullPath(outDir), Source = Path.GetFullPath(configPath) };
        return new Result(configPath, config, files);
    }
}
