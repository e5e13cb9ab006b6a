using RewardEngine.Data;
using System.Text.Json;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;
using RewardEngine.Models.RewardModels;

namespace RewardEngine.Cli.Commands.Rm;

/// <summary><c>reward rm score</c>: the base reward model's score for each chosen and rejected response of a dataset.</summary>
public sealed class RmScoreCommand : ICliCommand
{
    public string Name => "rm score";
    public string Summary => "Score each response of a pairwise dataset with the reward model (JSONL out)";
    public string Usage => """
        reward rm score --config F --dataset F [--batch-size N] --out F.jsonl

          --config F       rm.json (an exported reward model) or an engine config with rewardModel.config
          --dataset F      JSON array or JSONL of {text_chosen, text_rejected, id, domain}
          --batch-size N   texts per batch (default: the config's); scores do not depend on it
          --out F.jsonl    one line per response: {"id", "side": "chosen"|"rejected", "score"}
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var configPath = args.Required("config");
        var datasetPath = args.Required("dataset");
        var output = args.Required("out");
        var batchSize = args.OptionalInt("batch-size", 1);
        args.EnsureAllUsed();

        var rmConfig = RewardModelConfigPath(configPath);
        OutputText.CheckWritable(Path.GetFullPath(output));
        var dataset = DatasetLoader.Load(datasetPath, cancellationToken);
        foreach (var w in dataset.Warnings) Console.Error.WriteLine("warning: " + w);
        var pairs = dataset.Pairs;
        using var model = OnnxRewardModel.Load(rmConfig, Console.Error);
        var conversations = pairs.SelectMany(p => new IReadOnlyList<ChatMessage>[]
        {
            [.. p.Prompt, ChatMessage.Assistant(p.Chosen)], [.. p.Prompt, ChatMessage.Assistant(p.Rejected)],
        }).ToList();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var scores = await model.ScoreAsync(conversations, batchSize ?? model.Files.BatchSize, cancellationToken);
        started.Stop();

        await OutputText.WriteLinesAsync(output, Enumerable.Range(0, pairs.Count).SelectMany(i => new[]
        {
            Line(pairs[i].Id, "chosen", scores[2 * i]), Line(pairs[i].Id, "rejected", scores[2 * i + 1]),
        }), cancellationToken);
        Console.WriteLine($"{model.ModelId} ({model.ExecutionProvider}): {scores.Length} responses in {started.Elapsed.TotalSeconds:F2} s " +
                          $"({scores.Length / Math.Max(started.Elapsed.TotalSeconds, 1e-9):F1}/s) -> {output}");
        return 0;
    }

    private static string Line(string id, string side, float score) =>
        JsonSerializer.Serialize(new { id, side, score = (double)score });

    /// <summary>An rm.json is used as is; an engine config points to one with rewardModel.config.</summary>
    private static string RewardModelConfigPath(string path)
    {
        var bytes = InputFile.ReadAllBytes(path, problem => new ConfigException($"{path}: config {problem}"), maxBytes: 16 << 20);
        bool isEngineConfig;
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            isEngineConfig = doc.RootElement.ValueKind == JsonValueKind.Object &&
                             (doc.RootElement.TryGetProperty("rewardModel", out _) || doc.RootElement.TryGetProperty("profile", out _));
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{path}: invalid JSON: {e.Message.Split('\n')[0]}");
        }
        if (!isEngineConfig) return path;
        var config = EngineConfig.Load(path);
        return config.Resolve(config.RewardModel.Config)
            ?? throw new ConfigException($"{path}: rewardModel.config is not set (no reward model to score with)");
    }
}
