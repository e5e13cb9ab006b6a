namespace RewardEngine.Configuration;

/// <summary>The base human-preference reward model.</summary>
public sealed class RewardModelOptions
{
    /// <summary>Path of an RM config (rm.json: model.onnx, tokenizer.json, manifest). Null: no preference signal.</summary>
    public string? Config { get; set; }
    public int BatchSize { get; set; } = 16;
}
