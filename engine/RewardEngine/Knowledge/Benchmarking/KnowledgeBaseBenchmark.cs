using System.Diagnostics;
using System.Text.Json;
using RewardEngine.Knowledge.Ingest;

namespace RewardEngine.Knowledge.Benchmarking;

/// <summary>Settings of one <see cref="KnowledgeBaseBenchmark"/> run.</summary>
public sealed record KnowledgeBaseBenchmarkOptions
{
    public long Passages { get; init; } = 100_000;
    public int Queries { get; init; } = 2_000;
    public int WarmupQueries { get; init; } = 300;
    public int Seed { get; init; } = 1;
    /// <summary>Distinct words of the <see cref="SyntheticCorpus"/>.</summary>
    public int Vocabulary { get; init; } = 80_000;
    public int K { get; init; } = 5;
    /// <summary>Scratch folder for the JSONL corpus and the database; removed afterwards unless <see cref="Keep"/>.</summary>
    public required string Directory { get; init; }
    /// <summary>Ingest from a JSONL file (the CLI's path, parsing included) rather than from memory.</summary>
    public bool ViaJsonl { get; init; } = true;
    public bool Keep { get; init; }
    /// <summary>Search an existing bench database in <see cref="Directory"/> (same seed and size) instead of building one.</summary>
    public bool Reuse { get; init; }
    public SearchPlanOptions Planning { get; init; } = new();
    /// <summary>Run the naive plan too (slow at scale: about a second per query at 1M passages).</summary>
    public bool CompareNaive { get; init; } = true;
}

/// <summary>Latency percentiles in milliseconds and how often the passage a query was written from came back.</summary>
public sealed record LatencyStats(double P50, double P90, double P99, double Mean, double Max, double RecallAtK)
{
    public static LatencyStats From(List<double> ms, int found)
    {
        var s = ms.Order().ToArray();
        double P(double q) => s[Math.Min(s.Length - 1, (int)Math.Ceiling(q * s.Length) - 1)];
        return new LatencyStats(P(0.50), P(0.90), P(0.99), s.Average(), s[^1], (double)found / s.Length);
    }
}

