using System.Text.Json;
using RewardEngine.Agent;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Service.Endpoints;

/// <summary>
/// <c>POST /get_reward</c>: OpenRLHF's remote reward-model contract. <c>{"query": [...], "prompts"?: [...],
/// "labels"?: [...]}</c> -> <c>{"rewards": [...], "scores": [...], "extra_logs": {signal: [...]}}</c>. Each query is
/// a chat-templated prompt plus response, split with the configured template (or at its <c>prompts</c> entry);
/// each is scored on its own (<see cref="PointwiseScorer"/>). A label holding IFEval constraints
/// (<c>{"instruction_id_list", "kwargs"}</c>) is checked in place of the parsed instruction.
/// </summary>
internal sealed class GetRewardEndpoint : IServiceEndpoint
{
    public string Name => "get_reward";
    public string Route => "/get_reward";

    public async Task<EndpointResult> HandleAsync(JsonElement request, EndpointContext context, Utf8JsonWriter response, CancellationToken cancellationToken)
    {
        var max = context.Options.MaxAnswers;
        var queries = JsonRequest.RequiredStrings(request, "query", max);
        var prompts = JsonRequest.OptionalStrings(request, "prompts", max);
        if (prompts is not null && prompts.Count != queries.Count)
            throw RequestProblem.BadRequest($"prompts: {prompts.Count} prompts for {queries.Count} queries");
        JsonElement labels = default;
        if (request.TryGetProperty("labels", out var l) && l.ValueKind != JsonValueKind.Null)
        {
            if (l.ValueKind != JsonValueKind.Array) throw JsonRequest.Wrong("labels", "an array", l);
            if (l.GetArrayLength() != queries.Count) throw RequestProblem.BadRequest($"labels: {l.GetArrayLength()} labels for {queries.Count} queries");
            labels = l;
        }
        var template = context.Options.ChatTemplate == "auto" ? null : ChatTemplates.Find(context.Options.ChatTemplate);

        var work = new Task<PointwiseResult>[queries.Count];
        for (int i = 0; i < queries.Count; i++)
        {
            var split = ChatTemplates.Split(queries[i], prompts?[i], template)
                ?? throw RequestProblem.BadRequest(prompts is not null
                    ? $"query[{i}]: its prompt (prompts[{i}]) does not occur in it and no chat template's assistant turn was found"
                    : $"query[{i}]: no chat template's assistant turn found (send prompts, or start the service with --chat-template)");
            IReadOnlyList<Constraint>? given = labels.ValueKind == JsonValueKind.Array
                ? ExplicitConstraints.TryRead(labels[i], $"labels[{i}]", split.Instruction) : null;
            work[i] = context.Engine.ScoreResponseAsync(split.Instruction, split.Response, given, null, cancellationToken);
        }
        var results = await Task.WhenAll(work);

        response.WriteStartObject();
        var rewards = results.Select(r => r.Reward).ToList();
        ServiceJson.Numbers(response, "rewards", rewards);
        ServiceJson.Numbers(response, "scores", rewards);
        response.WriteStartObject("extra_logs");
        // Trainers average each list: only signals every query has.
        foreach (var name in results[0].Signals.Select(s => s.Name))
        {
            if (!results.All(r => r.Signals.Any(s => s.Name == name))) continue;
            ServiceJson.Numbers(response, name, results.Select(r => r.Signals.First(s => s.Name == name).Scores[0]).ToList());
        }
        ServiceJson.Numbers(response, "signal_errors", results.Select(r => (double)r.Errors.Count).ToList());
        response.WriteEndObject();
        response.WriteEndObject();
        return new(queries.Count, Evaluation.LlmCost.Sum(results.Select(r => r.Cost)));
    }
}
