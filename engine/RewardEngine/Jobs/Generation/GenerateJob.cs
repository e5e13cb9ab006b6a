using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Evaluation;
using RewardEngine.Models.Llm;
using RewardEngine.Storage;

namespace RewardEngine.Jobs.Generation;

/// <summary>
/// <c>reward generate</c> as a job on the <see cref="JobRunner"/>: one item per prompt, whose record is the output
/// row <c>{"prompt", "responses": [...], "generator"}</c> plus the prompt's other fields. The runner keeps the run in
/// <c>OUT.run/run.db</c>, so a killed run resumes; sample i of prompt p is seeded by (seed, p, i) alone, so a resumed
/// run writes the same file as an uninterrupted one. The output file is written whole, in input order, at the end.
/// </summary>
public sealed class GenerateJob(EngineConfig config, GenerateOptions options, TextWriter log) : IJob<PromptRow, GenerateRecord>, IAsyncDisposable
{
    private IPolicySampler? _sampler;

    public string Name => "generate";
    public string Noun => "prompt";

    public ValueTask StartAsync(CancellationToken cancellationToken)
    {
        _sampler = PolicySamplers.Create(config, options.N, options.MaxTokens, log);
        return ValueTask.CompletedTask;
    }

    public async Task<GenerateRecord> RunAsync(PromptRow item, int index, CancellationToken cancellationToken)
    {
        var sampler = _sampler ?? throw new InvalidOperationException("StartAsync first");
        var set = await sampler.SampleAsync([ChatMessage.User(item.Prompt)], options.N,
            new SamplingOptions(options.MaxTokens, options.Temperature, options.TopP), i => SampleSeeds.Of(options.Seed, index, i), cancellationToken);
        var row = new JsonObject
        {
            ["prompt"] = item.Prompt,
            ["responses"] = new JsonArray(set.Responses.Select(r => (JsonNode)JsonValue.Create(r)).ToArray()),
            ["generator"] = sampler.ModelId,
        };
        foreach (var (name, value) in item.Carried) row[name] = value?.DeepClone();
        return new GenerateRecord(index, row, set.PromptTokens, set.PromptTokensEvaluated, set.PromptTokensSaved, set.GeneratedTokens);
    }

    public bool IsWhole(GenerateRecord stored) => stored.Row?["responses"] is JsonArray a && a.Count == options.N;

    public ValueTask DisposeAsync() => _sampler?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Runs the job and writes <see cref="GenerateOptions.Output"/>.</summary>
    public static async Task<GenerateReport> RunAsync(EngineConfig config, GenerateOptions options, TextWriter log, ProgressReporter progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rows = PromptRow.Read(options.Input, cancellationToken);
        var output = Path.GetFullPath(options.Output);
        OutputText.CheckWritable(output);
        var ci = CultureInfo.InvariantCulture;
        var openAi = config.Llm.Backend == LlmBackend.OpenAi;
        var key = new RunKeyParts(System.Text.Json.JsonSerializer.Serialize(config.Llm, EngineConfig.JsonOptions),
            ["generate-v1", $"n={options.N}", $"maxTokens={options.MaxTokens}", $"temperature={options.Temperature.ToString("R", ci)}", $"topP={options.TopP.ToString("R", ci)}",
             openAi ? $"openai={config.Llm.OpenAi.BaseUrl}|{config.Llm.OpenAi.Model}" : "llamasharp"],
            options.Seed, [FileHashes.Sha256(options.Input)],
            openAi || config.Resolve(config.Llm.Policy) is not { } policy ? [] : [("llm.policy", policy)]);
        await using var job = new GenerateJob(config, options, log);
        var run = await JobRunner.RunAsync(job, rows.Select((r, i) => new JobItem<PromptRow>(i, r)).ToList(), key,
            new JobRunOptions { OutputDirectory = output + ".run", Threads = 1, Overwrite = options.Overwrite, Log = log, Progress = progress },
            null, cancellationToken);
        await OutputText.WriteLinesAsync(output, run.Records.Select(r => r.Row.ToJsonString(Serialization.OutputJson.Options)), cancellationToken);
        var generator = run.Records.FirstOrDefault()?.Row["generator"]?.GetValue<string>() ?? "";
        return new GenerateReport(rows.Count, options.N, run.RunNow, run.Resumed, generator, run.Records.Sum(r => r.Evaluated),
            run.Records.Sum(r => r.Saved), run.Records.Sum(r => r.Generated), clock.Elapsed.TotalSeconds, output, run.RunKey);
    }
}
