using System.CommandLine;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Models.RewardModels;
using RewardEngine.Service;

namespace RewardEngine.Cli.Commands;

/// <summary><c>reward serve</c>: the reward service over HTTP (the library's <see cref="RewardService"/>).</summary>
internal sealed class ServeCommand : CliCommand
{
    internal const string ShutdownTimeoutOption = "--shutdown-timeout";

    private readonly Option<string> _urls = CliOptions.Text("--urls", "addresses to listen on, ';'-separated (default http://127.0.0.1:8000; port 0 picks a free one)", "URL");
    private readonly Option<string> _profile = CliOptions.Text("--profile", "verifiers-only (default), tiny, full, paper", "NAME");
    private readonly Option<string> _config = CliOptions.Config();
    private readonly Option<string> _apiKeyEnv = CliOptions.Text("--api-key-env", "require the API key held by this environment variable (default REWARD_API_KEY, used when set)", "NAME");
    private readonly Option<int> _maxConcurrency = CliOptions.Int("--max-concurrency", "scoring requests worked on at once", 64, 1, 100_000);
    private readonly Option<int> _queueLimit = CliOptions.Int("--queue-limit", "requests waiting for a slot before 429 + Retry-After", 256, 0, 1_000_000);
    private readonly Option<int> _maxBodyKb = CliOptions.Int("--max-body-kb", "largest request body in KiB, 413 above it", 8192, 1, 1 << 20);
    private readonly Option<int> _maxAnswers = CliOptions.Int("--max-answers", "most answers or queries per request, 413 above it", 64, 1, 100_000);
    private readonly Option<double> _requestTimeout = CliOptions.Double("--request-timeout", "seconds before a request is cancelled and answered 504", 120, 0.001, 86_400);
    private readonly Option<double> _shutdownTimeout = CliOptions.Double(ShutdownTimeoutOption, "seconds requests in flight get to finish on SIGTERM or Ctrl+C", 30, 0, 3_600);
    private readonly Option<int> _rmBatch = CliOptions.Int("--rm-batch", "texts per reward-model forward pass, across requests", 16, 1, 4096);
    private readonly Option<int> _rmBatchDelay = CliOptions.Int("--rm-batch-delay-ms", "how long the first waiting text waits for company before a pass", 5, 0, 10_000);
    private readonly Option<string> _chatTemplate = CliOptions.Choice("--chat-template", "how /get_reward splits a query into prompt and response",
        "auto", ["auto", .. ChatTemplates.All.Select(t => t.Name)]);
    private readonly Option<string> _requestLog = CliOptions.Text("--request-log", "one JSON line per request: - (stdout, default), a file, or off", "WHERE");
    private readonly Option<string> _workDir = CliOptions.Text("--work-dir", "the engine's working folder: checkers.db unless constraints.cachePath names a shared one (default out/serve)", "DIR");

    public override string Name => "serve";
    public override string Summary => "serve the reward agent over HTTP for RL trainers (/evaluate/, /get_reward, /v1/judge, /v1/compute_score)";
    public override string? Details => """
        Endpoints: POST /evaluate/ (the original's), /get_reward (OpenRLHF's remote RM), /v1/judge (the whole agent),
        /v1/compute_score (verl's reward function; examples/verl_reward.py); GET /health (503 until the models are
        loaded), /metrics (Prometheus, rwd_*). Errors are {"detail": ...}: 400 malformed, 401 no API key, 413 too
        large, 429 queue full (Retry-After), 503 not ready, 504 timed out. SIGTERM or Ctrl+C stops gracefully: no new
        connections, requests in flight finish within --shutdown-timeout. Exit 0 after a graceful stop, 1 on a usage
        error (an address that cannot be bound), 2 on a bad config or model file.
        """;
    public override IEnumerable<Symbol> Symbols =>
        [_urls, _profile, _config, _apiKeyEnv, _maxConcurrency, _queueLimit, _maxBodyKb, _maxAnswers, _requestTimeout, _shutdownTimeout,
         _rmBatch, _rmBatchDelay, _chatTemplate, _requestLog, _workDir];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var keyVariable = parse.GetValue(_apiKeyEnv) ?? "REWARD_API_KEY";
        var key = Environment.GetEnvironmentVariable(keyVariable);
        if (parse.GetValue(_apiKeyEnv) is not null && string.IsNullOrEmpty(key))
            throw new UsageException($"--api-key-env: the environment variable {keyVariable} is not set");
        var options = new ServiceOptions
        {
            Urls = (parse.GetValue(_urls) ?? "http://127.0.0.1:8000").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ApiKey = string.IsNullOrEmpty(key) ? null : key,
            MaxConcurrency = parse.GetValue(_maxConcurrency),
            QueueLimit = parse.GetValue(_queueLimit),
            MaxBodyBytes = parse.GetValue(_maxBodyKb) * 1024L,
            MaxAnswers = parse.GetValue(_maxAnswers),
            RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(_requestTimeout)),
            ShutdownTimeout = TimeSpan.FromSeconds(parse.GetValue(_shutdownTimeout)),
            RewardModelBatching = new RewardModelBatching(parse.GetValue(_rmBatch), TimeSpan.FromMilliseconds(parse.GetValue(_rmBatchDelay))),
            ChatTemplate = parse.GetValue(_chatTemplate) ?? "auto",
            WorkDirectory = Path.GetFullPath(parse.GetValue(_workDir) ?? Path.Combine("out", "serve")),
        };
        var config = ConfigResolver.Resolve(parse.GetValue(_profile), parse.GetValue(_config), TinyProfile.Make);
        var where = parse.GetValue(_requestLog) ?? "-";
        var requestLog = where switch { "off" => null, "-" => Console.Out, _ => OpenLog(where) };
        try
        {
            await using var service = RewardService.Create(config, options with { RequestLog = requestLog }, Console.Error);
            try { await service.RunAsync(cancellationToken); }
            catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"--urls: cannot listen on {string.Join(", ", options.Urls)}: {e.Message}");
            }
            return ExitCodes.Success;
        }
        finally
        {
            if (requestLog is StreamWriter file) await file.DisposeAsync();
        }
    }

    private static StreamWriter OpenLog(string path)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            return new StreamWriter(path, append: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--request-log: cannot open {path}: {e.Message}");
        }
    }
}
