using RewardEngine.Sandbox;

namespace RewardEngine.Cli.Commands.Sandbox;

/// <summary><c>reward sandbox bench</c>: checks/s through the warm sandbox pool against one process per check.</summary>
public sealed class SandboxBenchCommand : ICliCommand
{
    public string Name => "sandbox bench";
    public string Summary => "Measure checks/s: warm sandbox pool vs one fresh interpreter per check";
    public string Usage => """
        reward sandbox bench [--instructions N] [--baseline-checks N] [--rounds N] [--workers N] [--config FILE]

        Each instruction is 8 checkers x 2 answers = 16 checks. The runners are measured in turn, --rounds
        times (default 3): the warm sandbox pool; one fresh interpreter per check (--baseline-checks); and,
        for reference, the original's fork-per-check multiprocessing design (4 x --baseline-checks).
        The medians and the ratios are printed.
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var instructions = args.Int("instructions", 200, min: 1);
        var baselineChecks = args.Int("baseline-checks", 64, min: 1);
        var rounds = args.Int("rounds", 3, min: 1, max: 50);
        var workers = args.OptionalInt("workers", min: 1, max: 256);
        var options = SandboxCommandOptions.Load(args);
        args.EnsureAllUsed();
        if (workers is { } w) options = options with { Workers = w };

        await using var runner = SandboxRunner.Create(options, Console.Error);
        var pool = new List<double>();
        var fresh = new List<double>();
        var forked = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            var s = await SandboxThroughput.MeasureSandboxAsync(runner, instructions, cancellationToken);
            var b = await SandboxThroughput.MeasureProcessPerCheckAsync(options.Python, baselineChecks, cancellationToken);
            var f = await SandboxThroughput.MeasureForkPerCheckAsync(options.Python, baselineChecks * 4, cancellationToken);
            Console.WriteLine($"round {r + 1}: {s.Runner}: {s.Checks} checks in {s.Seconds:F3} s = {s.ChecksPerSecond:F0} checks/s ({s.Errors} errors); " +
                              $"{b.Runner}: {b.Checks} checks in {b.Seconds:F3} s = {b.ChecksPerSecond:F1} checks/s ({b.Errors} errors)");
            Console.WriteLine($"         {f.Runner}: {f.Checks} checks in {f.Seconds:F3} s = {f.ChecksPerSecond:F0} checks/s ({f.Errors} errors)");
            pool.Add(s.ChecksPerSecond);
            fresh.Add(b.ChecksPerSecond);
            forked.Add(f.ChecksPerSecond);
        }
        double poolMedian = Median(pool), freshMedian = Median(fresh), forkMedian = Median(forked);
        Console.WriteLine($"median: sandbox pool {poolMedian:F0} checks/s; process per check {freshMedian:F1} checks/s (ratio {poolMedian / freshMedian:F1}x); " +
                          $"fork per check {forkMedian:F0} checks/s (ratio {poolMedian / forkMedian:F1}x)");
        return 0;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}
