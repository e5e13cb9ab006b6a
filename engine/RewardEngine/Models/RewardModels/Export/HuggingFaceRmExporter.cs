using System.Text.Json;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.RewardModels.Export;

/// <summary>Options of an export; defaults suit the paper's setting.</summary>
public sealed record RmExportOptions
{
    /// <summary>Shown in rationales; defaults to the source folder's name.</summary>
    public string? ModelId { get; init; }
    public int MaxLength { get; init; } = 2048;
    public ChatTemplateSpec ChatTemplate { get; init; } = ChatTemplateSpec.Llama3;
    /// <summary>Weights above this many bytes go to model.onnx.data (protobuf caps a file at 2 GB).</summary>
    public long ExternalDataThreshold { get; init; } = 1L << 30;
}

/// <summary>The files an export wrote.</summary>
public sealed record RmExportResult(string RewardModelConfig, string Model, string Manifest, string Tokenizer, string Convention);

/// <summary>
/// Exports a Hugging Face Llama reward model folder (config.json, safetensors, tokenizer.json) to the engine's
/// format: model.onnx, tokenizer.json, manifest.json and rm.json. The ONNX graph is built here from the weights, so
/// no Python is needed; engine/scripts/export_rm.py produces the same contract from torch.
/// </summary>
public static class HuggingFaceRmExporter
{
    public static RmExportResult Export(string hfDirectory, string outDirectory, RmExportOptions? options = null)
    {
        options ??= new RmExportOptions();
        var src = Path.GetFullPath(hfDirectory);
        if (!Directory.Exists(src)) throw new ModelLoadException(src, "Hugging Face model folder not found");
        var config = LlamaRmConfig.Load(Path.Combine(src, "config.json"));
        var weights = SafetensorsFile.OpenFolder(src);
        var tokenizerPath = Path.Combine(src, "tokenizer.json");
        using var tokenizer = RewardTokenizer.Load(tokenizerPath);
        var bos = BosToken(src) ?? options.ChatTemplate.Bos;
        var template = options.ChatTemplate with { Bos = bos };
        var padId = PadTokenId(src, config, tokenizer);
        return Write(config, weights, tokenizer, tokenizerPath, outDirectory, options with { ChatTemplate = template },
            options.ModelId ?? Path.GetFileName(src.TrimEnd(Path.DirectorySeparatorChar)), padId);
    }

    internal static RmExportResult Write(LlamaRmConfig config, IWeightSource weights, RewardTokenizer tokenizer, string tokenizerPath,
        string outDirectory, RmExportOptions options, string modelId, int padId)
    {
        var outDir = Path.GetFullPath(outDirectory);
        Directory.CreateDirectory(outDir);
        var graph = LlamaRmGraphBuilder.Build(config, weights);
        graph.Metadata["model_id"] = modelId;
        graph.Metadata["architecture"] = config.Architecture;
        var modelPath = Path.Combine(outDir, "model.onnx");
        var dataName = "model.onnx.data";
        File.Delete(Path.Combine(outDir, dataName));
        graph.Save(modelPath, graph.InitializerBytes > options.ExternalDataThreshold ? dataName : null);

        var tokenizerOut = Path.Combine(outDir, "tokenizer.json");
        if (!string.Equals(Path.GetFullPath(tokenizerPath), tokenizerOut, StringComparison.Ordinal))
            File.WriteAllBytes(tokenizerOut, File.ReadAllBytes(tokenizerPath)); // not File.Copy: it keeps a read-only mode

        var armo = config.IsArmoRM;
        var manifest = new RewardModelManifest
        {
            ModelId = modelId,
            Convention = armo ? OutputConventions.ArmoRM : OutputConventions.SequenceClassification,
            InputIds = LlamaRmGraphBuilder.InputIds,
            AttentionMask = LlamaRmGraphBuilder.AttentionMask,
            GatingPosition = armo ? LlamaRmGraphBuilder.GatingPosition : null,
            Output = armo ? LlamaRmGraphBuilder.Score : LlamaRmGraphBuilder.Logits,
            PadTokenId = padId,
            MaxLength = options.MaxLength,
            ChatTemplate = options.ChatTemplate,
            // ArmoRM's pattern is the end of a user turn plus the assistant header, tokenized by this model's tokenizer
            // ([128009, 128006, 78191, 128007, 271] for Llama-3).
            GatingPattern = armo ? tokenizer.Encode(GatingText(options.ChatTemplate)) : null,
        };
        var manifestPath = Path.Combine(outDir, "manifest.json");
        manifest.Save(manifestPath);
        var rmPath = Path.Combine(outDir, "rm.json");
        new RewardModelFiles().Save(rmPath);
        return new RmExportResult(rmPath, modelPath, manifestPath, tokenizerOut, manifest.Convention);
    }

    /// <summary>The text between a user's content and the assistant's content: "&lt;|eot_id|&gt;&lt;|start_header_id|&gt;assistant&lt;|end_header_id|&gt;\n\n" for Llama-3.</summary>
    internal static string GatingText(ChatTemplateSpec t)
    {
        var i = t.Turn.IndexOf("{content}", StringComparison.Ordinal);
        var after = t.Turn[(i + "{content}".Length)..];
        var before = t.Turn[..i].Replace("{role}", "assistant", StringComparison.Ordinal);
        return after + before;
    }

    private static string? BosToken(string folder) => TokenizerConfigString(folder, "bos_token");

    private static int PadTokenId(string folder, LlamaRmConfig config, RewardTokenizer tokenizer)
    {
        if (config.PadTokenId is { } id) return id;
        if (TokenizerConfigString(folder, "pad_token") is { } pad && tokenizer.AddedTokens.TryGetValue(pad, out var pid)) return pid;
        // Right padding is masked out and the score is read before it, so any id works; the BOS id is a safe one.
        return config.BosTokenId ?? 0;
    }

    private static string? TokenizerConfigString(string folder, string key)
    {
        var path = Path.Combine(folder, "tokenizer_config.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (!doc.RootElement.TryGetProperty(key, out var v)) return null;
            return v.ValueKind == JsonValueKind.String ? v.GetString()
                : v.ValueKind == JsonValueKind.Object && v.TryGetProperty("content", out var c) ? c.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, $"invalid tokenizer_config.json: {e.Message.Split('\n')[0]}");
        }
    }
}
