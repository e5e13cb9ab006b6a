namespace RewardEngine.Configuration;

/// <summary>The base human-preference reward model.</summary>
public sealed record RewardModelOptions
{
    /// <summary>Path of an RM config (rm.json: model.onnx, tokenizer.json, manifest). Null: no preference signal.</summary>
    public string? Config { get; init; }
    public int BatchSize { get; init; } = 16;
}
