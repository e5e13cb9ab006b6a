using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RewardEngine.Reporting;
using RewardEngine.Serialization;

namespace RewardEngine.Cli.Commands;

/// <summary><c>reward diff A B</c>: what changed between two eval runs, pair by pair, and whether it is noise.</summary>
internal sealed class DiffCommand : CliCommand
{
    private readonly Argument<string> _a = new("A") { Description = "output folder of reward eval: the baseline" };
    private readonly Argument<string> _b = new("B") { Description = "output folder of reward eval: the run to compare with it" };
    private readonly Option<bool> _json = CliOptions.Json();
    private readonly Option<string> _pairs = CliOptions.Text("--pairs", "changed pairs to print in text: a count, or all (default 20)", "N|all");

    public override string Name => "diff";
    public override string Summary => "compare two eval runs: per-subset change with McNemar's exact test, the pairs that changed and why";
    public override string? Details => """
        Pairs are matched by data file name, record and id: runs over other data or settings are compared on the pairs
        they share, and the rest is counted. Exit code 0 whatever changed (it is a report); 2 when a folder cannot be read.
        """;
    public override IEnumerable<Symbol> Symbols => [_a, _b, _json, _pairs];

    public override Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var pairs = parse.GetValue(_pairs) ?? "20";
        int max = pairs == "all" ? int.MaxValue
            : int.TryParse(pairs, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new Diagnostics.UsageException($"--pairs: expected a count or all, got '{pairs}'");

        var diff = RunComparer.Compare(RunOutput.Load(parse.GetValue(_a)!), RunOutput.Load(parse.GetValue(_b)!));
        if (parse.GetValue(_json)) Console.Out.WriteLine(JsonSerializer.Serialize(diff, OutputJson.Indented));
        else DiffTextWriter.Write(diff, Console.Out, max);
        return Task.FromResult(Diagnostics.ExitCodes.Success);
    }
}
