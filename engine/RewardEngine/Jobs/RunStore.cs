using System.Text.Json;
using Microsoft.Data.Sqlite;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;
using RewardEngine.Storage;

namespace RewardEngine.Jobs;

/// <summary>
/// The durable record of a job's run (OUT/run.db): every finished item is committed here (SQLite, WAL, in batches of
/// one transaction) before it is reported, so a run killed at any moment resumes where it stopped. The store holds one
/// run, named by its run key and shard (<see cref="Identity"/>); <see cref="JobRunner"/> decides whether another run
/// may replace it. Records are the job's own JSON (the table is named <c>pairs</c> since the first schema, for every job).
/// A file that is not a run store (another program's database, random bytes, a damaged or cut file, a folder, a
/// record the engine did not write) is refused with a <see cref="RunStoreException"/> that names it and leaves it
/// as it is; a write that fails (a full disk) is a <see cref="WriteFailedException"/> that keeps what was committed.
/// </summary>
public sealed class RunStore : IDisposable
{
    /// <summary>SQLite application_id of a run store: "RWDR".</summary>
    private const int ApplicationId = 0x52574452;
    private const int SchemaVersion = 1;
    private static readonly Dictionary<string, string[]> Tables = new()
    {
        ["meta"] = ["key", "value"],
        ["pairs"] = ["idx", "record"],
        ["file_hashes"] = ["path", "size", "mtime", "sha256"],
    };

    private readonly SqliteConnection _db;
    private readonly object _gate = new();
    private int _saved;

    private RunStore(SqliteConnection db, string path)
    {
        _db = db;
        Path = path;
    }

    // The stored records' serializers are generated (RunStoreJsonContext); any other type falls back to reflection.
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            RunStoreJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    /// <summary>A record as the store keeps it.</summary>
    internal static string Serialize(IJobRecord record) => JsonSerializer.Serialize(record, record.GetType(), Json);

    /// <summary>The database file.</summary>
    public string Path { get; }

    private const string StartAfresh = "move it away (or delete it) to start the run afresh, or choose another --out";

    public static RunStore Open(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        switch (InputFile.KindOf(path))
        {
            case PathKind.Directory: throw new RunStoreException(path, $"is a folder, not a run store; {StartAfresh}");
            case PathKind.File or PathKind.Missing: break;
            default: throw new RunStoreException(path, $"{InputFile.NotAFile(path)}, not a run store; {StartAfresh}");
        }
        try { Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputPathException(System.IO.Path.GetDirectoryName(path)!, $"cannot create the output folder: {IoFaults.Describe(e)}; choose a writable --out");
        }
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            db.Open();
            Exec(db, "PRAGMA busy_timeout=5000");
            var stamped = CheckIdentity(db, path);
            // A file cut short or damaged opens fine and fails later, part way through a run: find it now.
            if (Text(db, "PRAGMA quick_check(1)") is { } check && check != "ok")
                throw new RunStoreException(path, $"is damaged ({check}); {StartAfresh}");
            Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
            // Written only when new (or made before the stamp): opening a store to find it damaged changes nothing.
            if (!stamped)
            {
                Exec(db, """
                    CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS pairs(idx INTEGER PRIMARY KEY, record TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS file_hashes(path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, sha256 TEXT);
                    """);
                Exec(db, $"PRAGMA application_id={ApplicationId}; PRAGMA user_version={SchemaVersion}");
            }
            return new RunStore(db, path);
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw FaultOf(path, e, "opening the run store");
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses another program's database: the engine's own stamp, or (stores made before it) exactly its tables.
    /// True when the store carries the stamp and its tables, so nothing needs writing.
    /// </summary>
    private static bool CheckIdentity(SqliteConnection db, string path)
    {
        var appId = Convert.ToInt64(Scalar(db, "PRAGMA application_id"));
        var tables = new List<string>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var r = cmd.ExecuteReader();
            while (r.Read()) tables.Add(r.GetString(0));
        }
        if (appId == ApplicationId && Tables.Keys.All(tables.Contains)
            && Convert.ToInt64(Scalar(db, "PRAGMA user_version")) == SchemaVersion) return true;
        if (appId == ApplicationId || (appId == 0 && tables.Count == 0)) return false;
        if (appId != 0)
            throw new RunStoreException(path, $"is another program's SQLite database (application id 0x{appId:x8}), not a run store; {StartAfresh}");
        var foreign = tables.Where(t => !Tables.ContainsKey(t)).ToList();
        var missingColumns = tables.Where(Tables.ContainsKey).Where(t => !Tables[t].All(Columns(db, t).Contains)).ToList();
        if (foreign.Count > 0 || missingColumns.Count > 0 || !tables.Contains("pairs"))
            throw new RunStoreException(path,
                $"is an SQLite database of another schema (tables: {string.Join(", ", tables)}), not a run store; {StartAfresh}");
        return false;
    }

