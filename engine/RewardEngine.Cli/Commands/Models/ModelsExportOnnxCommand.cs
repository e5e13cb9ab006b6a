using RewardEngine.Models.RewardModels.Export;

namespace RewardEngine.Cli.Commands.Models;

/// <summary><c>reward models export-onnx</c>: a Hugging Face Llama reward model folder to the engine's ONNX format.</summary>
public sealed class ModelsExportOnnxCommand : ICliCommand
{
    public string Name => "models export-onnx";
    public string Summary => "Export a Hugging Face Llama reward model (safetensors) to ONNX + manifest + rm.json";
    public string Usage => """
        reward models export-onnx --hf DIR --out DIR [--model-id ID] [--max-length N]

          --hf DIR          Hugging Face folder: config.json, model.safetensors (or shards), tokenizer.json
                            (LlamaForSequenceClassification or ArmoRM's LlamaForRewardModelWithGating)
          --out DIR         where model.onnx, tokenizer.json, manifest.json and rm.json are written
          --model-id ID     name shown in rationales (default: the folder name)
          --max-length N    truncate texts from the left to N tokens (default 2048)
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var hf = args.Required("hf");
        var output = args.Required("out");
        var options = new RmExportOptions { ModelId = args.String("model-id"), MaxLength = args.Int("max-length", 2048, 8) };
        args.EnsureAllUsed();
        var result = HuggingFaceRmExporter.Export(hf, output, options);
        Console.WriteLine($"exported {result.Convention} reward model: {result.Model}");
        Console.WriteLine($"config: {result.RewardModelConfig}");
        return Task.FromResult(0);
    }
}
