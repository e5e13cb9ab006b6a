using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RewardEngine.Knowledge.Ingest;

/// <summary>
/// A passage as the ingest writer binds it: UTF-8 made beforehand (on the reading thread), and the text the
/// full-text index gets (<see cref="IndexStopwords.Text"/>).
/// </summary>
internal sealed record EncodedPassage(byte[] Source, byte[] Title, byte[] Text, byte[] IndexText)
{
    public static EncodedPassage Of(PassageRecord p)
    {
        var text = Encoding.UTF8.GetBytes(p.Text);
        var indexed = IndexStopwords.Text(p.Text);
        return new EncodedPassage(Encoding.UTF8.GetBytes(p.Source), Encoding.UTF8.GetBytes(p.Title), text,
            ReferenceEquals(indexed, p.Text) ? text : Encoding.UTF8.GetBytes(indexed));
    }
}

/// <summary>
/// One prepared statement of an open <see cref="SqliteConnection"/>, driven through SQLite's C API: binding
/// UTF-8 bytes and stepping, without the per-call work of <see cref="SqliteCommand"/>. For the ingest hot loop
/// only; it runs inside whatever transaction the connection has open.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public RawStatement(SqliteConnection conn, string sql)
    {
        _db = conn.Handle ?? throw new InvalidOperationException("connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
    }

    public RawStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_stmt, index, value));
        return this;
    }

    public RawStatement Bind(int index, byte[] utf8)
    {
        // An empty span has no address, which SQLite would take for NULL.
        Check(utf8.Length == 0 ? raw.sqlite3_bind_text(_stmt, index, "") : raw.sqlite3_bind_text(_stmt, index, utf8.AsSpan()));
        return this;
    }

    /// <summary>Runs the statement to completion; returns the rows it changed.</summary>
    public int Execute()
    {
        int rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW) Check(rc);
        return raw.sqlite3_changes(_db);
    }

    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    private void Check(int rc)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW) return;
        throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc);
    }

    public void Dispose() => _stmt.Dispose();
}
