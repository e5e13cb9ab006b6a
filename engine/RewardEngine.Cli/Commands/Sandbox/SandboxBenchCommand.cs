using System.CommandLine;
using System.Text.Json;
using RewardEngine.Serialization;
using RewardEngine.Sandbox;

namespace RewardEngine.Cli.Commands.Sandbox;

/// <summary><c>reward sandbox bench</c>: checks/s through the warm sandbox pool against one process per check.</summary>
internal sealed class SandboxBenchCommand : CliCommand
{
    private readonly Option<int> _instructions = CliOptions.Int("--instructions", "instructions per round (8 checkers x --answers each)", 200, 1);
    private readonly Option<int> _answers = CliOptions.Int("--answers", "answers per instruction: 2 as in a pairwise comparison, n as in best-of-n", 2, 1, 64);
    private readonly Option<int> _baselineChecks = CliOptions.Int("--baseline-checks", "checks of the one-process-per-check baseline per round", 64, 1);
    private readonly Option<int> _rounds = CliOptions.Int("--rounds", "rounds, runners measured in turn; medians count", 3, 1, 50);
    private readonly Option<int?> _workers = CliOptions.OptionalInt("--workers", "sandbox workers (default: the config's)", 1, 256);
    private readonly Option<string> _config = CliOptions.Config();
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "sandbox bench";
    public override string Summary => "measure checks/s: warm sandbox pool vs one fresh interpreter per check";
    public override string? Details => """
        Each instruction is 8 checkers x --answers answers (2: 16 checks). The runners are measured in turn, --rounds times: the warm
        sandbox pool; one fresh interpreter per check (--baseline-checks); the original's fork-per-check multiprocessing
        design (4 x --baseline-checks); and the floor: the same pool doing nothing but one bare fork+exit of its harness
        per checker (the most a process per checker allows here). The medians, the ratios and the load average are printed.
        """;
    public override IEnumerable<Symbol> Symbols => [_instructions, _answers, _baselineChecks, _rounds, _workers, _config, _json];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var instructions = parse.GetValue(_instructions);
        var answers = SandboxThroughput.AnswersOf(parse.GetValue(_answers));
        var baselineChecks = parse.GetValue(_baselineChecks);
        var rounds = parse.GetValue(_rounds);
        var workers = parse.GetValue(_workers);
        var json = parse.GetValue(_json);
        var options = SandboxCommandOptions.Load(parse, _config);
        var report = json ? Console.Error : Console.Out;
        if (workers is { } w) options = options with { Workers = w };

        await using var runner = SandboxRunner.Create(options, Console.Error);
        var pool = new List<double>();
        var fresh = new List<double>();
        var forked = new List<double>();
        var floor = new List<double>();
        report.WriteLine($"load average before: {LoadAverage()}");
        for (int r = 0; r < rounds; r++)
        {
            var s = await SandboxThroughput.MeasureSandboxAsync(runner, instructions, answers, cancellationToken);
            var b = await SandboxThroughput.MeasureProcessPerCheckAsync(options.Python, baselineChecks, answers, cancellationToken);
            var f = await SandboxThroughput.MeasureForkPerCheckAsync(options.Python, baselineChecks * 4, answers, cancellationToken);
            var z = await SandboxThroughput.MeasureForkFloorAsync(runner, instructions, answers.Count, cancellationToken);
            report.WriteLine($"round {r + 1}: {s.Runner}: {s.Checks} checks in {s.Seconds:F3} s = {s.ChecksPerSecond:F0} checks/s ({s.Errors} errors); " +
                              $"{b.Runner}: {b.Checks} checks in {b.Seconds:F3} s = {b.ChecksPerSecond:F1} checks/s ({b.Errors} errors)");
            report.WriteLine($"         {f.Runner}: {f.Checks} checks in {f.Seconds:F3} s = {f.ChecksPerSecond:F0} checks/s ({f.Errors} errors)");
            report.WriteLine($"         {z.Runner}: {z.Checks} checks' processes in {z.Seconds:F3} s = {z.ChecksPerSecond:F0} checks/s " +
                              $"(ratios this round: pool {s.ChecksPerSecond / f.ChecksPerSecond:F1}x, floor {z.ChecksPerSecond / f.ChecksPerSecond:F1}x the fork per check)");
            pool.Add(s.ChecksPerSecond);
            fresh.Add(b.ChecksPerSecond);
            forked.Add(f.ChecksPerSecond);
            floor.Add(z.ChecksPerSecond);
        }
        double poolMedian = Median(pool), freshMedian = Median(fresh), forkMedian = Median(forked), floorMedian = Median(floor);
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                rounds, answers = answers.Count, sandboxPoolChecksPerSecond = Math.Round(poolMedian, 1), processPerCheckChecksPerSecond = Math.Round(freshMedian, 1),
                forkPerCheckChecksPerSecond = Math.Round(forkMedian, 1), ratioToProcessPerCheck = Math.Round(poolMedian / freshMedian, 2),
                ratioToForkPerCheck = Math.Round(poolMedian / forkMedian, 2),
                floorChecksPerSecond = Math.Round(floorMedian, 1), floorRatioToForkPerCheck = Math.Round(floorMedian / forkMedian, 2),
            }, OutputJson.Indented));
        report.WriteLine($"median: sandbox pool {poolMedian:F0} checks/s; process per check {freshMedian:F1} checks/s (ratio {poolMedian / freshMedian:F1}x); " +
                          $"fork per check {forkMedian:F0} checks/s (ratio {poolMedian / forkMedian:F1}x); " +
                          $"floor {floorMedian:F0} checks/s (ratio {floorMedian / forkMedian:F1}x)");
        report.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}
