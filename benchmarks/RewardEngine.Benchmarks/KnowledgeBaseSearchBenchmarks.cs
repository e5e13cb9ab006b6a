using BenchmarkDotNet.Attributes;
using RewardEngine.Knowledge;
using RewardEngine.Knowledge.Benchmarking;

namespace RewardEngine.Benchmarks;

/// <summary>
/// Planned search against the naive OR of all query words, on a deterministic synthetic corpus (100,000 passages of
/// about 110 words, Zipfian vocabulary). One operation = 50 LLM-style queries of 3-8 words.
/// The full-scale numbers (1,000,000 passages, ingest speed, size) come from <c>reward kb bench</c>; see
/// benchmarks/results/knowledge-base.md.
/// </summary>
[MemoryDiagnoser]
public class KnowledgeBaseSearchBenchmarks
{
    private string _dir = "";
    private KnowledgeBase _kb = null!;
    private string[] _queries = [];

    [Params(100_000)]
    public int Passages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"kb-bdn-{Environment.ProcessId}");
        Directory.CreateDirectory(_dir);
        var db = Path.Combine(_dir, "bench.kb");
        var corpus = new SyntheticCorpus(seed: 1);
        using (var w = KnowledgeBase.OpenOrCreate(db))
            w.IngestAsync(new SyntheticPassageSource(corpus, Passages)).GetAwaiter().GetResult();
        var all = corpus.Passages(Passages).ToList();
        var rng = new Random(5);
        _queries = Enumerable.Range(0, 50).Select(i => corpus.QueryFor(all[rng.Next(all.Count)], i)).ToArray();
        _kb = KnowledgeBase.OpenReadOnly(db);
        foreach (var q in _queries) _kb.Search(q, 5); // warm the term-frequency cache, as a long run would be
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _kb.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public int NaiveOr()
    {
        int n = 0;
        foreach (var q in _queries) n += _kb.SearchNaive(q, 5).Count;
        return n;
    }

    [Benchmark]
    public int Planned()
    {
        int n = 0;
        foreach (var q in _queries) n += _kb.Search(q, 5).Count;
        return n;
    }
}
