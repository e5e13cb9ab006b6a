using System.CommandLine;
using System.Text.Json;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Models.RewardModels;
using RewardEngine.Serialization;
using RewardEngine.Storage;

namespace RewardEngine.Cli.Commands.Rm;

/// <summary><c>reward rm score</c>: the base reward model's score for each chosen and rejected response of a dataset.</summary>
internal sealed class RmScoreCommand : CliCommand
{
    private readonly Option<string> _config = CliOptions.Text("--config", "rm.json (an exported reward model) or an engine config with rewardModel.config", "F", required: true);
    private readonly Option<string> _dataset = CliOptions.Text("--dataset", "pairwise data (as for eval), or a fetched benchmark subset NAME:SUBSET", "F", required: true);
    private readonly Option<int?> _batchSize = CliOptions.OptionalInt("--batch-size", "texts per batch (default: the config's); scores do not depend on it", min: 1, max: 4096);
    private readonly Option<int?> _limit = CliOptions.OptionalInt("--limit", "the first N pairs only", min: 1);
    private readonly Option<string> _out = CliOptions.Text("--out", "output file (default: stdout)", "F.jsonl");
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "rm score";
    public override string Summary => "score each response of a pairwise dataset with the reward model (JSON lines)";
    public override string? Details => """
        One line per response: {"file", "record", "id", "side": "chosen"|"rejected", "score"}; record is the pair's index in
        its file (ids repeat in some benchmarks). --json prints a summary document on stdout (with --out).
        """;
    public override IEnumerable<Symbol> Symbols => [_config, _dataset, _batchSize, _limit, _out, _json];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var configPath = parse.GetValue(_config)!;
        var datasetPath = parse.GetValue(_dataset)!;
        var output = parse.GetValue(_out);
        var batchSize = parse.GetValue(_batchSize);
        var limit = parse.GetValue(_limit);
        var json = parse.GetValue(_json);
        if (json && output is null) throw new UsageException("--json writes a summary on stdout: give --out for the scores");

        var rmConfig = RewardModelConfigPath(configPath);
        if (output is not null) OutputText.CheckWritable(Path.GetFullPath(output));
        datasetPath = RewardEngine.Data.Catalog.DatasetResolver.SingleFile(datasetPath, DataKind.Pairwise);
        var dataset = DatasetLoader.Load(datasetPath, cancellationToken);
        foreach (var w in dataset.Warnings) Console.Error.WriteLine("warning: " + w);
        var pairs = limit is { } n ? dataset.Pairs.Take(n).ToList() : dataset.Pairs;
        using var model = OnnxRewardModel.Load(rmConfig, Console.Error);
        var conversations = pairs.SelectMany(p => new IReadOnlyList<ChatMessage>[]
        {
            [.. p.Prompt, ChatMessage.Assistant(p.Chosen)], [.. p.Prompt, ChatMessage.Assistant(p.Rejected)],
        }).ToList();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var scores = await model.ScoreAsync(conversations, batchSize ?? model.Files.BatchSize, cancellationToken);
        started.Stop();

        var file = Path.GetFileName(datasetPath);
        await OutputText.WriteLinesAsync(output, Enumerable.Range(0, pairs.Count).SelectMany(i => new[]
        {
            Line(file, i, pairs[i].Id, "chosen", scores[2 * i]), Line(file, i, pairs[i].Id, "rejected", scores[2 * i + 1]),
        }), cancellationToken);
        var seconds = started.Elapsed.TotalSeconds;
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                model = model.ModelId, executionProvider = model.ExecutionProvider.ToString(), responses = scores.Length,
                seconds = Math.Round(seconds, 3), responsesPerSecond = Math.Round(scores.Length / Math.Max(seconds, 1e-9), 2), output,
            }, OutputJson.Indented));
        else
            Console.Error.WriteLine($"{model.ModelId} ({model.ExecutionProvider}): {scores.Length} responses in {seconds:F2} s " +
                                    $"({scores.Length / Math.Max(seconds, 1e-9):F1}/s) -> {output ?? "stdout"}");
        return 0;
    }

    private static string Line(string file, int record, string id, string side, float score) =>
        JsonSerializer.Serialize(new { file, record, id, side, score = (double)score }, OutputJson.Options);

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
