using System.Text.Json;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;
using RewardEngine.Reporting;

namespace RewardEngine.Cli.Commands;

/// <summary><c>reward diff A B</c>: what changed between two eval runs, pair by pair, and whether it is noise.</summary>
public sealed class DiffCommand : ICliCommand
{
    public string Name => "diff";
    public string Summary => "compare two eval runs: per-subset change with McNemar's test, the pairs that changed and why";
    public string Usage => """
        reward diff A B [--json] [--pairs N|all]

          A, B          output folders of reward eval (A the baseline); pairs are matched by data file, record and id
          --json        the whole comparison as JSON on stdout (every changed pair, full rationales)
          --pairs N     changed pairs to print in text (default 20; all for every one)
        Exit code 0 whatever changed (it is a report); 2 when a folder cannot be read.
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        bool json = args.Flag("json");
        var pairs = args.String("pairs") ?? "20";
        int max = pairs == "all" ? int.MaxValue
            : int.TryParse(pairs, out var n) && n >= 0 ? n : throw new UsageException($"--pairs: expected a count or all, got '{pairs}'");
        args.EnsureAllUsed(allowedPositionals: 2);
        if (args.Positionals.Count != 2) throw new UsageException("reward diff needs two output folders: reward diff A B");

        var diff = RunComparer.Compare(RunOutput.Load(args.Positionals[0]), RunOutput.Load(args.Positionals[1]));
        if (json) Console.Out.WriteLine(JsonSerializer.Serialize(diff, ResultWriter.Indented));
        else DiffTextWriter.Write(diff, Console.Out, max);
        return Task.FromResult(0);
    }
}
