using System.Text.Json;
using RewardEngine.Agent;
using RewardEngine.Data;

namespace RewardEngine.Service.Endpoints;

/// <summary>
/// <c>POST /evaluate/</c> <c>{"instruction", "answers": [...]}</c> -> <c>{"result": [...]}</c>: the original's
/// contract, the instruction-following signal alone (the share of constraints each answer meets; 0.5 for every
/// answer when the instruction has none).
/// </summary>
internal sealed class EvaluateEndpoint : IServiceEndpoint
{
    public string Name => "evaluate";
    public string Route => "/evaluate/";

    public async Task<EndpointResult> HandleAsync(JsonElement request, EndpointContext context, Utf8JsonWriter response, CancellationToken cancellationToken)
    {
        var instruction = JsonRequest.RequiredString(request, "instruction");
        var answers = JsonRequest.RequiredStrings(request, "answers", context.Options.MaxAnswers);
        var signal = await context.Engine.Constraints.ScoreAsync(new RewardQuery([ChatMessage.User(instruction)], answers), cancellationToken);
        response.WriteStartObject();
        ServiceJson.Numbers(response, "result", signal.Scores);
        response.WriteEndObject();
        return new(answers.Count, signal.Cost);
    }
}
