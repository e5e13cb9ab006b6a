using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using RewardEngine.Diagnostics;
using RewardEngine.Knowledge.Ingest;
using RewardEngine.Storage;

namespace RewardEngine.Knowledge;

/// <summary>
/// A local, offline knowledge base: passages (source, title, text) in SQLite with an FTS5 index
/// (porter stemming over unicode61, bm25 with the title weighted). Ingest is incremental and idempotent
/// (a passage whose content hash is stored is not added again). Searching is thread-safe: each concurrent
/// caller gets its own read connection.
/// </summary>
public sealed class KnowledgeBase : IDisposable
{
    /// <summary>The FTS5 tokenizer of the index (and of query stemming).</summary>
    public const string Tokenizer = "porter unicode61 remove_diacritics 2";
    /// <summary>bm25 weight of the title column relative to the text (1.0).</summary>
    public const double TitleWeight = 3.0;
    private const int SchemaVersion = 1;
    /// <summary>SQLite page size of a new knowledge base (existing files keep theirs).</summary>
    public const int PageSize = 32768;

    private readonly ConcurrentBag<SearchSession> _sessions = [];
    private readonly ConcurrentDictionary<string, string[]> _stems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _docFrequency = new(StringComparer.Ordinal);
    private long _passageCount;
    private bool _disposed;
    private ExclusiveLock? _ingestLock;
    // Opened as an immutable file (read-only media, or a folder the user cannot write): no locks, no WAL side files.
    private bool _immutable;

    private KnowledgeBase(string path, bool writable)
    {
        FilePath = path;
        Writable = writable;
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }
    public bool Writable { get; }

    /// <summary>Passages stored (as of opening or the last ingest through this instance).</summary>
    public long PassageCount => Interlocked.Read(ref _passageCount);

    /// <summary>Query planning knobs; the defaults are the measured ones (see benchmarks).</summary>
    public SearchPlanOptions Planning { get; init; } = new();

    /// <summary>
    /// Opens a knowledge base for ingest, creating the file and schema when missing. The instance holds the database's
    /// ingest lock (<c>FILE.lock</c>) until disposed: a second writer is refused (RWD600) naming this process, while
    /// searches from other processes go on.
    /// </summary>
    public static KnowledgeBase OpenOrCreate(string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
            throw new KnowledgeBaseException($"{path}: folder does not exist: {dir}");
        if (InputFile.KindOf(full) is not (PathKind.File or PathKind.Missing))
            throw new KnowledgeBaseException($"{path}: {InputFile.NotAFile(full)}; give --db a database file");
        var kb = new KnowledgeBase(full, writable: true);
        kb._ingestLock = ExclusiveLock.ForFile(full, "knowledge base", "wait for the other ingest to end (searches may run meanwhile)");
        try { kb.CreateSchema(path); }
        catch
        {
            kb.Dispose();
            throw;
        }
        return kb;
    }

    /// <summary>A failed write of an ingest, as the coded error a user can act on; committed batches stay.</summary>
    private RewardEngineException IngestFault(SqliteException e, long added, string doing = "adding passages")
    {
        var kept = $"passages committed before it are kept ({added:N0} added in this run, in batches); run the same ingest again to add the rest";
        return IoFaults.IsDiskFull(e)
            ? new WriteFailedException(FilePath, $"the disk is full while {doing}; {kept}", e)
            : IoFaults.IsDamaged(e)
                ? new KnowledgeBaseException($"{FilePath}: {IoFaults.Describe(e)} while {doing}")
                : new WriteFailedException(FilePath, $"{doing} failed: {IoFaults.Describe(e)}; {kept}", e);
    }

    private void CreateSchema(string path)
    {
        try { CreateSchemaCore(path); }
        catch (SqliteException e)
        {
            throw IoFaults.IsDamaged(e)
                ? new KnowledgeBaseException($"{path}: not a knowledge base ({IoFaults.Describe(e)}); give --db a new file or one made by 'reward kb ingest'")
                : new KnowledgeBaseException($"{path}: cannot write the knowledge base: {IoFaults.Describe(e)}");
        }
    }

