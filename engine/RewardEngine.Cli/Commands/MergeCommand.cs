using System.CommandLine;
using System.Text.Json;
using RewardEngine.Evaluation;
using RewardEngine.Serialization;

namespace RewardEngine.Cli.Commands;

/// <summary><c>reward merge --out D SHARD_DIRS...</c>: one run's results from the folders of its shards.</summary>
internal sealed class MergeCommand : CliCommand
{
    private readonly Option<string> _out = CliOptions.Text("--out", "output folder of the merged run", "DIR", required: true);
    private readonly Argument<string[]> _shards = new("SHARD_DIRS") { Description = "the --out folders of reward eval --shard K/N, all N of them", Arity = ArgumentArity.OneOrMore };
    private readonly Option<bool> _overwrite = CliOptions.Flag("--overwrite", "replace another run held in --out instead of refusing");
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "merge";
    public override string Summary => "merge the shard folders of one sharded eval run into the results of one run";
    public override string? Details => """
        results_grouped.json and scores.jsonl come out byte-identical to an unsharded run of the same command, and the
        merged run.db lets that command rerun on --out resume every pair. Every shard must have finished (a shard still
        running is RWD600; one not finished, of another run or missing is named, exit 2 or 1).
        """;
    public override IEnumerable<Symbol> Symbols => [_out, _shards, _overwrite, _json];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var report = await EvalShardMerge.MergeAsync(parse.GetValue(_shards)!, Path.GetFullPath(parse.GetValue(_out)!), parse.GetValue(_overwrite),
            Console.Error, cancellationToken);
        if (parse.GetValue(_json)) Console.WriteLine(JsonSerializer.Serialize(report, OutputJson.Indented));
        else EvalCommand.Print(report, Console.Out);
        return 0;
    }
}
