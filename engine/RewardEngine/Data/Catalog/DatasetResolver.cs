using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog;

/// <summary>One job input resolved to files.</summary>
/// <param name="Argument">What the user gave.</param>
/// <param name="Kind">The records' kind for a benchmark reference; null for a plain file (its loader decides).</param>
/// <param name="Reference">The benchmark reference, or null for a plain file.</param>
public sealed record ResolvedDataset(string Argument, DataKind? Kind, IReadOnlyList<string> Files, DatasetReference? Reference);

/// <summary>
/// Turns the data arguments of any job (<c>--dataset</c>, <c>--input</c>, ...) into files: an existing file is itself;
/// otherwise <c>NAME</c> or <c>NAME:SUBSET</c> names a benchmark fetched into the data directory (<c>NAME</c> alone
/// is all of its subsets but the ones the catalog keeps apart, such as <c>judgebench:knowledge-as-shipped</c>).
/// A reference to a set that is not there says which command fetches it.
/// </summary>
public static class DatasetResolver
{
    /// <summary>Resolves each argument in order; <paramref name="store"/> defaults to <see cref="DataStore.Default"/>.</summary>
    public static IReadOnlyList<ResolvedDataset> Resolve(IEnumerable<string> arguments, DataStore? store = null)
    {
        var list = new List<ResolvedDataset>();
        foreach (var a in arguments) list.Add(Resolve(a, store ??= DataStore.Default()));
        return list;
    }

    /// <summary>
    /// The files of every argument, for a job that reads <paramref name="kind"/>: a benchmark of another kind is an
    /// error naming both.
    /// </summary>
    public static IReadOnlyList<string> Files(IEnumerable<string> arguments, DataKind kind, DataStore? store = null) =>
        Resolve(arguments, store).SelectMany(r => r.Kind is null || r.Kind == kind ? r.Files
            : throw new DataCatalogException($"{r.Argument}: a {Word(r.Kind.Value)} benchmark; this job reads {Word(kind)} data")).ToList();

    /// <summary>
    /// The one file a single-input job reads: a file as given, or a benchmark subset of <paramref name="kind"/>
    /// (a set of several subsets must be narrowed to one by <c>NAME:SUBSET</c>).
    /// </summary>
    public static string SingleFile(string argument, DataKind kind, DataStore? store = null)
    {
        var files = Files([argument], kind, store);
        return files.Count == 1 ? files[0]
            : throw new DataCatalogException($"{argument}: {files.Count} subsets; this job reads one file: name a subset ({argument}:SUBSET; reward data list)");
    }

    public static ResolvedDataset Resolve(string argument, DataStore store)
    {
        if (File.Exists(argument) || DatasetReference.TryParse(argument) is not { } reference)
            return new ResolvedDataset(argument, null, [argument], null);
        var set = store.Read(reference.Name);
        if (set is null)
        {
            if (DataCatalog.BuiltIn.Find(reference.Name) is null)
                throw new DataCatalogException($"{argument}: no such file, and no benchmark named '{reference.Name}' (known: {string.Join(", ", DataCatalog.BuiltIn.Sets.Select(s => s.Name))}; reward data list)");
            throw new DataNotCachedException($"{argument}: not in the data directory {store.Root}: `reward data fetch {reference.Name}` downloads it (or `reward data import {reference.Name} FILE...` places files you have)");
        }
        IEnumerable<CachedSubset> subsets;
        if (reference.Subset is { } name)
            subsets = [set.FindSubset(name) ?? throw new DataCatalogException($"{argument}: {set.Name} has no subset '{name}' (subsets: {string.Join(", ", set.Subsets.Select(s => s.Name))})")];
        else subsets = set.Subsets.Where(s => s.InAll);
        var files = new List<string>();
        foreach (var s in subsets)
        {
            if (!s.Ready)
                throw new DataNotCachedException($"{argument}: {(reference.Subset is null ? $"its subset {s.Name} needs" : "needs")} {string.Join(", ", s.MissingSources)}, which the data directory {store.Root} does not hold yet: `reward data fetch {set.Name}` (or `reward data import {set.Name} FILE...`)");
            var path = Path.Combine(store.SetDirectory(set.Name), s.File!);
            if (!File.Exists(path)) throw new DataNotCachedException($"{argument}: {path} is missing from the data directory: reward data fetch {set.Name}");
            files.Add(path);
        }
        return new ResolvedDataset(argument, set.Kind, files, reference);
    }

    private static string Word(DataKind kind) => kind.ToString().ToLowerInvariant();
}