    private void CreateSchemaCore(string path)
    {
        var kb = this;
        using (var conn = kb.Connect(readOnly: false))
        {
            // Before anything is written: a new file gets 32 KiB pages. FTS5 keeps its index as blobs of about 4 KB
            // in a table of its own, and bigger pages made ingest ~10% faster and the file ~4% smaller than 4 KiB pages
            // (1M passages, alternating runs), at the same search latency.
            Exec(conn, $"PRAGMA page_size={PageSize}");
            Exec(conn, "PRAGMA journal_mode=WAL");
            var version = Scalar<long>(conn, "PRAGMA user_version");
            if (version == 0 && !TableExists(conn, "passages"))
            {
                using var tx = conn.BeginTransaction();
                Exec(conn, """
                    CREATE TABLE passages(
                        id INTEGER PRIMARY KEY,
                        hash INTEGER NOT NULL UNIQUE,
                        source TEXT NOT NULL,
                        title TEXT NOT NULL,
                        text TEXT NOT NULL)
                    """, tx);
                // External content: the index stores no second copy of the text.
                Exec(conn, $"CREATE VIRTUAL TABLE passages_fts USING fts5(title, text, content='passages', content_rowid='id', tokenize='{Tokenizer}')", tx);
                Exec(conn, $"INSERT INTO passages_fts(passages_fts, rank) VALUES('rank', 'bm25({TitleWeight:0.0###}, 1.0)')", tx);
                Exec(conn, $"PRAGMA user_version={SchemaVersion}", tx);
                tx.Commit();
            }
            else CheckSchema(conn, path);
            kb._passageCount = CountPassages(conn);
        }
    }

