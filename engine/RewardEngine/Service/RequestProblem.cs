namespace RewardEngine.Service;

/// <summary>
/// A request the service refuses, with the HTTP status and the one-line <c>detail</c> the client gets back
/// (400 malformed, 401 no key, 413 too large, 429 queue full, 503 not ready, 504 timed out).
/// </summary>
public sealed class RequestProblem(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Detail { get; } = detail;

    /// <summary>Seconds after which the client may retry (429, 503), or null.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static RequestProblem BadRequest(string detail) => new(400, detail);
    public static RequestProblem TooLarge(string detail) => new(413, detail);
}
