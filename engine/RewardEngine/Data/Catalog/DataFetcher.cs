using System.Security.Cryptography;
using System.Text.Json;
using RewardEngine.Data.Catalog.Converters;
using RewardEngine.Data.Formats;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;

namespace RewardEngine.Data.Catalog;

/// <summary>
/// Puts the catalog's benchmarks into a data directory: <see cref="FetchAsync"/> downloads (or copies from a mirror)
/// each source file, <see cref="ImportAsync"/> takes files the user obtained otherwise. Either way every file's
/// SHA-256 is checked before anything is placed, the subsets are converted and loaded with their loader's validations
/// in a staging folder, and the finished set replaces the old one in one rename.
/// </summary>
public sealed class DataFetcher(DataCatalog catalog, DataStore store, TextWriter log, HttpClient? http = null,
    DownloadPolicy? policy = null, Func<string, ProgressReporter?>? progress = null)
{
    private readonly HttpDownloader _downloader = new(http ?? SharedClient.Value, policy ?? DownloadPolicy.Default)
    {
        OnRetry = line => log.WriteLine("retry: " + line),
    };

    private static readonly Lazy<HttpClient> SharedClient = new(HttpDownloader.CreateClient);

    public DataCatalog Catalog => catalog;

    public DataStore Store => store;

    /// <summary>Fetches a set: every source from its URL (or <paramref name="mirror"/>), reusing verified files already cached.</summary>
    public async Task<CachedSet> FetchAsync(string name, DataMirror? mirror, CancellationToken cancellationToken)
    {
        var set = catalog.Get(name);
        var obtained = new Dictionary<string, ObtainedSource>();
        foreach (var source in set.Sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            obtained[source.File] = Cached(set, source) ?? await ObtainAsync(set, source, mirror, cancellationToken);
        }
        return await BuildAsync(set, obtained, cancellationToken);
    }

    /// <summary>
    /// Places files obtained by other means: each is matched to one of the set's sources by its hash (or, for a source
    /// whose hash the catalog does not pin, by its name) and must have that source's hash. Subsets whose sources are
    /// all present are converted; the others are listed as waiting for their files.
    /// </summary>
    public async Task<CachedSet> ImportAsync(string name, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var set = catalog.Get(name);
        if (files.Count == 0) throw new UsageException($"reward data import {name}: give the files to import");
        var obtained = new Dictionary<string, ObtainedSource>();
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new DatasetException(file, null, null, "file not found");
            var (sha, size) = Hash(file);
            var source = set.Sources.FirstOrDefault(s => Expected(set, s)?.Sha256 == sha) ?? set.Sources.FirstOrDefault(s => NameMatches(s, file))
                ?? throw new ChecksumMismatchException($"{file} (sha256 {sha}) is none of {set.Name}'s source files: "
                    + string.Join("; ", set.Sources.Select(s => $"{s.File} ({Expected(set, s)?.Sha256 ?? "sha256 not pinned"})")));
            if (obtained.ContainsKey(source.File)) throw new UsageException($"{file}: {source.File} is given twice");
            obtained[source.File] = Verify(set, source, file, sha, size, Path.GetFullPath(file), revision: null, downloaded: false);
        }
        foreach (var source in set.Sources.Where(s => !obtained.ContainsKey(s.File)))
            if (Cached(set, source) is { } cached) obtained[source.File] = cached;
        return await BuildAsync(set, obtained, cancellationToken);
    }

    /// <summary>
    /// Writes a mirror of the cached sets (all, or those named) to <paramref name="directory"/>: <c>SET/FILE</c> for
    /// each verified source file, <c>SHA256SUMS</c> for all of them, and the catalog it was made with.
    /// </summary>
    public ExportReport Export(string directory, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var sets = names.Count > 0
            ? names.Select(n => store.Read(n) ?? throw new DataNotCachedException($"{n} is not in the data directory {store.Root}: reward data fetch {n}")).ToList()
            : store.List();
        if (sets.Count == 0) throw new DataNotCachedException($"the data directory {store.Root} holds no sets to export: reward data fetch NAME first");
        Directory.CreateDirectory(directory);
        int copied = 0, kept = 0;
        long bytes = 0;
        var sums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var sumsPath = Path.Combine(directory, "SHA256SUMS");
        if (File.Exists(sumsPath))
            foreach (var line in File.ReadAllLines(sumsPath))
                if (line.Length > 66 && line[64] == ' ') sums[line[66..]] = line[..64];
        foreach (var set in sets)
            foreach (var source in set.Sources)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var from = store.RawPath(set.Name, source.File);
                var to = Path.Combine(directory, set.Name, source.File);
                var rel = $"{set.Name}/{source.File}";
                sums[rel] = source.Sha256;
                if (File.Exists(to) && new FileInfo(to).Length == source.Size && Hash(to).Sha256 == source.Sha256) { kept++; continue; }
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(from, to + ".tmp", overwrite: true);
                if (Hash(to + ".tmp").Sha256 != source.Sha256)
                {
                    File.Delete(to + ".tmp");
                    throw new ChecksumMismatchException($"{from}: the cached file no longer has its sha256 {source.Sha256}; fetch {set.Name} again");
                }
                File.Move(to + ".tmp", to, overwrite: true);
                copied++;
                bytes += source.Size;
            }
        Storage.AtomicFile.Write(sumsPath, string.Concat(sums.Select(kv => $"{kv.Value}  {kv.Key}\n")));
        var catalogBytes = catalog.Origin == "built-in" ? DataCatalog.BuiltInBytes() : File.ReadAllBytes(catalog.Origin);
        Storage.AtomicFile.Write(Path.Combine(directory, "catalog.json"), catalogBytes);
        return new ExportReport(Path.GetFullPath(directory), sets.Select(s => s.Name).ToList(), copied, kept, bytes);
    }

    /// <summary>The hash a source must have: the catalog's, else the one its first download recorded, else none yet.</summary>
    private (string Sha256, bool FromCatalog)? Expected(CatalogSet set, CatalogSource source) =>
        source.Sha256 is { } s ? (s, true) : store.Pins.Get(set.Name, source.File) is { } pin ? (pin.Sha256, false) : null;

    private static bool NameMatches(CatalogSource source, string file)
    {
        var name = Path.GetFileName(file);
        var urlName = Uri.UnescapeDataString(source.Url.Segments[^1]);
        return source.File == name || urlName == name || source.File.EndsWith("=" + name, StringComparison.Ordinal)
            || source.File.EndsWith("," + name, StringComparison.Ordinal);
    }

    /// <summary>The set's cached copy of a source, when it is there and still has the expected hash.</summary>
    private ObtainedSource? Cached(CatalogSet set, CatalogSource source)
    {
        var entry = store.Read(set.Name)?.Sources.FirstOrDefault(s => s.File == source.File);
        var path = store.RawPath(set.Name, source.File);
        if (entry is null || !File.Exists(path)) return null;
        var expected = Expected(set, source);
        if (expected is { } e && e.Sha256 != entry.Sha256) return null;
        var (sha, size) = Hash(path);
        if (sha != entry.Sha256) { log.WriteLine($"{set.Name}: the cached {source.File} changed on disk (sha256 {sha}); getting it again"); return null; }
        return new ObtainedSource(source.File, path, sha, size, entry.Origin, entry.Revision, entry.HashFromCatalog, Downloaded: false);
    }

    private async Task<ObtainedSource> ObtainAsync(CatalogSet set, CatalogSource source, DataMirror? mirror, CancellationToken ct)
    {
        if (mirror?.Directory is not null)
        {
            var path = mirror.PathOf(set.Name, source.File);
            if (!File.Exists(path))
                throw new DownloadException($"{set.Name}: the mirror {mirror} has no {set.Name}/{source.File} (a mirror is laid out as SET/FILE; `reward data export --to DIR` writes one)");
            log.WriteLine($"{set.Name}: {source.File} from the mirror {mirror}");
            var (sha, size) = Hash(path);
            return Verify(set, source, path, sha, size, path, source.Revision, downloaded: false);
        }

        var url = mirror?.BaseUrl is not null ? mirror.UrlOf(set.Name, source.File) : source.Url;
        var part = store.PartialPath(set.Name, source.File);
        var resumeFrom = File.Exists(part) ? new FileInfo(part).Length : 0;
        log.WriteLine($"{set.Name}: downloading {source.File} from {url}" + (resumeFrom > 0 ? $" (resuming after {resumeFrom} bytes)" : ""));
        var reporter = progress?.Invoke("KiB");
        DownloadResult result;
        try
        {
            result = await _downloader.DownloadAsync(url, part,
                reporter is null ? null : (done, total) => reporter.Report(done / 1024, total < 0 ? Math.Max(done, 1) / 1024 : total / 1024, source.File), ct);
        }
        catch (DownloadException e)
        {
            var hint = mirror is not null
                ? $"Check that the mirror serves {set.Name}/{source.File}"
                : $"Offline or air-gapped? Fetch from a mirror with `reward data fetch {set.Name} --mirror DIR|URL` (laid out as SET/FILE; `reward data export --to DIR` writes one on a machine that has the data), or place files you copied with `reward data import {set.Name} FILE...`";
            throw new DownloadException($"{set.Name}: cannot download {source.File} from {url}: {e.Message}. {hint}", e);
        }
        var (actual, bytes) = Hash(part);
        try
        {
            return Verify(set, source, part, actual, bytes, url.AbsoluteUri, source.Revision ?? result.RepoCommit, downloaded: true);
        }
        catch (ChecksumMismatchException)
        {
            // A corrupted download is not worth resuming: the next try starts clean.
            File.Delete(part);
            File.Delete(part + ".json");
            throw;
        }
    }

    private ObtainedSource Verify(CatalogSet set, CatalogSource source, string path, string sha, long size, string origin, string? revision, bool downloaded)
    {
        var expected = Expected(set, source);
        if (expected is { } e && e.Sha256 != sha)
            throw new ChecksumMismatchException($"{set.Name}: {source.File} from {origin} has sha256 {sha} ({size} bytes), but "
                + (e.FromCatalog ? "the catalog pins " : "its first download recorded (pins.json) ") + e.Sha256
                + (source.Size is { } want && want != size ? $" and {want} bytes" : "")
                + ": the file is corrupted, truncated or not the published one; nothing was placed");
        if (expected is null)
        {
            store.Pins.Record(set.Name, source.File, new SourcePin(sha, size, source.Url.AbsoluteUri, revision, DateTimeOffset.UtcNow));
            log.WriteLine($"{set.Name}: recorded sha256 {sha} of {source.File}" + (revision is null ? "" : $" (revision {revision})")
                + $": the catalog pins no hash for it, so this first verified download sets it (in {Path.Combine(store.Root, "pins.json")}); later downloads must match");
        }
        return new ObtainedSource(source.File, path, sha, size, origin, revision, expected?.FromCatalog ?? false, downloaded);
    }

    private async Task<CachedSet> BuildAsync(CatalogSet set, Dictionary<string, ObtainedSource> obtained, CancellationToken ct)
    {
        var staging = store.NewStaging(set.Name);
        var final = store.SetDirectory(set.Name);
        try
        {
            var rawDir = Path.Combine(staging, "raw");
            Directory.CreateDirectory(rawDir);
            var rawFiles = new Dictionary<string, string>();
            foreach (var o in obtained.Values)
            {
                var dest = Path.Combine(rawDir, o.File);
                File.Copy(o.Path, dest);
                rawFiles[o.File] = dest;
            }

            var ready = set.Subsets.Where(s => s.Sources.All(rawFiles.ContainsKey)).ToList();
            var converted = new Dictionary<string, ConvertedFile>();
            foreach (var group in ready.GroupBy(s => s.Converter))
            {
                ct.ThrowIfCancellationRequested();
                var files = await DatasetConverters.Get(group.Key).ConvertAsync(new ConversionRequest(set, group.ToList(), rawFiles, staging), ct);
                foreach (var f in files) converted[f.Subset] = f;
            }

            var subsets = new List<CachedSubset>();
            foreach (var subset in set.Subsets)
            {
                if (!converted.TryGetValue(subset.Name, out var file))
                {
                    subsets.Add(new CachedSubset(subset.Name, subset.Description, null, subset.InAll, 0, null, [], subset.Defect,
                        subset.Sources.Where(s => !rawFiles.ContainsKey(s)).ToList()));
                    continue;
                }
                var path = Path.Combine(staging, file.FileName);
                var (records, warnings) = Validate(set, subset, path, staging, final);
                var sha = Hash(path).Sha256;
                if (subset.Records is { } want && want != records)
                    throw new ChecksumMismatchException($"{set.Name}:{subset.Name}: the conversion gave {records} records, the catalog expects {want}; nothing was placed");
                if (subset.Sha256 is { } wantSha && wantSha != sha)
                    throw new ChecksumMismatchException($"{set.Name}:{subset.Name}: the converted file has sha256 {sha}, the catalog expects {wantSha} (the reference file it must reproduce); nothing was placed");
                subsets.Add(new CachedSubset(subset.Name, subset.Description, file.FileName, subset.InAll, records, sha,
                    [.. file.Notes, .. warnings], subset.Defect, []));
            }

            var manifest = new CachedSet(set.Name, set.Title, set.Kind, set.Licence, catalog.Origin, DateTimeOffset.UtcNow,
                obtained.Values.OrderBy(o => set.Sources.ToList().FindIndex(s => s.File == o.File))
                    .Select(o => new CachedSource(o.File, o.Sha256, o.Size, o.Origin, o.Revision, o.HashFromCatalog)).ToList(),
                subsets);
            File.WriteAllText(Path.Combine(staging, "manifest.json"), JsonSerializer.Serialize(manifest, DataStore.Json) + "\n");
            store.Place(staging, set.Name);
            foreach (var o in obtained.Values.Where(o => o.Downloaded))
            {
                File.Delete(o.Path);
                File.Delete(o.Path + ".json");
            }
            return manifest;
        }
        catch
        {
            DataStore.TryDelete(staging);
            throw;
        }
    }

    /// <summary>Loads a converted file with its kind's loader; returns its record count and the loader's warnings.</summary>
    private static (int Records, IReadOnlyList<string> Warnings) Validate(CatalogSet set, CatalogSubset subset, string path, string staging, string final)
    {
        try
        {
            // A subset the sources hold nothing for is kept, empty, with a warning: the catalog and the data disagree.
            if (CountRecords(path) == 0) return (0, [$"no records: the sources hold none for {set.Name}:{subset.Name}"]);
            var (records, warnings) = set.Kind switch
            {
                DataKind.Pairwise => DatasetLoader.Load(path) is var d ? (d.Pairs.Count, d.Warnings) : default,
                DataKind.Listwise => ListwiseLoader.Load(path) is var l ? (l.Items.Count, l.Warnings) : default,
                _ => (CountRecords(path), (IReadOnlyList<string>)[]),
            };
            return (records, warnings.Select(w => w.Replace(staging, final, StringComparison.Ordinal)).ToList());
        }
        catch (DatasetException e)
        {
            throw new RewardEngineException(e.Code, $"{set.Name}:{subset.Name} (converted from {string.Join(", ", subset.Sources)}): {e.Message.Replace(staging, final, StringComparison.Ordinal)}", e);
        }
    }

    private static int CountRecords(string path)
    {
        var bytes = JsonRecords.ReadBytes(path);
        if (bytes.AsSpan().Trim(" \t\r\n"u8) is var t && (t.IsEmpty || t.SequenceEqual("[]"u8))) return 0;
        int n = 0;
        JsonRecords.Read(path, bytes, _ => n++);
        return n;
    }

    internal static (string Sha256, long Size) Hash(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return (Convert.ToHexStringLower(SHA256.HashData(s)), s.Length);
    }
}

/// <summary>What <see cref="DataFetcher.Export"/> wrote.</summary>
public sealed record ExportReport(string Directory, IReadOnlyList<string> Sets, int FilesCopied, int FilesKept, long BytesCopied);
