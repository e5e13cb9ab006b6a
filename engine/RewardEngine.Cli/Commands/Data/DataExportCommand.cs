using System.CommandLine;
using RewardEngine.Data.Catalog;

namespace RewardEngine.Cli.Commands.Data;

/// <summary><c>reward data export</c>: writes a mirror of the fetched benchmarks for air-gapped machines.</summary>
internal sealed class DataExportCommand : CliCommand
{
    private readonly Argument<string[]> _names = new("name") { Description = "only these sets (default: every fetched set)", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string> _to = CliOptions.Text("--to", "the mirror folder: SET/FILE for each source file, SHA256SUMS, catalog.json", "DIR", required: true);
    private readonly Option<string> _from = CliOptions.Text("--from", "the data directory to export (default: as for reward data fetch)", "DIR");
    private readonly Option<string> _catalog = DataOptions.Catalog();

    public override string Name => "data export";
    public override string Summary => "write the fetched benchmarks' source files as a mirror (SET/FILE) for --mirror";
    public override string? Details => "On the air-gapped machine: reward data fetch NAME --mirror DIR (or serve DIR over HTTP and give its URL).";
    public override IEnumerable<Symbol> Symbols => [_names, _to, _from, _catalog];

    public override Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var catalog = DataCatalog.Load(parse.GetValue(_catalog));
        var store = parse.GetValue(_from) is { } from ? new DataStore(from) : DataStore.Default();
        var report = new DataFetcher(catalog, store, Console.Error).Export(parse.GetValue(_to)!, parse.GetValue(_names) ?? [], cancellationToken);
        Console.WriteLine($"{report.Directory}: {string.Join(", ", report.Sets)}; {report.FilesCopied} file(s) copied ({report.BytesCopied:N0} bytes), {report.FilesKept} already there");
        return Task.FromResult(0);
    }
}
