using Microsoft.Data.Sqlite;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Jobs;

/// <summary>
/// The durable cache of best-of-n and annotate (SQLite, WAL): each per-response signal and each LLM game is
/// committed as soon as it is computed, under a key that says what it was computed from (config, prompt, responses),
/// so a job killed at any moment (SIGKILL included) recomputes nothing it finished, and another n, a rerun or a
/// changed input reuses every value it shares. Unlike the <see cref="JobRunner"/>'s run store it is not tied to one
/// run key: that is what lets <c>bon --n 2,4,8,16</c> after <c>--n 2,4,8</c> in one folder score responses 9-16 only.
/// A file that is not a signal store is refused (RWD610) and left as it is.
/// </summary>
public sealed class SignalStore : IDisposable
{
    /// <summary>SQLite application_id of a signal store: "RWDS".</summary>
    private const int ApplicationId = 0x52574453;
    private const string StartAfresh = "move it away (or delete it) to compute every signal afresh, or choose another --out";
    private readonly SqliteConnection _db;
    private readonly object _gate = new();

    private SignalStore(SqliteConnection db, string path) { _db = db; Path = path; }

    public string Path { get; }

    public static SignalStore Open(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        if (InputFile.KindOf(path) is not (PathKind.File or PathKind.Missing))
            throw new RunStoreException(path, $"{InputFile.NotAFile(path)}, not a signal store; {StartAfresh}");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            db.Open();
            Exec(db, "PRAGMA busy_timeout=5000");
            var appId = Convert.ToInt64(Scalar(db, "PRAGMA application_id"));
            var tables = Convert.ToInt64(Scalar(db, "SELECT count(*) FROM sqlite_master WHERE type='table'"));
            if (appId != ApplicationId && !(appId == 0 && tables == 0))
                throw new RunStoreException(path, $"is not a signal store (another program's or another kind of database); {StartAfresh}");
            if (Scalar(db, "PRAGMA quick_check(1)")?.ToString() is { } check && check != "ok")
                throw new RunStoreException(path, $"is damaged ({check}); {StartAfresh}");
            Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
            Exec(db, $"""
                CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS cache(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                PRAGMA application_id={ApplicationId};
                """);
            return new SignalStore(db, path);
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw new RunStoreException(path, $"cannot be used as a signal store ({e.Message}); {StartAfresh}", e);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

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
