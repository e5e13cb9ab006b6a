using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RewardEngine.Evaluation;

/// <summary>
/// The durable record of a run: every finished pair is committed here (SQLite, WAL) before it is reported, so a run
/// killed at any moment resumes where it stopped. Keyed by a hash of config and data: a different key starts fresh.
/// </summary>
public sealed class RunStore : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly object _gate = new();

    private RunStore(SqliteConnection db) => _db = db;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RunStore Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        Exec(db, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS pairs(idx INTEGER PRIMARY KEY, record TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS file_hashes(path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, sha256 TEXT);
            """);
        return new RunStore(db);
    }

    /// <summary>
    /// Makes <paramref name="runKey"/> the store's run. Returns the pairs dropped because the store held another run
    /// (another config or other data); 0 when it held this run or nothing.
    /// </summary>
    public int StartRun(string runKey)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            if (Scalar(_db, tx, "SELECT value FROM meta WHERE key='run_key'") == runKey) return 0;
            var discarded = Convert.ToInt32(Scalar(_db, tx, "SELECT count(*) FROM pairs") ?? "0");
            Exec(_db, "DELETE FROM pairs", tx);
            using var cmd = _db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR REPLACE INTO meta(key, value) VALUES('run_key', $k)";
            cmd.Parameters.AddWithValue("$k", runKey);
            cmd.ExecuteNonQuery();
            tx.Commit();
            return discarded;
        }
    }

    public IReadOnlyDictionary<int, PairRecord> Load()
    {
        lock (_gate)
        {
            var result = new Dictionary<int, PairRecord>();
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT idx, record FROM pairs";
            using var r = cmd.ExecuteReader();
            while (r.Read()) result[r.GetInt32(0)] = JsonSerializer.Deserialize<PairRecord>(r.GetString(1), Json)!;
            return result;
        }
    }

    /// <summary>Commits one finished pair (durable before this returns).</summary>
    public void Save(PairRecord record)
    {
        var json = JsonSerializer.Serialize(record, Json);
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO pairs(idx, record) VALUES($i, $r)";
            cmd.Parameters.AddWithValue("$i", record.Index);
            cmd.Parameters.AddWithValue("$r", json);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>A file's SHA-256, cached by (path, size, mtime) so large model files are hashed once.</summary>
    public string HashFile(string path)
    {
        var info = new FileInfo(path);
        long size = info.Length, mtime = info.LastWriteTimeUtc.Ticks;
        lock (_gate)
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
    }

    public void Dispose() => _db.Dispose();

    private static void Exec(SqliteConnection db, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string? Scalar(SqliteConnection db, SqliteTransaction tx, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar()?.ToString();
    }
}
