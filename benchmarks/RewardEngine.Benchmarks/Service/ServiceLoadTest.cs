using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using RewardEngine.Configuration;
using RewardEngine.Models;
using RewardEngine.Service;

namespace RewardEngine.Benchmarks.Service;

/// <summary>
/// Load test of the reward service, loopback only and bounded (a request count and a time limit per step): a
/// service is started in-process on 127.0.0.1 (or <c>--url</c> names a running one on this machine), then each
/// client count runs against it back to back, so the numbers of one run compare side by side. Reports requests/s,
/// p50/p90/p99/max latency and errors; <c>--soak-minutes</c> then holds a load and samples the service's resident
/// memory from its /metrics.
/// <code>
/// dotnet run -c Release --project benchmarks/RewardEngine.Benchmarks -- service --endpoint evaluate --clients 1,8,64 --requests 20000
/// dotnet run -c Release --project benchmarks/RewardEngine.Benchmarks -- service --endpoint judge --profile tiny --clients 1,8 --seconds 60
/// dotnet run -c Release --project benchmarks/RewardEngine.Benchmarks -- service --endpoint evaluate --clients 64 --soak-minutes 10
/// (--url http://127.0.0.1:PORT for a running `reward serve`; --no-request-log to leave request logs out)
/// </code>
/// </summary>
public static class ServiceLoadTest
{
    private sealed record Step(int Clients, int Requests, double Seconds, int Errors, int Rejected, double[] LatenciesMs)
    {
        /// <summary>CPU time of the service process per request (its rwd_process_cpu_seconds_total over the step).</summary>
        public double CpuMsPerRequest { get; init; } = double.NaN;
        public double Rps => Requests / Seconds;
        public double P(double q) => LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)Math.Ceiling(q * LatenciesMs.Length) - 1)];
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var o = Options.Parse(args);
        RewardService? service = null;
        var url = o.Url;
        var profile = "(external)";
        if (url is null)
        {
            // The tiny profile as `reward models make-tiny` makes it (with the sample knowledge base), in a folder of its own.
            var config = o.Profile == ConfigNames.Of(Profiles.Tiny) && o.Config is null
                ? EngineConfig.Load(TinyProfileWriter.Write(Path.Combine(Path.GetTempPath(), "rwd-load-tiny"), knowledgeCorpus: KnowledgeSample()).ConfigPath)
                : ConfigResolver.Resolve(o.Profile, o.Config);
            profile = ConfigNames.Of(config.Profile);
            service = RewardService.Create(config, new ServiceOptions
            {
                Urls = ["http://127.0.0.1:0"],
                WorkDirectory = Path.Combine(Path.GetTempPath(), "rwd-load-" + Environment.ProcessId),
                QueueLimit = 4096,
                // Logged as `reward serve` logs by default, to a file here, so its cost is in the numbers.
                RequestLog = o.RequestLog ? new StreamWriter(Path.Combine(Path.GetTempPath(), $"rwd-load-{Environment.ProcessId}.log")) : null,
            }, Console.Error);
            await service.StartAsync(CancellationToken.None);
            await service.Loaded;
            url = service.Addresses[0];
        }
        if (!IsLoopback(url)) { Console.Error.WriteLine($"--url {url}: only loopback addresses are allowed"); return 1; }
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(120) };
            var bodies = Bodies(o.Endpoint);
            var path = o.Endpoint == "judge" ? "/v1/judge" : o.Endpoint == "get_reward" ? "/get_reward" : "/evaluate/";
            Console.WriteLine($"# {path} at {url}, profile {profile}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");

            // Warm-up: JIT, caches (generated checkers of the fixed instructions), connection pools.
            await RunStep(client, path, bodies, Math.Max(o.Clients.Max(), 1), o.WarmupRequests, TimeSpan.FromSeconds(o.Seconds));
            var steps = new List<Step>();
            foreach (var c in o.Clients)
            {
                var cpu0 = await MetricAsync(client, "rwd_process_cpu_seconds_total");
                var s = await RunStep(client, path, bodies, c, o.Requests, TimeSpan.FromSeconds(o.Seconds));
                s = s with { CpuMsPerRequest = (await MetricAsync(client, "rwd_process_cpu_seconds_total") - cpu0) * 1000 / Math.Max(1, s.Requests) };
                steps.Add(s);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "clients {0,3}: {1,8:0.0} requests/s  p50 {2,7:0.00} ms  p90 {3,7:0.00} ms  p99 {4,7:0.00} ms  max {5,7:0.00} ms  requests {6}  errors {7}  429 {8}  cpu {9:0.00} ms/request  load {10}",
                    c, s.Rps, s.P(0.50), s.P(0.90), s.P(0.99), s.LatenciesMs.LastOrDefault(), s.Requests, s.Errors, s.Rejected, s.CpuMsPerRequest, LoadAverage().Split(' ')[0]));
            }
            // CPU per request is what batching saves; requests/s also depends on how much of a shared machine the
            // service got during each step.
            if (steps.Count > 1)
                Console.WriteLine(string.Join("; ", steps.Skip(1).Select(s => string.Format(CultureInfo.InvariantCulture,
                    "{0} clients = {1:0.00}x the throughput of {2}, {3:0.00}x its CPU per request", s.Clients, s.Rps / steps[0].Rps, steps[0].Clients,
                    s.CpuMsPerRequest / steps[0].CpuMsPerRequest))));
            if (o.SoakMinutes > 0) await SoakAsync(client, path, bodies, o);
            return steps.Sum(s => s.Errors) == 0 ? 0 : 3;
        }
        finally
        {
            if (service is not null) await service.DisposeAsync();
        }
    }

    private static async Task<Step> RunStep(HttpClient client, string path, IReadOnlyList<string> bodies, int clients, int requests, TimeSpan limit)
    {
        int next = -1, errors = 0, rejected = 0;
        var latencies = new List<double>[clients];
        var clock = Stopwatch.StartNew();
        var deadline = clock.Elapsed + limit;
        var workers = Enumerable.Range(0, clients).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(requests / clients + 16);
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests && clock.Elapsed < deadline)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new StringContent(bodies[i % bodies.Count], Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync(path, content);
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode == HttpStatusCode.TooManyRequests) Interlocked.Increment(ref rejected);
                    else if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { Interlocked.Increment(ref errors); }
                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        })).ToList();
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Step(clients, all.Length, clock.Elapsed.TotalSeconds, errors, rejected, all);
    }

    /// <summary>Holds the load of the largest client count and samples the service's resident memory every 10 s.</summary>
    private static async Task SoakAsync(HttpClient client, string path, IReadOnlyList<string> bodies, Options o)
    {
        var clients = o.Clients.Max();
        var samples = new List<(double Minutes, double Mib)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(o.SoakMinutes));
        var load = RunStep(client, path, bodies, clients, int.MaxValue, TimeSpan.FromMinutes(o.SoakMinutes));
        while (!load.IsCompleted)
        {
            var rss = await ResidentMiB(client);
            samples.Add((clock.Elapsed.TotalMinutes, rss));
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "soak {0,5:0.00} min: resident {1:0.0} MiB", clock.Elapsed.TotalMinutes, rss));
            await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(10)));
        }
        var s = await load;
        samples.Add((clock.Elapsed.TotalMinutes, await ResidentMiB(client)));
        var settled = samples.Where(x => x.Minutes >= Math.Min(1, o.SoakMinutes / 3)).ToList();
        var slope = Slope(settled);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "soak: {0:0.0} min at {1} clients, {2} requests ({3:0.0}/s), errors {4}, 429 {5}; resident memory first {6:0.0} MiB, min {7:0.0}, max {8:0.0}, last {9:0.0}; after warm-up {10:+0.00;-0.00} MiB/min",
            clock.Elapsed.TotalMinutes, clients, s.Requests, s.Rps, s.Errors, s.Rejected, samples[0].Mib, samples.Min(x => x.Mib), samples.Max(x => x.Mib), samples[^1].Mib, slope));
    }

    private static double Slope(List<(double X, double Y)> points)
    {
        if (points.Count < 2) return 0;
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        double num = points.Sum(p => (p.X - mx) * (p.Y - my)), den = points.Sum(p => (p.X - mx) * (p.X - mx));
        return den == 0 ? 0 : num / den;
    }

    private static async Task<double> ResidentMiB(HttpClient client) => await MetricAsync(client, "rwd_process_resident_memory_bytes") / (1 << 20);

    /// <summary>One unlabelled series of the service's /metrics (NaN when it has none: an older service).</summary>
    private static async Task<double> MetricAsync(HttpClient client, string series)
    {
        var text = await client.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    // The acceptance check's body for /evaluate/; for the agent, eight instructions with checkable and factual parts,
    // so the checker cache warms in the warm-up and the LLM roles (factuality) and the reward model run per request.
    private static IReadOnlyList<string> Bodies(string endpoint)
    {
        if (endpoint == "evaluate")
            return ["{\"instruction\": \"Write at least 5 words in all lowercase letters, and include the keyword river.\", \"answers\": [\"the river runs past the old mill\", \"The River Runs\"]}"];
        var topics = new[] { "the Nile", "Mount Everest", "the Moon landing", "photosynthesis", "the Eiffel Tower", "Jupiter", "the printing press", "the Amazon river" };
        if (endpoint == "get_reward")
            return topics.Select(t => System.Text.Json.JsonSerializer.Serialize(new
            {
                query = new[] { $"<|im_start|>user\nDescribe {t} in under 40 words, in all lowercase letters.<|im_end|>\n<|im_start|>assistant\n{t.ToLowerInvariant()} is well known and often studied by students of history and science.<|im_end|>" },
            })).ToList();
        return topics.Select((t, i) => System.Text.Json.JsonSerializer.Serialize(new
        {
            instruction = $"When was {t} first described? Answer in under 40 words.",
            answers = new[] { $"{t} was first described in {1500 + 37 * i} by early scholars.", $"Nobody knows much about {t}; it was described around {1700 + 11 * i}." },
        })).ToList();
    }

    private static string? KnowledgeSample()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "data", "knowledge-sample.jsonl"))) return Path.Combine(d.FullName, "data", "knowledge-sample.jsonl");
        return null;
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.IsLoopback || (IPAddress.TryParse(u.Host, out var ip) && IPAddress.IsLoopback(ip)));

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private sealed record Options(string Endpoint, int[] Clients, int Requests, int WarmupRequests, double Seconds, double SoakMinutes,
        string? Profile, string? Config, string? Url, bool RequestLog)
    {
        public static Options Parse(string[] args)
        {
            string? Get(string name)
            {
                var i = Array.IndexOf(args, "--" + name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            }
            var endpoint = Get("endpoint") ?? "evaluate";
            if (endpoint is not ("evaluate" or "judge" or "get_reward")) throw new ArgumentException("--endpoint: evaluate, judge or get_reward");
            double D(string name, double fallback) => Get(name) is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : fallback;
            return new Options(endpoint,
                (Get("clients") ?? "1,8,64").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
                (int)D("requests", endpoint == "evaluate" ? 20_000 : 400),
                (int)D("warmup", endpoint == "evaluate" ? 2_000 : 16),
                D("seconds", 120), D("soak-minutes", 0),
                Get("profile") ?? (endpoint == "judge" ? "tiny" : null), Get("config"), Get("url"),
                !args.Contains("--no-request-log"));
        }
    }
}
