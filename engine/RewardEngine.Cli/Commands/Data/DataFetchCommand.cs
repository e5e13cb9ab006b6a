using System.CommandLine;
using RewardEngine.Data.Catalog;
using RewardEngine.Evaluation;

namespace RewardEngine.Cli.Commands.Data;

/// <summary><c>reward data fetch</c>: downloads, verifies and converts benchmarks into the data directory.</summary>
internal sealed class DataFetchCommand : CliCommand
{
    private readonly Argument<string[]> _names = new("name") { Description = "benchmarks of the catalog (reward data list)", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string> _to = DataOptions.To();
    private readonly Option<string> _mirror = CliOptions.Text("--mirror",
        "take the source files from a folder or server laid out as SET/FILE (reward data export writes one) instead of their published URLs: for air-gapped machines and CI", "DIR|URL");
    private readonly Option<string> _catalog = DataOptions.Catalog();

    public override string Name => "data fetch";
    public override string Summary => "download, verify (sha256) and convert benchmarks into the data directory (resumable)";
    public override string? Details => """
        Every file's sha256 is checked before anything is placed; an interrupted download resumes where it stopped.
        Then: reward eval --dataset NAME or --dataset NAME:SUBSET.
        """ + "\n" + DataOptions.DataDirectoryNote;
    public override IEnumerable<Symbol> Symbols => [_names, _to, _mirror, _catalog];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var catalog = DataCatalog.Load(parse.GetValue(_catalog));
        var store = parse.GetValue(_to) is { } to ? new DataStore(to) : DataStore.Default();
        var mirror = parse.GetValue(_mirror) is { } m ? DataMirror.Parse(m) : null;
        var names = parse.GetValue(_names)!;
        foreach (var name in names) catalog.Get(name); // every name checked before any download

        var fetcher = new DataFetcher(catalog, store, Console.Error, progress: unit => ProgressReporter.ForConsole(unit));
        foreach (var name in names.Distinct())
        {
            var set = await fetcher.FetchAsync(name, mirror, cancellationToken);
            DataSetPrinter.Print(set, store, catalog);
        }
        return 0;
    }
}
