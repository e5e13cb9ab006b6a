using RewardEngine.Data.Catalog;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;

namespace RewardEngine.Cli.Commands.Data;

/// <summary><c>reward data fetch</c>: downloads, verifies and converts benchmarks into the data directory.</summary>
public sealed class DataFetchCommand : ICliCommand
{
    public string Name => "data fetch";
    public string Summary => "Download, verify (sha256) and convert benchmarks into the data directory (resumable)";
    public string Usage => """
        reward data fetch NAME... [--to DIR] [--mirror DIR|URL] [--catalog FILE]

          NAME             a benchmark of the catalog (reward data list)
          --to DIR         the data directory to fill (default: $REWARD_DATA_DIR, else $XDG_CACHE_HOME/rewardengine/data,
                           else ~/.cache/rewardengine/data); jobs read it with REWARD_DATA_DIR=DIR
          --mirror DIR|URL take the source files from a folder or server laid out as SET/FILE (reward data export
                           writes one) instead of their published URLs: for air-gapped machines and CI
          --catalog FILE   a catalog of your own (same shape as data/catalog.json)
        Every file's sha256 is checked before anything is placed; an interrupted download resumes where it stopped.
        Then: reward eval --dataset NAME or --dataset NAME:SUBSET.
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var catalog = DataCatalog.Load(args.String("catalog"));
        var store = args.String("to") is { } to ? new DataStore(to) : DataStore.Default();
        var mirror = args.String("mirror") is { } m ? DataMirror.Parse(m) : null;
        args.EnsureAllUsed(allowedPositionals: int.MaxValue);
        if (args.Positionals.Count == 0) throw new UsageException("reward data fetch: name the benchmarks to fetch (reward data list)");
        foreach (var name in args.Positionals) catalog.Get(name); // every name checked before any download

        var fetcher = new DataFetcher(catalog, store, Console.Error, progress: unit => ProgressReporter.ForConsole(unit));
        foreach (var name in args.Positionals.Distinct())
        {
            var set = await fetcher.FetchAsync(name, mirror, cancellationToken);
            DataSetPrinter.Print(set, store, catalog);
        }
        return 0;
    }
}
