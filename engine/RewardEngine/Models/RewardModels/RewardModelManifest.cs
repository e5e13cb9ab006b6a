using System.Text.Json;
using System.Text.Json.Serialization;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.RewardModels;

/// <summary>How the model's output becomes one score per text.</summary>
public static class OutputConventions
{
    /// <summary>LlamaForSequenceClassification (Skywork-Reward style): <c>logits[:, 0]</c> at the last real token.</summary>
    public const string SequenceClassification = "sequence_classification";

    /// <summary>
    /// ArmoRM: the graph takes an extra <c>gating_position</c> input (found in C# as the last occurrence of
    /// <see cref="RewardModelManifest.GatingPattern"/>, because tracing cannot capture that search) and returns <c>score</c>.
    /// </summary>
    public const string ArmoRM = "armorm";

    public static readonly IReadOnlyList<string> All = [SequenceClassification, ArmoRM];
}

/// <summary>
/// What the engine must know about an exported reward model beyond the ONNX file: tensor names, the output convention,
/// the chat template, the pad id and the maximum length. Written by the exporters (C# and engine/scripts/export_rm.py).
/// </summary>
public sealed record RewardModelManifest
{
    public const string CurrentFormat = "reward-engine-rm/1";

    public string Format { get; init; } = CurrentFormat;
    /// <summary>Where the weights came from (a Hugging Face id or folder name); shown in rationales.</summary>
    public string ModelId { get; init; } = "reward-model";
    /// <summary>sequence_classification or armorm (<see cref="OutputConventions"/>).</summary>
    public string Convention { get; init; } = OutputConventions.SequenceClassification;
    public string InputIds { get; init; } = "input_ids";
    public string AttentionMask { get; init; } = "attention_mask";
    /// <summary>ArmoRM only: the input that receives the gating token position per row.</summary>
    public string? GatingPosition { get; init; }
    /// <summary>The output read: <c>logits</c> [batch, labels] (column 0 is the score) or <c>score</c> [batch].</summary>
    public string Output { get; init; } = "logits";
    public required int PadTokenId { get; init; }
    /// <summary>Longer texts are truncated from the left to this many tokens.</summary>
    public int MaxLength { get; init; } = 2048;
    public ChatTemplateSpec ChatTemplate { get; init; } = ChatTemplateSpec.Llama3;
    /// <summary>ArmoRM only: token ids whose last occurrence is the gating position.</summary>
    public int[]? GatingPattern { get; init; }

    // The engine config's JSON rules (camelCase, comments, unknown keys rejected), writing special tokens unescaped.
    internal static readonly JsonSerializerOptions JsonOptions = new(Configuration.EngineConfig.JsonOptions)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static RewardModelManifest Load(string path)
    {
        if (!File.Exists(path)) throw new ModelLoadException(path, "reward-model manifest not found");
        RewardModelManifest? m;
        try
        {
            m = JsonSerializer.Deserialize<RewardModelManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, $"invalid manifest{(e.Path is { Length: > 0 } p ? " at " + p : "")}: {e.Message.Split('\n')[0]}");
        }
        if (m is null) throw new ModelLoadException(path, "invalid manifest: empty");
        var problem = m.Problem();
        if (problem is not null) throw new ModelLoadException(path, "invalid manifest: " + problem);
        return m;
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions) + "\n");

    private string? Problem()
    {
        if (Format != CurrentFormat) return $"format '{Format}' (expected {CurrentFormat})";
        if (!OutputConventions.All.Contains(Convention)) return $"convention '{Convention}' (expected {string.Join(" or ", OutputConventions.All)})";
        if (MaxLength < 8) return $"maxLength {MaxLength} is too small";
        if (PadTokenId < 0) return $"padTokenId {PadTokenId} is negative";
        if (Convention == OutputConventions.ArmoRM && (GatingPosition is null || GatingPattern is not { Length: > 0 }))
            return "armorm needs gatingPosition and gatingPattern";
        if (!ChatTemplate.Turn.Contains("{content}", StringComparison.Ordinal)) return "chatTemplate.turn has no {content}";
        return null;
    }
}

/// <summary>
/// A chat template simple enough to state in JSON: <c>Bos</c> once, then <c>Turn</c> per message with {role} and
/// {content} replaced. The default is Llama-3's (ArmoRM, Skywork), including its trimming of message content.
/// </summary>
public sealed record ChatTemplateSpec(string Bos, string Turn, bool TrimContent)
{
    public static ChatTemplateSpec Llama3 { get; } = new(
        "<|begin_of_text|>", "<|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|>", true);
}

/// <summary>
/// rm.json: the files of one exported reward model and how to run it. Paths are relative to this file.
/// </summary>
public sealed record RewardModelFiles
{
    public string Model { get; init; } = "model.onnx";
    public string Tokenizer { get; init; } = "tokenizer.json";
    public string Manifest { get; init; } = "manifest.json";
    /// <summary>auto (CUDA when the GPU build and drivers are present, else CPU), cpu, or cuda (warns and uses CPU when missing).</summary>
    public string Device { get; init; } = "auto";
    /// <summary>At most this many texts per batch.</summary>
    public int BatchSize { get; init; } = 16;
    /// <summary>At most this many tokens (rows x padded length) per batch, which bounds attention memory.</summary>
    public int MaxBatchTokens { get; init; } = 32768;

    /// <summary>ONNX Runtime intra-op threads; 0 lets it choose (one per core). Scores do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Where this was read from; relative paths resolve against its folder.</summary>
    [JsonIgnore] public string Source { get; init; } = "";

    public string Resolve(string path) => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Source) ?? ".", path));

    public static RewardModelFiles Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new ModelLoadException(full, "reward-model config (rm.json) not found");
        var bytes = Storage.InputFile.ReadAllBytes(full, problem => new ModelLoadException(full, $"reward-model config (rm.json) {problem}"), maxBytes: 16 << 20);
        RewardModelFiles? f;
        try
        {
            f = JsonSerializer.Deserialize<RewardModelFiles>(bytes, RewardModelManifest.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(full, $"invalid reward-model config{(e.Path is { Length: > 0 } p ? " at " + p : "")}: {e.Message.Split('\n')[0]}");
        }
        if (f is null) throw new ModelLoadException(full, "invalid reward-model config: empty");
        if (f.Device is not ("auto" or "cpu" or "cuda")) throw new ModelLoadException(full, $"device '{f.Device}' (expected auto, cpu or cuda)");
        // Bounded above too: "threads": 100000 made ONNX Runtime start threads for minutes, growing 50 MB/s.
        var bad = new List<string>();
        if (f.BatchSize is < 1 or > 4096) bad.Add($"batchSize: {f.BatchSize} is out of range (allowed 1 to 4096)");
        if (f.MaxBatchTokens is < 1 or > 1 << 24) bad.Add($"maxBatchTokens: {f.MaxBatchTokens} is out of range (allowed 1 to {1 << 24})");
        if (f.Threads is < 0 or > Configuration.ConfigRules.MaxThreads)
            bad.Add($"threads: {f.Threads} is out of range (allowed 0 to {Configuration.ConfigRules.MaxThreads}; 0: one per core)");
        if (bad.Count > 0) throw new ModelLoadException(full, "invalid reward-model config: " + string.Join("; ", bad));
        return f with { Source = full };
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, RewardModelManifest.JsonOptions) + "\n");
}