    private static HashSet<string> Columns(SqliteConnection db, string table)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var r = cmd.ExecuteReader();
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (r.Read()) set.Add(r.GetString(0));
        return set;
    }

    /// <summary>The run the store holds: its key (null when new), shard ("" unsharded) and how many items it has.</summary>
    public (string? RunKey, string Shard, int Items) Identity()
    {
        lock (_gate)
        {
            try
            {
                var key = Scalar(_db, "SELECT value FROM meta WHERE key='run_key'")?.ToString();
                var shard = Scalar(_db, "SELECT value FROM meta WHERE key='shard'")?.ToString() ?? "";
                var items = Convert.ToInt32(Scalar(_db, "SELECT count(*) FROM pairs") ?? 0);
                return (key, shard, items);
            }
            catch (SqliteException e) { throw Fault(Path, e, "reading the run's identity"); }
        }
    }

    /// <summary>
    /// Makes (<paramref name="runKey"/>, <paramref name="shard"/>) the store's run. Returns the items dropped because
    /// the store held another run; 0 when it held this run or nothing.
    /// </summary>
    public int StartRun(string runKey, string shard = "")
    {
        lock (_gate)
        {
            try
            {
                using var tx = _db.BeginTransaction();
                if (Scalar(_db, "SELECT value FROM meta WHERE key='run_key'", tx)?.ToString() == runKey
                    && (Scalar(_db, "SELECT value FROM meta WHERE key='shard'", tx)?.ToString() ?? "") == shard) return 0;
                var discarded = Convert.ToInt32(Scalar(_db, "SELECT count(*) FROM pairs", tx) ?? 0);
                Exec(_db, "DELETE FROM pairs", tx);
                foreach (var (k, v) in new[] { ("run_key", runKey), ("shard", shard) })
                {
                    using var cmd = _db.CreateCommand();
                    cmd.Transaction = tx;
                    cmd.CommandText = "INSERT OR REPLACE INTO meta(key, value) VALUES($k, $v)";
                    cmd.Parameters.AddWithValue("$k", k);
                    cmd.Parameters.AddWithValue("$v", v);
                    cmd.ExecuteNonQuery();
                }
                tx.Commit();
                return discarded;
            }
            catch (SqliteException e) { throw Fault(Path, e, "starting the run"); }
        }
    }

    /// <summary>
    /// Every stored record by index, read as <typeparamref name="T"/>. A record that is not one the engine wrote
    /// (not JSON, or <paramref name="isValid"/> refuses it) stops the load, naming it.
    /// </summary>
    /// <param name="noun">What an item is, for messages ("pair").</param>
    public IReadOnlyDictionary<int, T> Load<T>(Func<T, int, bool> isValid, string noun = "item", CancellationToken cancellationToken = default, JsonSerializerOptions? json = null)
        where T : class
    {
        lock (_gate)
        {
            var result = new Dictionary<int, T>();
            try
            {
                using var cmd = _db.CreateCommand();
                cmd.CommandText = "SELECT idx, record FROM pairs";
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var index = r.GetInt64(0);
                    var text = r.IsDBNull(1) ? null : r.GetValue(1) as string;
                    T? record = null;
                    string? problem = null;
                    try { record = text is null ? null : JsonSerializer.Deserialize<T>(text, json ?? Json); }
                    catch (JsonException e) { problem = "is not valid JSON (" + e.Message.Split('.')[0] + ")"; }
                    catch (InvalidOperationException e) { problem = "is not valid text (" + e.Message.Split('.')[0] + ")"; }
                    catch (NotSupportedException e) { problem = "is not a record of this job (" + e.Message.Split('.')[0] + ")"; }
                    problem ??= record is null || index is < 0 or > int.MaxValue || !isValid(record, (int)index)
                        ? $"is not a {noun} record this engine wrote" : null;
                    if (problem is not null)
                        throw new RunStoreException(Path, $"the stored record of {noun} {index} {problem}; the store was changed by something " +
                                                          $"other than the engine: {StartAfresh}");
                    result[(int)index] = record!;
                }
            }
            catch (SqliteException e) { throw Fault(Path, e, $"reading the stored {noun}s"); }
            return result;
        }
    }

    /// <summary>Commits finished items in one transaction (durable before this returns): (index, the record's JSON).</summary>
    public void SaveBatch(IReadOnlyList<(int Index, string Json)> items)
    {
        if (items.Count == 0) return;
        lock (_gate)
        {
            try
            {
                using var tx = _db.BeginTransaction();
                using var cmd = _db.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT OR REPLACE INTO pairs(idx, record) VALUES($i, $r)";
                var pi = cmd.Parameters.Add("$i", SqliteType.Integer);
                var pr = cmd.Parameters.Add("$r", SqliteType.Text);
                foreach (var (index, json) in items)
                {
                    pi.Value = index;
                    pr.Value = json;
                    cmd.ExecuteNonQuery();
                }
                tx.Commit();
                _saved += items.Count;
            }
            catch (SqliteException e) { throw Fault(Path, e, $"saving {items.Count} item(s) from {items[0].Index}"); }
        }
    }

    /// <summary>A file's SHA-256, cached by (path, size, mtime) so large model files are hashed once.</summary>
    public string HashFile(string path)
    {
        var info = new FileInfo(path);
        long size = info.Length, mtime = info.LastWriteTimeUtc.Ticks;
        lock (_gate)
        {
            try
            {
                using (var q = _db.CreateCommand())
                {
                    q.CommandText = "SELECT sha256 FROM file_hashes WHERE path=$p AND size=$s AND mtime=$m";
                    q.Parameters.AddWithValue("$p", info.FullName);
                    q.Parameters.AddWithValue("$s", size);
                    q.Parameters.AddWithValue("$m", mtime);
                    if (q.ExecuteScalar() is string cached) return cached;
                }
                var sha = FileHashes.Sha256(path);
                using var w = _db.CreateCommand();
                w.CommandText = "INSERT OR REPLACE INTO file_hashes(path, size, mtime, sha256) VALUES($p, $s, $m, $h)";
                w.Parameters.AddWithValue("$p", info.FullName);
                w.Parameters.AddWithValue("$s", size);
                w.Parameters.AddWithValue("$m", mtime);
                w.Parameters.AddWithValue("$h", sha);
                w.ExecuteNonQuery();
                return sha;
            }
            catch (SqliteException e) { throw Fault(Path, e, "caching a file hash"); }
        }
    }

    public void Dispose() => _db.Dispose();

    /// <summary>A SQLite failure as the coded error a user can act on.</summary>
    private RewardEngineException Fault(string path, SqliteException e, string doing) => FaultOf(path, e, doing, _saved);

    private static RewardEngineException FaultOf(string path, SqliteException e, string doing, int saved = 0)
    {
        var kept = saved > 0 ? $"the {saved} item(s) saved in this run and all before are kept" : "everything stored before is kept";
        if (IoFaults.IsDiskFull(e))
            return new WriteFailedException(path, $"the disk is full ({doing}); {kept}: free space and run the same command again to resume", e);
        if (IoFaults.IsDamaged(e))
            return new RunStoreException(path, $"is not a usable run store: {IoFaults.Describe(e)}; {StartAfresh}", e);
        if (IoFaults.IsReadOnly(e))
            return new OutputPathException(path, $"cannot write the run store ({doing}): {IoFaults.Describe(e)}; choose a writable --out", e);
        return new WriteFailedException(path, $"{doing} failed: {IoFaults.Describe(e)}; {kept}: run the same command again to resume", e);
    }

    private static void Exec(SqliteConnection db, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection db, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static string? Text(SqliteConnection db, string sql) => Scalar(db, sql)?.ToString();
}
