using System.Text.Json;
using RewardEngine.Evaluation;

namespace RewardEngine.Service.Endpoints;

/// <summary>What an endpoint gets: the engine and the service's options.</summary>
internal sealed record EndpointContext(ServiceEngine Engine, ServiceOptions Options);

/// <summary>What an endpoint did: how many answers it scored (for the log) and the LLM cost of its results.</summary>
internal sealed record EndpointResult(int Items, LlmCost Cost);

/// <summary>
/// One scoring endpoint (a POST taking a JSON object). The pipeline around it (<see cref="RequestPipeline"/>)
/// does the API key, body limits, JSON parsing, the queue, the timeout, metrics and logs; an endpoint reads its
/// fields, scores, and writes its response object. Adding one is a class here and a line in <see cref="ServiceEndpoints"/>.
/// </summary>
internal interface IServiceEndpoint
{
    /// <summary>Label in metrics and logs ("evaluate").</summary>
    string Name { get; }

    /// <summary>Route template ("/evaluate/").</summary>
    string Route { get; }

    /// <summary>Writes the response object; returns how many answers were scored and what the results cost.</summary>
    Task<EndpointResult> HandleAsync(JsonElement request, EndpointContext context, Utf8JsonWriter response, CancellationToken cancellationToken);
}

/// <summary>The scoring endpoints the service maps, in the order the README lists them.</summary>
internal static class ServiceEndpoints
{
    public static IReadOnlyList<IServiceEndpoint> All { get; } =
    [
        new EvaluateEndpoint(),
        new GetRewardEndpoint(),
        new JudgeEndpoint(),
        new ComputeScoreEndpoint(),
    ];
}
