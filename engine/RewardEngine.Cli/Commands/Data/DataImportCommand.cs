using System.CommandLine;
using RewardEngine.Data.Catalog;

namespace RewardEngine.Cli.Commands.Data;

/// <summary><c>reward data import</c>: places source files obtained by other means, verified, and converts them.</summary>
internal sealed class DataImportCommand : CliCommand
{
    private readonly Argument<string> _name = new("name") { Description = "the benchmark the files belong to (reward data list shows its source files and hashes)" };
    private readonly Argument<string[]> _files = new("file") { Description = "source files as published (any name: they are matched to the catalog by their sha256)", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string> _to = DataOptions.To();
    private readonly Option<string> _catalog = DataOptions.Catalog();

    public override string Name => "data import";
    public override string Summary => "verify (sha256) source files you already have, place them in the data directory and convert them";
    public override string? Details => "Subsets whose source files are all present are converted; the others wait for theirs.\n" + DataOptions.DataDirectoryNote;
    public override IEnumerable<Symbol> Symbols => [_name, _files, _to, _catalog];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var catalog = DataCatalog.Load(parse.GetValue(_catalog));
        var store = parse.GetValue(_to) is { } to ? new DataStore(to) : DataStore.Default();
        var fetcher = new DataFetcher(catalog, store, Console.Error);
        var set = await fetcher.ImportAsync(parse.GetValue(_name)!, parse.GetValue(_files)!, cancellationToken);
        DataSetPrinter.Print(set, store, catalog);
        return 0;
    }
}
