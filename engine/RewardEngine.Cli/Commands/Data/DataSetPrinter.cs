using RewardEngine.Data;
using RewardEngine.Data.Catalog;

namespace RewardEngine.Cli.Commands.Data;

/// <summary>Prints what a fetch or import placed: one line per subset on stdout, warnings and defects on stderr.</summary>
internal static class DataSetPrinter
{
    public static void Print(CachedSet set, DataStore store, DataCatalog catalog)
    {
        var unit = set.Kind switch { DataKind.Pairwise => "pairs", DataKind.Listwise => "rows", _ => "prompts" };
        var known = catalog.Find(set.Name);
        foreach (var s in set.Subsets)
        {
            var reference = $"{set.Name}:{s.Name}";
            if (!s.Ready)
            {
                Console.WriteLine($"{reference}: waiting for {string.Join(", ", s.MissingSources)}");
                continue;
            }
            var check = known?.FindSubset(s.Name)?.Sha256 is not null ? ", reproduces the catalog's sha256" : "";
            Console.WriteLine($"{reference}: {s.Records:N0} {unit} ({Path.Combine(store.SetDirectory(set.Name), s.File!)}{check})" + (s.InAll ? "" : $" [not part of '{set.Name}']"));
            foreach (var w in s.Warnings) Console.Error.WriteLine($"warning: {reference}: {w}");
            if (s.Defect is not null) Console.Error.WriteLine($"defect: {reference}: {s.Defect}");
        }
        var ready = set.Subsets.Where(s => s.InAll && s.Ready).ToList();
        if (ready.Count == set.Subsets.Count(s => s.InAll))
            Console.WriteLine($"{set.Name}: {ready.Sum(s => s.Records):N0} {unit} in {ready.Count} subset(s); use --dataset {set.Name} or --dataset {set.Name}:SUBSET");
    }
}
