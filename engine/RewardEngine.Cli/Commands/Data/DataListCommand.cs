using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Data.Catalog;
using RewardEngine.Serialization;

namespace RewardEngine.Cli.Commands.Data;

/// <summary><c>reward data list</c>: the catalog's benchmarks and what of them is in the data directory.</summary>
internal sealed class DataListCommand : CliCommand
{
    private readonly Option<string> _catalog = DataOptions.Catalog();
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "data list";
    public override string Summary => "list the benchmarks of the catalog and which are fetched";
    public override string? Details => DataOptions.DataDirectoryNote;
    public override IEnumerable<Symbol> Symbols => [_catalog, _json];

    public override Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var catalog = DataCatalog.Load(parse.GetValue(_catalog));
        var json = parse.GetValue(_json);
        var store = DataStore.Default();
        var cached = store.List().ToDictionary(s => s.Name);

        if (json)
        {
            var sets = new JsonArray();
            foreach (var set in catalog.Sets)
            {
                cached.TryGetValue(set.Name, out var have);
                sets.Add(new JsonObject
                {
                    ["name"] = set.Name,
                    ["title"] = set.Title,
                    ["kind"] = set.Kind.ToString().ToLowerInvariant(),
                    ["licence"] = set.Licence,
                    ["homepage"] = set.Homepage,
                    ["fetched"] = have is not null,
                    ["sources"] = new JsonArray(set.Sources.Select(s => (JsonNode)new JsonObject
                    {
                        ["file"] = s.File, ["url"] = s.Url.AbsoluteUri, ["revision"] = s.Revision, ["sha256"] = s.Sha256, ["size"] = s.Size,
                    }).ToArray()),
                    ["subsets"] = new JsonArray(set.Subsets.Select(s => (JsonNode)new JsonObject
                    {
                        ["name"] = s.Name, ["description"] = s.Description, ["converter"] = s.Converter, ["records"] = s.Records,
                        ["inAll"] = s.InAll, ["defect"] = s.Defect,
                        ["fetchedRecords"] = have?.FindSubset(s.Name) is { Ready: true } c ? c.Records : null,
                    }).ToArray()),
                });
            }
            Console.WriteLine(new JsonObject { ["catalog"] = catalog.Origin, ["dataDirectory"] = store.Root, ["sets"] = sets }
                .ToJsonString(OutputJson.Indented));
            return Task.FromResult(0);
        }

        Console.WriteLine($"catalog: {catalog.Origin}; data directory: {store.Root}");
        foreach (var set in catalog.Sets)
        {
            cached.TryGetValue(set.Name, out var have);
            var state = have is null ? "not fetched"
                : $"fetched: {have.Subsets.Count(s => s.Ready)} of {set.Subsets.Count} subsets";
            Console.WriteLine();
            Console.WriteLine($"{set.Name} ({set.Kind.ToString().ToLowerInvariant()}; licence {set.Licence}) - {state}");
            Console.WriteLine($"  {set.Title}");
            Console.WriteLine("  subsets: " + string.Join(", ", set.Subsets.Select(s =>
                s.Name + (s.Records is { } n ? $" ({n})" : "") + (s.InAll ? "" : " [apart]"))));
            foreach (var s in set.Subsets.Where(s => s.Defect is not null)) Console.WriteLine($"  defect of {set.Name}:{s.Name}: {s.Defect}");
            foreach (var s in set.Sources)
                Console.WriteLine($"  source {s.File}: {s.Url}" + (s.Sha256 is null ? " (sha256 recorded on first download)" : $" sha256 {s.Sha256}"));
        }
        return Task.FromResult(0);
    }
}
