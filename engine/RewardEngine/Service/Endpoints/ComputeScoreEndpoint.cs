using System.Text.Json;

namespace RewardEngine.Service.Endpoints;

/// <summary>
/// <c>POST /v1/compute_score</c>: verl's reward-function arguments <c>{"data_source", "solution_str",
/// "ground_truth", "extra_info"}</c> -> <c>{"score": float, signal: float, ...}</c> (verl keeps the extra keys as
/// reward_extra_info). The instruction comes from <c>extra_info</c> (<c>prompt</c>, as a string or chat messages,
/// <c>instruction</c> or <c>question</c>); IFEval constraints in <c>ground_truth</c> are checked in place of the
/// parsed instruction. <c>examples/verl_reward.py</c> is the shim a verl config names.
/// </summary>
internal sealed class ComputeScoreEndpoint : IServiceEndpoint
{
    public string Name => "compute_score";
    public string Route => "/v1/compute_score";

    public async Task<EndpointResult> HandleAsync(JsonElement request, EndpointContext context, Utf8JsonWriter response, CancellationToken cancellationToken)
    {
        var solution = JsonRequest.RequiredString(request, "solution_str");
        var dataSource = JsonRequest.OptionalString(request, "data_source");
        string? instruction = null;
        if (request.TryGetProperty("extra_info", out var extra) && extra.ValueKind != JsonValueKind.Null)
        {
            if (extra.ValueKind != JsonValueKind.Object) throw JsonRequest.Wrong("extra_info", "an object", extra);
            instruction = InstructionOf(extra);
        }
        var given = request.TryGetProperty("ground_truth", out var truth) && truth.ValueKind != JsonValueKind.Null
            ? ExplicitConstraints.TryRead(truth, "ground_truth", instruction) : null;
        if (instruction is null && given is null)
            throw RequestProblem.BadRequest("no instruction to score against: put the prompt in extra_info.prompt (or extra_info.instruction), " +
                                            "or IFEval constraints {\"instruction_id_list\", \"kwargs\"} in ground_truth");
        var result = await context.Engine.ScoreResponseAsync(instruction, solution, given, null, cancellationToken);

        response.WriteStartObject();
        response.WritePropertyName("score");
        ServiceJson.Number(response, result.Reward);
        foreach (var s in result.Signals)
        {
            response.WritePropertyName(s.Name);
            ServiceJson.Number(response, s.Scores[0]);
        }
        response.WriteNumber("signal_errors", result.Errors.Count);
        if (dataSource is not null) response.WriteString("data_source", dataSource);
        response.WriteEndObject();
        return new(1, result.Cost);
    }

    /// <summary>extra_info.prompt (a string, or chat messages whose last user turn counts), .instruction or .question.</summary>
    private static string? InstructionOf(JsonElement extra)
    {
        foreach (var name in new[] { "instruction", "prompt", "question", "problem" })
        {
            if (!extra.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) continue;
            if (v.ValueKind == JsonValueKind.String) return v.GetString();
            if (v.ValueKind == JsonValueKind.Array)
            {
                string? last = null;
                foreach (var m in v.EnumerateArray())
                {
                    if (m.ValueKind != JsonValueKind.Object || !m.TryGetProperty("content", out var c) || c.ValueKind != JsonValueKind.String)
                        throw RequestProblem.BadRequest($"extra_info.{name}: expected a string or chat messages [{{\"role\", \"content\"}}]");
                    if (!m.TryGetProperty("role", out var r) || r.GetString() == "user") last = c.GetString();
                }
                if (last is not null) return last;
            }
            throw JsonRequest.Wrong($"extra_info.{name}", "a string or chat messages", v);
        }
        return null;
    }
}
