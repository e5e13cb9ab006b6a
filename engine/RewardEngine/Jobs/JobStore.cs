using Microsoft.Data.Sqlite;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Jobs;

/// <summary>
/// The durable state of a generate, best-of-n or annotate job (SQLite, WAL): one committed record per finished
/// item of the current run, and a cache of computed values (per-response signals, LLM games) kept across runs.
/// Each record is committed before the next item starts, so a job killed at any moment (SIGKILL included) resumes
/// where it stopped. Items belong to a run key (a hash of inputs and settings): another key drops them; cached
/// values stay, since their own keys say what they were computed from. A file that is not a job store is refused
/// (RWD610) and left as it is.
/// </summary>
public sealed class JobStore : IDisposable
{
    /// <summary>SQLite application_id of a job store: "RWDJ".</summary>
    private const int ApplicationId = 0x5257444A;
    private const string StartAfresh = "move it away (or delete it) to start the job afresh, or choose another --out";
    private readonly SqliteConnection _db;
    private readonly object _gate = new();

    private JobStore(SqliteConnection db, string path) { _db = db; Path = path; }

    public string Path { get; }

    public static JobStore Open(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        if (InputFile.KindOf(path) is not (PathKind.File or PathKind.Missing))
            throw new RunStoreException(path, $"{InputFile.NotAFile(path)}, not a job store; {StartAfresh}");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            db.Open();
            Exec(db, "PRAGMA busy_timeout=5000");
            var appId = Convert.ToInt64(Scalar(db, "PRAGMA application_id"));
            var tables = Convert.ToInt64(Scalar(db, "SELECT count(*) FROM sqlite_master WHERE type='table'"));
            if (appId != ApplicationId && !(appId == 0 && tables == 0))
                throw new RunStoreException(path, $"is not a job store (another program's or another kind of database); {StartAfresh}");
            if (Scalar(db, "PRAGMA quick_check(1)")?.ToString() is { } check && check != "ok")
                throw new RunStoreException(path, $"is damaged ({check}); {StartAfresh}");
            Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
            Exec(db, $"""
                CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS items(idx INTEGER PRIMARY KEY, record TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS cache(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                PRAGMA application_id={ApplicationId};
                """);
            return new JobStore(db, path);
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw new RunStoreException(path, $"cannot be used as a job store ({e.Message}); {StartAfresh}", e);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Makes <paramref name="runKey"/> the store's run; returns the items dropped because it held another.</summary>
    public int StartRun(string runKey) => Guarded("starting the run", () =>
    {
        using var tx = _db.BeginTransaction();
        if (Scalar(_db, "SELECT value FROM meta WHERE key='run_key'", tx)?.ToString() == runKey) return 0;
        var dropped = Convert.ToInt32(Scalar(_db, "SELECT count(*) FROM items", tx));
        Exec(_db, "DELETE FROM items", tx);
        Exec(_db, "INSERT OR REPLACE INTO meta(key, value) VALUES('run_key', $v)", tx, ("$v", runKey));
        tx.Commit();
        return dropped;
    });

    /// <summary>The committed records of this run, by item index.</summary>
    public IReadOnlyDictionary<int, string> Items() => Guarded("reading the items", () =>
    {
        var result = new Dictionary<int, string>();
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "SELECT idx, record FROM items";
        using var r = cmd.ExecuteReader();
        while (r.Read()) result[r.GetInt32(0)] = r.GetString(1);
        return result;
    });

    /// <summary>Commits one item's record.</summary>
    public void SaveItem(int index, string record) => Guarded("saving an item", () =>
    {
        Exec(_db, "INSERT OR REPLACE INTO items(idx, record) VALUES($i, $r)", null, ("$i", index), ("$r", record));
        return 0;
    });

    /// <summary>A cached value, or null.</summary>
    public string? Cached(string key) => Guarded("reading the cache", () =>
        Scalar(_db, "SELECT value FROM cache WHERE key=$k", null, ("$k", key))?.ToString());

    /// <summary>Commits a computed value.</summary>
    public void Cache(string key, string value) => Guarded("writing the cache", () =>
    {
        Exec(_db, "INSERT OR REPLACE INTO cache(key, value) VALUES($k, $v)", null, ("$k", key), ("$v", value));
        return 0;
    });

    private T Guarded<T>(string doing, Func<T> action)
    {
        lock (_gate)
        {
            try { return action(); }
            catch (SqliteException e) when (e.SqliteErrorCode is 13 or 10) // SQLITE_FULL, SQLITE_IOERR
            { throw new WriteFailedException(Path, $"{doing} failed ({e.Message}); what was committed before is kept", e); }
            catch (SqliteException e) { throw new RunStoreException(Path, $"{doing} failed ({e.Message}); {StartAfresh}", e); }
        }
    }

    private static void Exec(SqliteConnection db, string sql, SqliteTransaction? tx = null, params (string Name, object Value)[] args)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection db, string sql, SqliteTransaction? tx = null, params (string Name, object Value)[] args)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        return cmd.ExecuteScalar();
    }

    public void Dispose() => _db.Dispose();
}
