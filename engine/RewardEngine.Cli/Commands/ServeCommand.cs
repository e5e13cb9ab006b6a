using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Models.RewardModels;
using RewardEngine.Service;

namespace RewardEngine.Cli.Commands;

/// <summary><c>reward serve</c>: the reward service over HTTP.</summary>
public sealed class ServeCommand : ICliCommand
{
    public string Name => "serve";
    public string Summary => "serve the reward agent over HTTP (/evaluate/, /get_reward, /v1/judge, /v1/compute_score)";
    public string Usage => """
        reward serve [--urls http://127.0.0.1:8000] [--profile NAME] [--config FILE] [options]

          --urls URL[;URL]       addresses to listen on (default http://127.0.0.1:8000; port 0 picks a free one)
          --profile NAME         verifiers-only (default), tiny, full
          --config FILE          engine config (JSON); its profile unless --profile is given
          --api-key-env NAME     require the API key held by this environment variable (default REWARD_API_KEY,
                                 used when set): 'Authorization: Bearer KEY' or 'X-API-Key: KEY'; 401 without it
          --max-concurrency N    scoring requests worked on at once (default 64)
          --queue-limit N        requests waiting for a slot before 429 + Retry-After (default 256)
          --max-body-kb N        largest request body, 413 above it (default 8192)
          --max-answers N        most answers or queries per request, 413 above it (default 64)
          --request-timeout S    seconds before a request is cancelled and answered 504 (default 120)
          --shutdown-timeout S   seconds requests in flight get to finish on SIGTERM/Ctrl+C (default 30)
          --rm-batch N           texts per reward-model forward pass across requests (default 16)
          --rm-batch-delay-ms N  how long the first text waits for company before a pass (default 5)
          --chat-template NAME   how /get_reward splits queries: auto (default), llama3, chatml, zephyr, gemma, mistral
          --request-log WHERE    one JSON line per request: - (stdout, default), a file, or off
          --work-dir DIR         the engine's working folder (default out/serve): checkers.db unless
                                 constraints.cachePath names a shared one
        Endpoints: POST /evaluate/ /get_reward /v1/judge /v1/compute_score; GET /health /metrics.
        /health answers 503 until the models are loaded. Exit 0 after a graceful stop; 2 on a bad config.
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var keyVariable = args.String("api-key-env") ?? "REWARD_API_KEY";
        var key = Environment.GetEnvironmentVariable(keyVariable);
        if (args.Has("api-key-env") && string.IsNullOrEmpty(key))
            throw new UsageException($"--api-key-env: the environment variable {keyVariable} is not set");
        var requestLog = args.String("request-log") ?? "-";
        var options = new ServiceOptions
        {
            Urls = (args.String("urls") ?? "http://127.0.0.1:8000").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ApiKey = string.IsNullOrEmpty(key) ? null : key,
            MaxConcurrency = args.Int("max-concurrency", 64, min: 1, max: 100_000),
            QueueLimit = args.Int("queue-limit", 256, min: 0, max: 1_000_000),
            MaxBodyBytes = args.Int("max-body-kb", 8192, min: 1, max: 1 << 20) * 1024L,
            MaxAnswers = args.Int("max-answers", 64, min: 1, max: 100_000),
            RequestTimeout = TimeSpan.FromSeconds(args.Double("request-timeout", 120)),
            ShutdownTimeout = TimeSpan.FromSeconds(args.Double("shutdown-timeout", 30)),
            RewardModelBatching = new RewardModelBatching(args.Int("rm-batch", 16, min: 1, max: 4096),
                TimeSpan.FromMilliseconds(args.Int("rm-batch-delay-ms", 5, min: 0, max: 10_000))),
            ChatTemplate = args.String("chat-template") ?? "auto",
            WorkDirectory = Path.GetFullPath(args.String("work-dir") ?? Path.Combine("out", "serve")),
        };
        var config = ConfigResolver.Resolve(args.String("profile"), args.String("config"), TinyProfile.Make);
        args.EnsureAllUsed();

        TextWriter? logWriter = requestLog switch
        {
            "off" => null,
            "-" => Console.Out,
            _ => OpenLog(requestLog),
        };
        try
        {
            await using var service = RewardService.Create(config, options with { RequestLog = logWriter }, Console.Error);
            await service.RunAsync(cancellationToken);
            return 0;
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"error RWD001: --urls: cannot listen on {string.Join(", ", options.Urls)}: {e.Message}");
            return 1;
        }
        finally
        {
            if (logWriter is not null && logWriter != Console.Out) await logWriter.DisposeAsync();
        }
    }

    private static StreamWriter OpenLog(string path)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            return new StreamWriter(path, append: true) { AutoFlush = false };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--request-log: cannot open {path}: {e.Message}");
        }
    }
}
