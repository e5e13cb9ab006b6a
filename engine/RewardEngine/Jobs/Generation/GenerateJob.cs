using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Evaluation;
using RewardEngine.Models.Llm;
using RewardEngine.Serialization;
using RewardEngine.Storage;

namespace RewardEngine.Jobs.Generation;

/// <summary>
/// <c>reward generate</c>: N samples per prompt from the policy model, written as the original's response format
/// <c>{"prompt", "responses": [...], "generator"}</c> plus the prompt's other fields, in input order. Each prompt's
/// samples are committed to the job store (<c>OUT.run.db</c>) when done, so a killed run resumes; sample i of prompt
/// p is seeded by (seed, p, i) alone, so a resumed run writes the same file as an uninterrupted one.
/// </summary>
public sealed class GenerateJob(EngineConfig config, GenerateOptions options, TextWriter log, ProgressReporter progress)
{
    private sealed record Item(JsonObject Row, int PromptTokens, long Evaluated, long Saved, long Generated);

    public async Task<GenerateReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rows = PromptRow.Read(options.Input, cancellationToken);
        var output = Path.GetFullPath(options.Output);
        OutputText.CheckWritable(output);
        using var _ = ExclusiveLock.ForFile(output, "output file", "wait for it to end, or choose another --out");
        using var store = JobStore.Open(output + ".run.db");
        var modelKey = config.Llm.Backend == LlmBackend.OpenAi
            ? $"openai:{config.Llm.OpenAi.BaseUrl}:{config.Llm.OpenAi.Model}" : JobKeys.OfModelFile(config.Resolve(config.Llm.Policy));
        var runKey = JobKeys.Of("generate-v1", JobKeys.OfFile(options.Input), modelKey, options.N.ToString(), options.MaxTokens.ToString(),
            options.Temperature.ToString("R"), options.TopP.ToString("R"), options.Seed.ToString(), config.Llm.ContextSize.ToString());
        if (store.StartRun(runKey) is > 0 and var dropped)
            log.WriteLine($"generate: the job store held {dropped} prompts of another run (other input or settings); starting afresh");
        var done = store.Items().ToDictionary(kv => kv.Key, kv => JsonSerializer.Deserialize<Item>(kv.Value, OutputJson.Options)!);
        var resumed = done.Count(kv => kv.Key < rows.Count);
        if (resumed > 0) log.WriteLine($"generate: resuming: {resumed} of {rows.Count} prompts already answered");
        var todo = Enumerable.Range(0, rows.Count).Where(i => !done.ContainsKey(i)).ToList();
        string generator = done.Values.FirstOrDefault()?.Row["generator"]?.GetValue<string>() ?? "";
        if (todo.Count > 0)
        {
            await using var sampler = PolicySamplers.Create(config, options.N, options.MaxTokens, log);
            generator = sampler.ModelId;
            var sampling = new SamplingOptions(options.MaxTokens, options.Temperature, options.TopP);
            int finished = resumed;
            progress.Report(finished, rows.Count);
            foreach (var p in todo)
            {
                var row = rows[p];
                var set = await sampler.SampleAsync([ChatMessage.User(row.Prompt)], options.N, sampling, i => SampleSeeds.Of(options.Seed, p, i), cancellationToken);
                var obj = new JsonObject
                {
                    ["prompt"] = row.Prompt,
                    ["responses"] = new JsonArray(set.Responses.Select(r => (JsonNode)JsonValue.Create(r)).ToArray()),
                    ["generator"] = sampler.ModelId,
                };
                foreach (var (name, value) in row.Carried) obj[name] = value?.DeepClone();
                var item = new Item(obj, set.PromptTokens, set.PromptTokensEvaluated, set.PromptTokensSaved, set.GeneratedTokens);
                store.SaveItem(p, JsonSerializer.Serialize(item, OutputJson.Options));
                done[p] = item;
                progress.Report(++finished, rows.Count);
            }
        }
        var ordered = Enumerable.Range(0, rows.Count).Select(i => done[i]).ToList();
        await OutputText.WriteLinesAsync(output, ordered.Select(i => i.Row.ToJsonString(OutputJson.Options)), cancellationToken);
        return new GenerateReport(rows.Count, options.N, todo.Count, resumed, generator,
            ordered.Sum(i => i.Evaluated), ordered.Sum(i => i.Saved), ordered.Sum(i => i.Generated), clock.Elapsed.TotalSeconds, output);
    }
}
