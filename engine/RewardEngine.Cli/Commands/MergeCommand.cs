using System.CommandLine;
using System.Text.Json;
using RewardEngine.Cli.Commands.Responses;
using RewardEngine.Evaluation;
using RewardEngine.Jobs;
using RewardEngine.Jobs.Annotation;
using RewardEngine.Jobs.BestOfN;
using RewardEngine.Serialization;

namespace RewardEngine.Cli.Commands;

/// <summary><c>reward merge --out D SHARD_DIRS...</c>: one run's results from the folders of its shards.</summary>
internal sealed class MergeCommand : CliCommand
{
    private readonly Option<string> _out = CliOptions.Text("--out", "output folder of the merged run (annotate: the merged pairs file)", "DIR", required: true);
    private readonly Argument<string[]> _shards = new("SHARD_DIRS") { Description = "the --out folders of reward eval or reward bon --shard K/N (annotate: the --out files), all N of them", Arity = ArgumentArity.OneOrMore };
    private readonly Option<bool> _overwrite = CliOptions.Flag("--overwrite", "replace another run held in --out instead of refusing");
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "merge";
    public override string Summary => "merge the shards of one sharded eval (pairwise or listwise), bon or annotate run into the results of one run";
    public override string? Details => """
        The files come out byte-identical to an unsharded run of the same command (eval: results_grouped.json and
        scores.jsonl; bon: results_best_of_{n}.jsonl, selections.jsonl, accuracy.json and the plot; annotate: the
        pairs file), and the merged run.db lets that command rerun on --out resume every item. Every shard must have
        finished (a shard still running is RWD600; one not finished, of another run or missing is named, exit 2 or 1).
        """;
    public override IEnumerable<Symbol> Symbols => [_out, _shards, _overwrite, _json];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var shards = parse.GetValue(_shards)!;
        var (output, overwrite, json) = (Path.GetFullPath(parse.GetValue(_out)!), parse.GetValue(_overwrite), parse.GetValue(_json));
        if (ShardMerge.KindOf(shards[0]) == BestOfNShardMerge.Kind)
        {
            var bon = await BestOfNShardMerge.MergeAsync(shards, output, overwrite, Console.Error, cancellationToken);
            if (json) Console.WriteLine(JsonSerializer.Serialize(bon, OutputJson.Indented));
            else BestOfNCommand.Print(bon, Console.Out);
            return 0;
        }
        if (AnnotateShardMerge.IsAnnotateRun(shards[0]))
        {
            var pairs = await AnnotateShardMerge.MergeAsync(shards, output, overwrite, Console.Error, cancellationToken);
            if (json) Console.WriteLine(JsonSerializer.Serialize(pairs, OutputJson.Indented));
            else Console.WriteLine($"prompts: {pairs.Prompts}; pairs: {pairs.Pairs} ({pairs.Format}); ties (no pair): {pairs.Ties}; below --min-margin: {pairs.BelowMargin}\nresults: {pairs.Output}");
            return 0;
        }
        var report = await EvalShardMerge.MergeAsync(shards, output, overwrite, Console.Error, cancellationToken);
        if (json) Console.WriteLine(JsonSerializer.Serialize(report, OutputJson.Indented));
        else EvalCommand.Print(report, Console.Out);
        return 0;
    }
}
