namespace RewardEngine.Knowledge.Ingest;

/// <summary>What to do with a record that cannot be read.</summary>
public enum OnBadRecord
{
    /// <summary>Report it and go on with the next record.</summary>
    Skip,
    /// <summary>Report it and end the run; what was added before it stays (ingest is idempotent).</summary>
    Stop,
}

/// <summary>A record that could not be ingested, named by file and line or page.</summary>
/// <param name="Location">"file:line" or "file: page 'Title'" (or "file: line N" for XML errors).</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record IngestProblem(string Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>One item a passage source yields: a passage, or a problem with a record.</summary>
public readonly record struct SourceItem(PassageRecord? Passage, IngestProblem? Problem)
{
    public static SourceItem Of(PassageRecord p) => new(p, null);
    public static SourceItem Bad(string location, string message) => new(null, new IngestProblem(location, message));
}

/// <summary>
/// A stream of passages from one input (a JSONL file, a folder of text, a wiki dump). Reading is lazy and
/// streaming; <see cref="BytesRead"/> and <see cref="TotalBytes"/> drive the progress bar.
/// </summary>
public interface IPassageSource
{
    /// <summary>Input bytes consumed so far (compressed bytes for .bz2). Safe to read from another thread.</summary>
    long BytesRead { get; }
    /// <summary>Total input bytes, or 0 when unknown.</summary>
    long TotalBytes { get; }
    /// <summary>Records that are not passages and were passed over on purpose (redirects, non-article pages).</summary>
    long Ignored { get; }
    /// <summary>Invalid UTF-8 sequences read as U+FFFD so far (sources that replace rather than refuse).</summary>
    long InvalidUtf8Replaced => 0;
    /// <summary>Where the first replacement was ("file:line"), or null.</summary>
    string? FirstInvalidUtf8At => null;
    IEnumerable<SourceItem> Read(CancellationToken cancellationToken);
}

/// <summary>Whether an ingest run merges the full-text index into one segment at its end (FTS5 'optimize').</summary>
public enum IndexMerge
{
    /// <summary>When the run added at least <see cref="IngestOptions.MergeThreshold"/> passages: bulk loads.</summary>
    Auto,
    Always,
    Never,
}

/// <summary>Options of one ingest run.</summary>
public sealed record IngestOptions
{
    public OnBadRecord OnBadRecord { get; init; } = OnBadRecord.Skip;
    /// <summary>Passages per transaction. Big batches are what make ingest fast.</summary>
    public int TransactionSize { get; init; } = 50_000;
    /// <summary>Called once per skipped bad record as it is found, so none is skipped silently (Stop reports through its exception).</summary>
    public Action<IngestProblem>? OnProblem { get; init; }
    /// <summary>
    /// A bulk load leaves the index in about ten segments, and every search term is looked up in each of them. One
    /// merge at the end costs about a tenth of the load (5.8 s after 1M passages) and makes searches about 15% faster.
    /// </summary>
    public IndexMerge Merge { get; init; } = IndexMerge.Auto;
    public long MergeThreshold { get; init; } = 20_000;
}

/// <summary>Where an ingest stands; reported after each batch.</summary>
public sealed record IngestProgress(long Read, long Added, long Duplicates, long Skipped, long BytesRead, long TotalBytes, TimeSpan Elapsed)
{
    /// <summary>All input is stored; the index is being merged into one segment.</summary>
    public bool Merging { get; init; }
    /// <summary>Fraction done in [0, 1], or null when the input size is unknown.</summary>
    public double? Fraction => TotalBytes > 0 ? Math.Clamp((double)BytesRead / TotalBytes, 0, 1) : null;
    public double PassagesPerSecond => Elapsed.TotalSeconds > 0 ? Read / Elapsed.TotalSeconds : 0;
}

/// <summary>The outcome of an ingest run.</summary>
/// <param name="Added">New passages stored.</param>
/// <param name="Duplicates">Passages whose content hash was already stored (or repeated in the input).</param>
/// <param name="Skipped">Bad records reported and passed over.</param>
/// <param name="Ignored">Records that are not passages by design (wiki redirects, talk pages).</param>
/// <param name="TotalPassages">Passages in the knowledge base after the run.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Problems">The bad records, at most the first 1,000.</param>
public sealed record IngestSummary(long Added, long Duplicates, long Skipped, long Ignored, long TotalPassages,
    TimeSpan Elapsed, IReadOnlyList<IngestProblem> Problems)
{
    /// <summary>Time of the closing index merge (part of <see cref="Elapsed"/>); zero when none ran.</summary>
    public TimeSpan MergeElapsed { get; init; }
    /// <summary>Invalid UTF-8 sequences in the input, stored as U+FFFD (see <see cref="FirstInvalidUtf8At"/>).</summary>
    public long InvalidUtf8Replaced { get; init; }
    /// <summary>Where the first invalid UTF-8 sequence was, or null.</summary>
    public string? FirstInvalidUtf8At { get; init; }
    public double PassagesPerSecond => Elapsed.TotalSeconds > 0 ? (Added + Duplicates) / Elapsed.TotalSeconds : 0;
}
