using RewardEngine.Data.Catalog;
using RewardEngine.Diagnostics;

namespace RewardEngine.Cli.Commands.Data;

/// <summary><c>reward data export</c>: writes a mirror of the fetched benchmarks for air-gapped machines.</summary>
public sealed class DataExportCommand : ICliCommand
{
    public string Name => "data export";
    public string Summary => "Write the fetched benchmarks' source files as a mirror (SET/FILE) for --mirror";
    public string Usage => """
        reward data export --to DIR [NAME...] [--from DIR] [--catalog FILE]

          --to DIR         the mirror folder: SET/FILE for each source file, SHA256SUMS, catalog.json
          NAME             only these sets (default: every fetched set)
          --from DIR       the data directory to export (default as for reward data fetch)
        On the air-gapped machine: reward data fetch NAME --mirror DIR (or serve DIR over HTTP and give its URL).
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var catalog = DataCatalog.Load(args.String("catalog"));
        var to = args.Required("to");
        var store = args.String("from") is { } from ? new DataStore(from) : DataStore.Default();
        args.EnsureAllUsed(allowedPositionals: int.MaxValue);
        var report = new DataFetcher(catalog, store, Console.Error).Export(to, args.Positionals, cancellationToken);
        Console.WriteLine($"{report.Directory}: {string.Join(", ", report.Sets)}; {report.FilesCopied} file(s) copied ({report.BytesCopied:N0} bytes), {report.FilesKept} already there");
        return Task.FromResult(0);
    }
}
