using System.Text.Json;
using RewardEngine.Agent;
using RewardEngine.Data;

namespace RewardEngine.Service.Endpoints;

/// <summary>
/// <c>POST /v1/judge</c> <c>{"instruction", "answers": [...], "signals"?: [...], "seed"?}</c>: the whole agent for
/// one query (router, the verifiers it picks, the judger), answered with every signal per answer and its rationale,
/// the judger's scores and choice, and the LLM cost. <c>signals</c> limits the verifiers to those named.
/// </summary>
internal sealed class JudgeEndpoint : IServiceEndpoint
{
    public string Name => "judge";
    public string Route => "/v1/judge";

    public async Task<EndpointResult> HandleAsync(JsonElement request, EndpointContext context, Utf8JsonWriter response, CancellationToken cancellationToken)
    {
        var instruction = JsonRequest.RequiredString(request, "instruction");
        var answers = JsonRequest.RequiredStrings(request, "answers", context.Options.MaxAnswers, minItems: 2);
        var only = JsonRequest.OptionalStrings(request, "signals", 16);
        var seed = JsonRequest.OptionalInt(request, "seed");
        var agent = context.Engine.Agent;
        if (only is not null)
        {
            var known = agent.Verifiers.Select(v => v.Name).ToList();
            if (only.FirstOrDefault(n => !known.Contains(n)) is { } unknown)
                throw RequestProblem.BadRequest($"signals: '{unknown}' is not a signal of this service (it has {string.Join(", ", known)})");
            agent = new RewardAgent(agent.Router, agent.Verifiers.Where(v => only.Contains(v.Name)).ToList(), agent.Judger);
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await agent.EvaluateAsync(new RewardQuery([ChatMessage.User(instruction)], answers) { Seed = seed }, cancellationToken);

        response.WriteStartObject();
        response.WriteString("route", result.Route.Rationale);
        response.WriteStartArray("signals");
        foreach (var s in result.Signals) ServiceJson.Signal(response, s);
        response.WriteEndArray();
        ServiceJson.Errors(response, result.Errors);
        var j = result.Judgment;
        response.WriteStartObject("judgment");
        response.WriteString("judger", j.Judger);
        ServiceJson.Numbers(response, "scores", j.Scores);
        if (j.Best is { } best) response.WriteNumber("best", best);
        else response.WriteNull("best");
        response.WriteString("rationale", j.Rationale);
        response.WriteEndObject();
        ServiceJson.Llm(response, result.Cost);
        if (seed is { } sd) response.WriteNumber("seed", sd);
        response.WriteNumber("elapsed_ms", Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3));
        response.WriteEndObject();
        return new(answers.Count, result.Cost);
    }
}
