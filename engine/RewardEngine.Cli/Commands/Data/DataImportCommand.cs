using RewardEngine.Data.Catalog;
using RewardEngine.Diagnostics;

namespace RewardEngine.Cli.Commands.Data;

/// <summary><c>reward data import</c>: places source files obtained by other means, verified, and converts them.</summary>
public sealed class DataImportCommand : ICliCommand
{
    public string Name => "data import";
    public string Summary => "Verify (sha256) source files you already have, place them in the data directory and convert them";
    public string Usage => """
        reward data import NAME FILE... [--to DIR] [--catalog FILE]

          NAME             the benchmark the files belong to (reward data list shows its source files and hashes)
          FILE             source files as published (any name: they are matched to the catalog by their sha256)
          --to DIR         the data directory (default as for reward data fetch)
          --catalog FILE   a catalog of your own
        Subsets whose source files are all present are converted; the others wait for theirs.
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var catalog = DataCatalog.Load(args.String("catalog"));
        var store = args.String("to") is { } to ? new DataStore(to) : DataStore.Default();
        args.EnsureAllUsed(allowedPositionals: int.MaxValue);
        if (args.Positionals.Count < 2) throw new UsageException("reward data import NAME FILE...: give the benchmark's name and its files");
        var fetcher = new DataFetcher(catalog, store, Console.Error);
        var set = await fetcher.ImportAsync(args.Positionals[0], args.Positionals.Skip(1).ToList(), cancellationToken);
        DataSetPrinter.Print(set, store, catalog);
        return 0;
    }
}