    /// <summary>Opens an existing knowledge base for searching only.</summary>
    public static KnowledgeBase OpenReadOnly(string path, SearchPlanOptions? planning = null)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new KnowledgeBaseException($"{path}: knowledge base not found (build one with 'reward kb ingest')");
        if (InputFile.NotAFile(full) is { } notAFile) throw new KnowledgeBaseException($"{path}: {notAFile}; a knowledge base is a file made by 'reward kb ingest'");
        var kb = new KnowledgeBase(full, writable: false) { Planning = planning ?? new SearchPlanOptions() };
        SearchSession session;
        try { session = kb.NewSession(); } // validates the schema and fails early on a foreign file
        catch (KnowledgeBaseException) when (CannotShareLocks(full))
        {
            // WAL readers need the -shm file beside the database; on read-only media they cannot make it. A knowledge
            // base is not written while searched (ingest is a separate run), so it can be read as an immutable file.
            kb._immutable = true;
            session = kb.NewSession();
        }
        kb._sessions.Add(session);
        kb._passageCount = CountPassages(session.Connection);
        return kb;
    }

    // ---------------------------------------------------------------- search

    /// <summary>
    /// The best <paramref name="k"/> passages for a free-text query, by the planned query (see
    /// <see cref="SearchPlanOptions"/>). Any string is accepted: FTS5 syntax in it is treated as words.
    /// </summary>
    public IReadOnlyList<KnowledgeHit> Search(string query, int k, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (k <= 0) return [];
        var s = Rent();
        try { return s.SearchPlanned(query, k); }
        finally { Return(s); }
    }

    /// <summary>The unplanned query: OR of every word, ranked by bm25. For benchmarks and comparison only.</summary>
    public IReadOnlyList<KnowledgeHit> SearchNaive(string query, int k)
    {
        if (k <= 0) return [];
        var s = Rent();
        try
        {
            var words = QueryTerms.Words(query);
            return words.Count == 0 ? [] : s.Run(QueryTerms.Join(words, "OR"), k, SearchStage.Naive, null);
        }
        finally { Return(s); }
    }

    /// <summary>How a query would be run: its informative words with document frequencies, rarest first.</summary>
    public IReadOnlyList<(string Word, long DocumentFrequency)> ExplainTerms(string query)
    {
        var s = Rent();
        try { return s.RankedTerms(query).Select(t => (t.Word, t.Df)).ToList(); }
        finally { Return(s); }
    }

    private SearchSession Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _sessions.TryTake(out var s) ? s : NewSession();
    }

    private void Return(SearchSession s)
    {
        if (_disposed) s.Dispose();
        else _sessions.Add(s);
    }

    private SearchSession NewSession()
    {
        var conn = Connect(readOnly: !Writable);
        try
        {
            CheckSchema(conn, FilePath);
            return new SearchSession(this, conn);
        }
        catch
        {
            conn.Dispose();
            throw;
        }
    }

    /// <summary>One read connection with its prepared statements; used by one thread at a time.</summary>
    private sealed class SearchSession : IDisposable
    {
        private readonly KnowledgeBase _kb;
        private readonly SqliteCommand _df, _stemInsert, _stemRead, _stemClear, _search, _unranked;
        private readonly SqliteParameter _dfTerm, _stemRow, _stemText, _query, _limit, _uQuery, _uLimit;

        public SearchSession(KnowledgeBase kb, SqliteConnection conn)
        {
            _kb = kb;
            Connection = conn;
            // Map the whole file (SQLite caps this at its compile-time maximum, about 2 GB): page reads become memory reads.
            Exec(conn, "PRAGMA mmap_size=17179869184");
            Exec(conn, "PRAGMA cache_size=-65536");
            // Query words are stemmed by SQLite's own tokenizer so that document frequencies are looked up under
            // exactly the terms the index holds.
            Exec(conn, $"CREATE VIRTUAL TABLE temp.query_words USING fts5(w, content='', tokenize='{Tokenizer}')");
            Exec(conn, "CREATE VIRTUAL TABLE temp.query_words_v USING fts5vocab(temp, query_words, instance)");
            Exec(conn, "CREATE VIRTUAL TABLE temp.passages_vocab USING fts5vocab(main, passages_fts, row)");
            _df = Prepare(conn, "SELECT doc FROM temp.passages_vocab WHERE term = $t", out _dfTerm, "$t");
            _stemInsert = conn.CreateCommand();
            _stemInsert.CommandText = "INSERT INTO temp.query_words(rowid, w) VALUES($r, $w)";
            _stemRow = _stemInsert.Parameters.Add("$r", SqliteType.Integer);
            _stemText = _stemInsert.Parameters.Add("$w", SqliteType.Text);
            _stemInsert.Prepare();
            _stemRead = conn.CreateCommand();
            _stemRead.CommandText = "SELECT doc, term FROM temp.query_words_v";
            _stemClear = conn.CreateCommand();
            _stemClear.CommandText = "INSERT INTO temp.query_words(query_words) VALUES('delete-all')";
            _search = conn.CreateCommand();
            _search.CommandText = """
                SELECT f.rowid, f.rank, p.source, p.title, p.text
                FROM (SELECT rowid, rank FROM passages_fts WHERE passages_fts MATCH $q ORDER BY rank LIMIT $k) AS f
                JOIN passages AS p ON p.id = f.rowid
                ORDER BY f.rank
                """;
            _query = _search.Parameters.Add("$q", SqliteType.Text);
            _limit = _search.Parameters.Add("$k", SqliteType.Integer);
            _search.Prepare();
            _unranked = conn.CreateCommand();
            _unranked.CommandText = """
                SELECT f.rowid, 0.0, p.source, p.title, p.text
                FROM (SELECT rowid FROM passages_fts WHERE passages_fts MATCH $q LIMIT $k) AS f
                JOIN passages AS p ON p.id = f.rowid
                """;
            _uQuery = _unranked.Parameters.Add("$q", SqliteType.Text);
            _uLimit = _unranked.Parameters.Add("$k", SqliteType.Integer);
            _unranked.Prepare();
        }

        public SqliteConnection Connection { get; }

        public IReadOnlyList<KnowledgeHit> SearchPlanned(string query, int k)
        {
            var plan = _kb.Planning;
            var terms = RankedTerms(query);
            if (terms.Count == 0) return [];
            long frequentCut = Math.Max(plan.FrequentMinDocuments, (long)(_kb.PassageCount * plan.FrequentFraction));
            var informative = terms.Where(t => t.Df <= frequentCut).Take(plan.MaxAndTerms).ToList();
            var hits = new List<KnowledgeHit>(k);
            var seen = new HashSet<long>();

            // bm25 in FTS5 costs about one step per posting of every phrase (it counts documents for the IDF) plus
            // a docsize lookup per matching row, while an unranked AND only walks the rarest list and seeks in the
            // others. So a step is ranked only when sum(df) <= PostingBudget and its estimated matches <= RowBudget;
            // otherwise it takes the first passages holding the words (LIMIT bounds the work).
            // 1. Every informative word: the passage an LLM query was written about holds them all.
            // 2. Then the rarest two words, then the rarest one, to fill up to k.
            int n = informative.Count;
            double passages = Math.Max(1, _kb.PassageCount);
            // Sizes in between add little: the rarest two words already pick the query's topic, so fill from there.
            foreach (int size in new[] { n, 2, 1 }.Where(x => x >= 1 && x <= n).Distinct())
            {
                if (hits.Count >= k) break;
                var prefix = informative.Take(size).ToList();
                var match = QueryTerms.Join(prefix.Select(t => t.Word), "AND");
                var stage = size == terms.Count ? SearchStage.AllTerms : SearchStage.RareTerms;
                long postings = prefix.Sum(t => t.Df);
                double rows = EstimatedMatches(prefix, passages);
                bool cheap = postings <= plan.PostingBudget && rows <= plan.RowBudget;
                // A lone informative word is all there is to go on: rank it at up to 4x the row budget.
                bool lastResort = size == 1 && hits.Count == 0 && rows <= 4 * plan.RowBudget;
                if (cheap || lastResort) Run(match, k, stage, hits, seen);
                else if (size >= 2)
                {
                    // Probe unranked: when no more than k passages hold these words, they need no ranking.
                    var probe = new List<KnowledgeHit>(k + 1);
                    RunUnranked(match, k + 1, probe, [], stage);
                    bool rankable = postings <= 4 * plan.PostingBudget && rows <= 4 * plan.RowBudget;
                    if (probe.Count > k && rankable) Run(match, k, stage, hits, seen);
                    else
                        foreach (var h in probe)
                            if (hits.Count < k && seen.Add(h.Id)) hits.Add(h);
                }
            }
            // 3. Nothing holds two of the words: an OR of the rarest words whose postings fit the row budget.
            if (hits.Count == 0 && n >= 2)
            {
                var any = new List<string>();
                long rows = 0;
                foreach (var t in informative)
                {
                    if (rows + t.Df > plan.RowBudget) break;
                    any.Add(t.Word);
                    rows += t.Df;
                }
                if (any.Count >= 2) Run(QueryTerms.Join(any, "OR"), k, SearchStage.AnyTerm, hits, seen);
            }
            // 3. Every word is common: passages holding all of them (then the rarest two), unranked but bounded.
            if (hits.Count == 0)
            {
                // The rarest three: every extra common word makes FTS5 walk another long posting list.
                var all = terms.Take(Math.Min(3, plan.MaxAndTerms)).Select(t => t.Word).ToList();
                RunUnranked(QueryTerms.Join(all, "AND"), k, hits, seen);
                if (hits.Count < k && all.Count > 2) RunUnranked(QueryTerms.Join(all.Take(2), "AND"), k, hits, seen);
            }
            return hits;
        }

        /// <summary>Rows an AND of the words would match if they occurred independently.</summary>
        private static double EstimatedMatches(IEnumerable<(string Word, long Df)> words, double n) =>
            words.Aggregate(n, (acc, t) => acc * (t.Df / n));

        /// <summary>Informative words of the query with their document frequencies, rarest first; unknown words dropped.</summary>
        public List<(string Word, long Df)> RankedTerms(string query)
        {
            var words = QueryTerms.Words(query);
            var content = words.Where(w => !Stopwords.Contains(w) && (w.Length > 1 || char.IsDigit(w[0]))).ToList();
            if (content.Count == 0) content = words; // "The Who": only stopwords, still a query
            var stems = Stem(content);
            return content
                .Select((w, i) => (Word: w, Df: stems[w].Select(DocumentFrequency).DefaultIfEmpty(0).Min(), i))
                .Where(t => t.Df > 0)
                .OrderBy(t => t.Df).ThenBy(t => t.i)
                .Select(t => (t.Word, t.Df))
                .ToList();
        }

        /// <summary>Index terms of each word (usually one), from the shared cache or SQLite's tokenizer.</summary>
        private Dictionary<string, string[]> Stem(List<string> words)
        {
            var result = new Dictionary<string, string[]>(words.Count, StringComparer.Ordinal);
            var missing = new List<string>();
            foreach (var w in words)
                if (_kb._stems.TryGetValue(w, out var cached)) result[w] = cached;
                else missing.Add(w);
            if (missing.Count == 0) return result;
            var found = missing.ToDictionary(w => w, _ => new List<string>());
            for (int i = 0; i < missing.Count; i++)
            {
                _stemRow.Value = i + 1;
                _stemText.Value = missing[i];
                _stemInsert.ExecuteNonQuery();
            }
            using (var r = _stemRead.ExecuteReader())
                while (r.Read())
                {
                    var list = found[missing[(int)r.GetInt64(0) - 1]];
                    var term = r.GetString(1);
                    if (!list.Contains(term)) list.Add(term);
                }
            _stemClear.ExecuteNonQuery();
            // Bounded: a long-running service sees an open-ended vocabulary.
            if (_kb._stems.Count > 500_000) _kb._stems.Clear();
            foreach (var (w, list) in found) _kb._stems[w] = result[w] = [.. list];
            return result;
        }

        private long DocumentFrequency(string term)
        {
            if (_kb._docFrequency.TryGetValue(term, out var df)) return df;
            _dfTerm.Value = term;
            var v = _df.ExecuteScalar();
            df = v is long l ? l : 0;
            if (_kb._docFrequency.Count > 500_000) _kb._docFrequency.Clear();
            _kb._docFrequency[term] = df;
            return df;
        }

        public List<KnowledgeHit> Run(string match, int k, SearchStage stage, List<KnowledgeHit>? into, HashSet<long>? seen = null)
        {
            into ??= new List<KnowledgeHit>(k);
            _query.Value = match;
            _limit.Value = k;
            using var r = _search.ExecuteReader();
            while (r.Read() && into.Count < k)
            {
                var id = r.GetInt64(0);
                if (seen is not null && !seen.Add(id)) continue;
                into.Add(new KnowledgeHit(id, r.GetString(2), r.GetString(3), r.GetString(4), -r.GetDouble(1), stage));
            }
            return into;
        }

        private void RunUnranked(string match, int k, List<KnowledgeHit> into, HashSet<long> seen, SearchStage stage = SearchStage.Unranked)
        {
            _uQuery.Value = match;
            _uLimit.Value = k;
            using var r = _unranked.ExecuteReader();
            while (r.Read() && into.Count < k)
            {
                var id = r.GetInt64(0);
                if (seen.Add(id)) into.Add(new KnowledgeHit(id, r.GetString(2), r.GetString(3), r.GetString(4), 0, stage));
            }
        }

        public void Dispose()
        {
            foreach (var c in new[] { _df, _stemInsert, _stemRead, _stemClear, _search, _unranked }) c.Dispose();
            Connection.Dispose();
        }
    }

    // ---------------------------------------------------------------- ingest

    /// <summary>
    /// Adds the passages of a source. A passage whose content hash (title and text) is already stored counts as a
    /// duplicate and adds nothing. Bad records are reported through <see cref="IngestOptions.OnProblem"/> and skipped,
    /// or end the run with a <see cref="KnowledgeBaseException"/> when <see cref="IngestOptions.OnBadRecord"/> is Stop.
    /// </summary>
    public async Task<IngestSummary> IngestAsync(IPassageSource source, IngestOptions? options = null,
        IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Writable) throw new InvalidOperationException("knowledge base opened read-only");
        options ??= new IngestOptions();
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<List<(SourceItem Item, EncodedPassage? Row)>>(
            new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });

        // Reading, parsing and hashing run beside the writer: SQLite's tokenizer is the bottleneck.
        var producer = Task.Run(async () =>
        {
            try
            {
                var batch = new List<(SourceItem, EncodedPassage?)>(2048);
                foreach (var item in source.Read(stop.Token))
                {
                    batch.Add((item, item.Passage is { } p ? EncodedPassage.Of(p) : null));
                    if (batch.Count == 2048)
                    {
                        await channel.Writer.WriteAsync(batch, stop.Token);
                        batch = new(2048);
                    }
                }
                if (batch.Count > 0) await channel.Writer.WriteAsync(batch, stop.Token);
                channel.Writer.Complete();
            }
            catch (Exception e) { channel.Writer.Complete(e); }
        }, CancellationToken.None);

        long read = 0, added = 0, dupes = 0, skipped = 0;
        var problems = new List<IngestProblem>();
        using var conn = Connect(readOnly: false);
        Exec(conn, "PRAGMA synchronous=OFF"); // bulk load: a crash loses the batch, the next run re-adds it
        Exec(conn, "PRAGMA cache_size=-262144");
        Exec(conn, "PRAGMA temp_store=MEMORY");
        // A bigger in-memory term buffer flushes fewer, larger segments: less merging during bulk loads (measured ~35%).
        Exec(conn, "INSERT INTO passages_fts(passages_fts, rank) VALUES('hashsize', 67108864)");
        // The two inserts go straight to SQLite with UTF-8 made on the reading thread: the writer thread is the
        // bottleneck, and all it should do is SQLite's own work.
        using var insert = new RawStatement(conn, "INSERT INTO passages(hash, source, title, text) VALUES(?1, ?2, ?3, ?4) ON CONFLICT(hash) DO NOTHING");
        using var index = new RawStatement(conn, "INSERT INTO passages_fts(rowid, title, text) VALUES(?1, ?2, ?3)");

        SqliteTransaction? tx = null;
        int inTx = 0;
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(stop.Token))
            {
                foreach (var (item, encoded) in batch)
                {
                    if (item.Problem is { } problem)
                    {
                        skipped++;
                        if (problems.Count < 1000) problems.Add(problem);
                        // Stop reports through the exception; Skip reports each one as it goes.
                        if (options.OnBadRecord == OnBadRecord.Skip) options.OnProblem?.Invoke(problem);
                        if (options.OnBadRecord == OnBadRecord.Stop)
                        {
                            tx?.Commit();
                            tx = null;
                            stop.Cancel();
                            throw new KnowledgeBaseException(
                                $"{problem} (stopped by --on-error stop; {added} passages added before it were kept)");
                        }
                        continue;
                    }
                    var row = encoded!;
                    read++;
                    tx ??= conn.BeginTransaction();
                    insert.Bind(1, row.Hash).Bind(2, row.Source).Bind(3, row.Title).Bind(4, row.Text);
                    if (insert.Execute() == 1)
                    {
                        index.Bind(1, insert.LastInsertRowId).Bind(2, row.Title).Bind(3, row.IndexText);
                        index.Execute();
                        added++;
                    }
                    else dupes++;
                    if (++inTx >= options.TransactionSize)
                    {
                        tx.Commit();
                        tx.Dispose();
                        tx = null;
                        inTx = 0;
                    }
                }
                progress?.Report(new IngestProgress(read, added, dupes, skipped, source.BytesRead, source.TotalBytes, clock.Elapsed));
            }
            tx?.Commit();
            tx = null;
        }
        catch (SqliteException e)
        {
            throw IngestFault(e, added);
        }
        finally
        {
            tx?.Dispose();
            // Unblock a producer waiting on a full channel when the writer stopped early, then let it finish.
            // (After a normal end the producer is done and this changes nothing; it never throws.)
            stop.Cancel();
            await producer;
            Interlocked.Add(ref _passageCount, added);
            // Frequencies changed; cached plans would pick the wrong rarest words.
            _docFrequency.Clear();
        }
        var merge = TimeSpan.Zero;
        if (options.Merge == IndexMerge.Always || (options.Merge == IndexMerge.Auto && added >= options.MergeThreshold))
        {
            progress?.Report(new IngestProgress(read, added, dupes, skipped, source.BytesRead, source.TotalBytes, clock.Elapsed) { Merging = true });
            var started = clock.Elapsed;
            try { Exec(conn, "INSERT INTO passages_fts(passages_fts) VALUES('optimize')"); }
            catch (SqliteException e) { throw IngestFault(e, added, "merging the index"); }
            merge = clock.Elapsed - started;
        }
        try { Exec(conn, "PRAGMA wal_checkpoint(TRUNCATE)"); }
        catch (SqliteException e) { throw IngestFault(e, added, "checkpointing"); }
        progress?.Report(new IngestProgress(read, added, dupes, skipped, source.BytesRead, source.TotalBytes, clock.Elapsed));
        return new IngestSummary(added, dupes, skipped, source.Ignored, PassageCount, clock.Elapsed, problems)
        {
            MergeElapsed = merge,
            InvalidUtf8Replaced = source.InvalidUtf8Replaced,
            FirstInvalidUtf8At = source.FirstInvalidUtf8At,
        };
    }

    // ---------------------------------------------------------------- plumbing

    private SqliteConnection Connect(bool readOnly)
    {
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = _immutable ? new Uri(FilePath).AbsoluteUri + "?immutable=1" : FilePath,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        var conn = new SqliteConnection(cs);
        try
        {
            conn.Open();
            Exec(conn, "PRAGMA busy_timeout=5000");
        }
        catch (SqliteException e)
        {
            conn.Dispose();
            throw new KnowledgeBaseException($"{FilePath}: cannot open knowledge base: {Storage.IoFaults.Describe(e)}");
        }
        return conn;
    }

    /// <summary>
    /// Whether a reader cannot make the WAL index (-shm) beside the database: its folder is on read-only media or not
    /// writable by this user, or an existing -shm file is not writable.
    /// </summary>
    private static bool CannotShareLocks(string file)
    {
        var dir = Path.GetDirectoryName(file)!;
        var probe = Path.Combine(dir, $".rwd-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            var shm = file + "-shm";
            if (File.Exists(shm))
            {
                using var _ = new FileStream(shm, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static void CheckSchema(SqliteConnection conn, string path)
    {
        long version;
        try { version = Scalar<long>(conn, "PRAGMA user_version"); }
        catch (SqliteException e)
        {
            throw new KnowledgeBaseException(IoFaults.IsReadOnly(e)
                ? $"{path}: cannot read the knowledge base: {IoFaults.Describe(e)}"
                : $"{path}: not a knowledge base: {IoFaults.Describe(e)}");
        }
        if (version != SchemaVersion || !TableExists(conn, "passages") || !TableExists(conn, "passages_fts"))
            throw new KnowledgeBaseException($"{path}: not a knowledge base made by 'reward kb ingest' (schema version {version})");
    }

    private static bool TableExists(SqliteConnection conn, string name)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return (long)cmd.ExecuteScalar()! > 0;
    }

    private static long CountPassages(SqliteConnection conn) => Scalar<long>(conn, "SELECT count(*) FROM passages");

    private static SqliteCommand Prepare(SqliteConnection conn, string sql, out SqliteParameter p, string name)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        p = cmd.Parameters.Add(name, SqliteType.Text);
        cmd.Prepare();
        return cmd;
    }

    private static void Exec(SqliteConnection conn, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }

    private static T Scalar<T>(SqliteConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return (T)Convert.ChangeType(cmd.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        while (_sessions.TryTake(out var s)) s.Dispose();
        _ingestLock?.Dispose();
    }
}

/// <summary>
/// How a free-text query becomes FTS5 queries (measured on 1,000,000 passages; see benchmarks/results/knowledge-base.md).
/// Words are extracted (never FTS5 syntax), stopwords and words absent from the index are dropped, and words found in
/// more than <see cref="FrequentFraction"/> of passages are left out; the rest, at most <see cref="MaxAndTerms"/>, are
/// ordered rarest first using document frequencies from fts5vocab (cached). Then, each step only while fewer than k
/// passages are found: the AND of all of them, the AND of the rarest two, the rarest one. FTS5's bm25 costs a step per
/// posting of every phrase (it counts documents for the IDF) and a lookup per matching row, so a step is ranked only
/// when the sum of its document frequencies fits <see cref="PostingBudget"/> and its estimated matches (independence)
/// fit <see cref="RowBudget"/>; otherwise an AND returns the first passages holding all its words (LIMIT bounds it).
/// If no passage holds two of the words, an OR of the rarest words within the row budget is ranked. A query of only
/// common words returns passages holding its three rarest words, unranked.
/// </summary>
public sealed record SearchPlanOptions
{
    public double FrequentFraction { get; init; } = 0.05;
    /// <summary>Below this document frequency a word is never "frequent" (small knowledge bases).</summary>
    public long FrequentMinDocuments { get; init; } = 1000;
    public int MaxAndTerms { get; init; } = 5;
    /// <summary>Most postings (sum of document frequencies) a ranked query may touch.</summary>
    public long PostingBudget { get; init; } = 20_000;
    /// <summary>Most (estimated) matching rows a ranked query may score.</summary>
    public long RowBudget { get; init; } = 300;
}
