using RewardEngine.Models.RewardModels;

namespace RewardEngine.Service;

/// <summary>
/// How the reward service listens and protects itself. Immutable; <c>reward serve</c> fills it from its flags.
/// </summary>
public sealed record ServiceOptions
{
    /// <summary>Addresses Kestrel listens on (port 0 picks a free port; see <see cref="RewardService.Addresses"/>).</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8000"];

    /// <summary>When set, every scoring request must carry it (<c>Authorization: Bearer KEY</c> or <c>X-API-Key</c>).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Scoring requests worked on at once; the rest wait in the queue.</summary>
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>Requests that may wait for a slot; one more is answered 429 with Retry-After.</summary>
    public int QueueLimit { get; init; } = 256;

    /// <summary>Largest request body accepted (413 above it).</summary>
    public long MaxBodyBytes { get; init; } = 8 << 20;

    /// <summary>Most answers (or queries) in one request (413 above it).</summary>
    public int MaxAnswers { get; init; } = 64;

    /// <summary>A request still running after this long is answered 504 and its work cancelled.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>On shutdown, how long requests in flight may take to finish.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The reward-model queue shared by all requests.</summary>
    public RewardModelBatching RewardModelBatching { get; init; } = RewardModelBatching.Default;

    /// <summary>How <c>/get_reward</c> splits a query into prompt and response: auto or a template name (<see cref="ChatTemplates"/>).</summary>
    public string ChatTemplate { get; init; } = "auto";

    /// <summary>Where request logs go (one JSON line per request): a writer, or null for none.</summary>
    public TextWriter? RequestLog { get; init; }

    /// <summary>Working folder of the engine (the checker cache, unless constraints.cachePath names one).</summary>
    public string WorkDirectory { get; init; } = Path.Combine("out", "serve");

    /// <summary>Checks the values; throws <see cref="Diagnostics.UsageException"/> naming the first bad one.</summary>
    public void Validate()
    {
        static void Need(bool ok, string message) { if (!ok) throw new Diagnostics.UsageException(message); }
        Need(Urls.Count > 0, "--urls: at least one address is needed");
        foreach (var u in Urls)
            Need(Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", $"--urls: '{u}' is not an http:// address");
        Need(MaxConcurrency >= 1, "--max-concurrency: must be at least 1");
        Need(QueueLimit >= 0, "--queue-limit: must be 0 or more");
        Need(MaxBodyBytes >= 1024, "--max-body-kb: must be at least 1");
        Need(MaxAnswers >= 1, "--max-answers: must be at least 1");
        Need(RequestTimeout > TimeSpan.Zero, "--request-timeout: must be positive");
        Need(ShutdownTimeout >= TimeSpan.Zero, "--shutdown-timeout: must be 0 or more");
        Need(RewardModelBatching.MaxBatch >= 1, "--rm-batch: must be at least 1");
        Need(RewardModelBatching.MaxDelay >= TimeSpan.Zero, "--rm-batch-delay-ms: must be 0 or more");
        Need(ApiKey is null || ApiKey.Length >= 8, "the API key must be at least 8 characters");
        Need(ChatTemplate == "auto" || ChatTemplates.Find(ChatTemplate) is not null,
            $"--chat-template: unknown '{ChatTemplate}' (expected auto, {string.Join(", ", ChatTemplates.All.Select(t => t.Name))})");
    }
}