/// <summary>What a run measured.</summary>
public sealed record KnowledgeBaseBenchmarkReport(
    long Passages, double IngestSeconds, double IngestPassagesPerSecond, long DatabaseBytes, double MiBPerMillionPassages,
    int Queries, int K, LatencyStats Planned, LatencyStats? Naive)
{
    /// <summary>Of <see cref="IngestSeconds"/>, the closing merge of the index into one segment.</summary>
    public double IngestMergeSeconds { get; init; }
    /// <summary>Mean words of a passage's text.</summary>
    public double WordsPerPassage { get; init; }
    /// <summary>Characters of text per word, the space and punctuation included (English answers: about 6.3).</summary>
    public double CharactersPerWord { get; init; }
    /// <summary>The slowest planned queries with their words' document frequencies (for tuning the plan).</summary>
    public IReadOnlyList<string> SlowestPlanned { get; init; } = [];
    /// <summary>Some queries whose source passage the planned search missed.</summary>
    public IReadOnlyList<string> MissedPlanned { get; init; } = [];
    /// <summary>
    /// Passages/s of a bare FTS5 table (same tokenizer, one transaction per 50,000 rows, no content table or hashes)
    /// fed the same passages in the same run: the yardstick for ingest on a machine whose load varies.
    /// </summary>
    public double ReferenceRawFts5PassagesPerSecond { get; init; }
    public long ReferencePassages { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
}

/// <summary>
/// Measures ingest speed, database size and search latency on a <see cref="SyntheticCorpus"/>: the planned query
/// and the naive OR side by side on the same queries, alternating which runs first. Run by <c>reward kb bench</c>.
/// </summary>
public static class KnowledgeBaseBenchmark
{
    public static async Task<KnowledgeBaseBenchmarkReport> RunAsync(KnowledgeBaseBenchmarkOptions o, TextWriter log,
        IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        System.IO.Directory.CreateDirectory(o.Directory);
        var dbPath = Path.Combine(o.Directory, "bench.kb");
        var jsonlPath = Path.Combine(o.Directory, "bench.jsonl");
        bool reuse = o.Reuse && File.Exists(dbPath);
        if (!reuse) foreach (var f in new[] { dbPath, dbPath + "-wal", dbPath + "-shm", jsonlPath }) File.Delete(f);
        try
        {
            var corpus = new SyntheticCorpus(o.Seed, o.Vocabulary);
            // Which passages queries are written from: fixed by the seed.
            var pick = new SyntheticCorpus.SplitMix(o.Seed * 31L + 5);
            var targetIndex = new HashSet<long>();
            while (targetIndex.Count < Math.Min(o.Queries + o.WarmupQueries, o.Passages)) targetIndex.Add((long)(pick.NextUInt64() % (ulong)o.Passages));
            var targets = new List<PassageRecord>();
            long words = 0, characters = 0, captured = 0;
            IEnumerable<PassageRecord> Capture()
            {
                long i = 0;
                foreach (var p in corpus.Passages(o.Passages))
                {
                    if (targetIndex.Contains(i++)) targets.Add(p);
                    captured++;
                    characters += p.Text.Length;
                    words += p.Text.AsSpan().Count(' ') + 1;
                    yield return p;
                }
            }

            IngestSummary summary;
            long bytes;
            double reference = 0;
            long refCount = 0;
            if (reuse)
            {
                foreach (var _ in Capture()) { }
                using var existing = KnowledgeBase.OpenReadOnly(dbPath);
                summary = new IngestSummary(0, 0, 0, 0, existing.PassageCount, TimeSpan.Zero, []);
                bytes = new FileInfo(dbPath).Length;
                log.WriteLine($"reusing {dbPath} ({existing.PassageCount:N0} passages); ingest not measured");
            }
            else
            {
                IPassageSource source;
                if (o.ViaJsonl)
                {
                    log.WriteLine($"writing {o.Passages:N0} synthetic passages to {jsonlPath}");
                    await using (var w = new StreamWriter(jsonlPath))
                        foreach (var p in Capture())
                            await w.WriteLineAsync(JsonSerializer.Serialize(new { id = p.Source, title = p.Title, text = p.Text }));
                    source = new JsonlPassageSource(jsonlPath);
                }
                else source = new CapturingSource(Capture(), o.Passages);

                log.WriteLine($"ingesting into {dbPath}");
                using (var kb = KnowledgeBase.OpenOrCreate(dbPath))
                    summary = await kb.IngestAsync(source, new IngestOptions(), progress, cancellationToken);
                if (o.ViaJsonl && !o.Keep) File.Delete(jsonlPath);
                bytes = new[] { dbPath, dbPath + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
                refCount = Math.Min(o.Passages, 200_000);
                reference = RawFts5Reference(Path.Combine(o.Directory, "reference.db"), corpus.Passages(refCount));
                log.WriteLine($"reference: a bare FTS5 table took the first {refCount:N0} passages at {reference:N0}/s");
                log.WriteLine($"ingested {summary.Added:N0} passages in {summary.Elapsed.TotalSeconds:F1} s ({summary.PassagesPerSecond:N0}/s, index merge {summary.MergeElapsed.TotalSeconds:F1} s included); database {bytes / 1048576.0:F0} MiB");
            }
            var rng = new SyntheticCorpus.SplitMix(o.Seed * 131L + 9);
            var queries = targets.Select((t, i) => (Target: t, Query: corpus.QueryFor(t, o.Seed * 1_000_003 + i)))
                .OrderBy(_ => rng.NextUInt64()).ToList();
            var warm = queries.Take(o.WarmupQueries).ToList();
            var measured = queries.Skip(o.WarmupQueries).ToList();
            using var search = KnowledgeBase.OpenReadOnly(dbPath, o.Planning);
            // Warm the OS cache and the term-frequency cache; the naive plan needs no cache, a few runs warm its pages.
            for (int i = 0; i < warm.Count; i++)
            {
                search.Search(warm[i].Query, o.K);
                if (i < 20 && o.CompareNaive) search.SearchNaive(warm[i].Query, o.K);
            }

            var planned = new List<double>(measured.Count);
            var naive = new List<double>(measured.Count);
            int plannedFound = 0, naiveFound = 0;
            var missed = new List<int>();
            var sw = new Stopwatch();
            for (int i = 0; i < measured.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (target, q) = measured[i];
                for (int pass = 0; pass < (o.CompareNaive ? 2 : 1); pass++)
                {
                    bool doPlanned = !o.CompareNaive || (pass == 0) == (i % 2 == 0);
                    sw.Restart();
                    var hits = doPlanned ? search.Search(q, o.K) : search.SearchNaive(q, o.K);
                    sw.Stop();
                    bool found = hits.Any(h => h.Source == target.Source);
                    if (doPlanned) { planned.Add(sw.Elapsed.TotalMilliseconds); if (found) plannedFound++; else if (missed.Count < 8) missed.Add(i); }
                    else { naive.Add(sw.Elapsed.TotalMilliseconds); if (found) naiveFound++; }
                }
            }
            string Explain(int i) => $"'{measured[i].Query}' -> " +
                string.Join(", ", search.ExplainTerms(measured[i].Query).Select(t => $"{t.Word}:{t.DocumentFrequency}")) +
                " stages " + string.Join("/", search.Search(measured[i].Query, o.K).Select(h => h.Stage).Distinct());
            var slowest = planned.Select((ms, i) => (ms, i)).OrderByDescending(x => x.ms).Take(5)
                .Select(x => $"{x.ms:F2} ms: " + Explain(x.i)).ToList();
            return new KnowledgeBaseBenchmarkReport(summary.TotalPassages, summary.Elapsed.TotalSeconds, summary.PassagesPerSecond, bytes,
                bytes / 1048576.0 / (summary.TotalPassages / 1e6), measured.Count, o.K,
                LatencyStats.From(planned, plannedFound), naive.Count > 0 ? LatencyStats.From(naive, naiveFound) : null) { IngestMergeSeconds = summary.MergeElapsed.TotalSeconds, WordsPerPassage = (double)words / Math.Max(1, captured), CharactersPerWord = (double)characters / Math.Max(1, words), SlowestPlanned = slowest, MissedPlanned = missed.Select(Explain).ToList(), ReferenceRawFts5PassagesPerSecond = reference, ReferencePassages = refCount };
        }
        finally
        {
            if (!o.Keep)
                foreach (var f in new[] { dbPath, dbPath + "-wal", dbPath + "-shm", jsonlPath })
                    if (File.Exists(f)) File.Delete(f);
        }
    }

    /// <summary>Bulk insert into a plain FTS5 table: what SQLite alone does with these passages.</summary>
    private static double RawFts5Reference(string path, IEnumerable<PassageRecord> passages)
    {
        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        var items = passages.ToList(); // generate first: only SQLite is timed
        try
        {
            using var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
            conn.Open();
            using (var c = conn.CreateCommand())
            {
                c.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; " +
                                $"CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize='{KnowledgeBase.Tokenizer}')";
                c.ExecuteNonQuery();
            }
            var sw = Stopwatch.StartNew();
            using var insert = conn.CreateCommand();
            insert.CommandText = "INSERT INTO t(title, text) VALUES($t, $x)";
            var pt = insert.Parameters.Add("$t", Microsoft.Data.Sqlite.SqliteType.Text);
            var px = insert.Parameters.Add("$x", Microsoft.Data.Sqlite.SqliteType.Text);
            for (int i = 0; i < items.Count; i += 50_000)
            {
                using var tx = conn.BeginTransaction();
                insert.Transaction = tx;
                foreach (var p in items.Skip(i).Take(50_000))
                {
                    pt.Value = p.Title;
                    px.Value = p.Text;
                    insert.ExecuteNonQuery();
                }
                tx.Commit();
            }
            return items.Count / sw.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var f in new[] { path, path + "-wal", path + "-shm" }) if (File.Exists(f)) File.Delete(f);
        }
    }

    private sealed class CapturingSource(IEnumerable<PassageRecord> passages, long count) : IPassageSource
    {
        private long _read;
        public long BytesRead => Interlocked.Read(ref _read);
        public long TotalBytes => count;
        public long Ignored => 0;

        public IEnumerable<SourceItem> Read(CancellationToken cancellationToken)
        {
            foreach (var p in passages)
            {
                Interlocked.Increment(ref _read);
                yield return SourceItem.Of(p);
            }
        }
    }
}
