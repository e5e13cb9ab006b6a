using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RewardEngine.Knowledge.Ingest;

/// <summary>
/// A passage as the ingest writer binds it, made on the reading thread: its content hash, its UTF-8, and the text
/// the full-text index gets (<see cref="IndexStopwords.Text"/>).
/// </summary>
internal sealed record EncodedPassage(long Hash, byte[] Source, byte[] Title, byte[] Text, byte[] IndexText)
{
    public static EncodedPassage Of(PassageRecord p)
    {
        var title = Encoding.UTF8.GetBytes(p.Title);
        var text = Encoding.UTF8.GetBytes(p.Text);
        var indexed = IndexStopwords.Text(p.Text);
        return new EncodedPassage(ContentHash(title, text), Encoding.UTF8.GetBytes(p.Source), title, text,
            ReferenceEquals(indexed, p.Text) ? text : Encoding.UTF8.GetBytes(indexed));
    }

    /// <summary>
    /// 64 bits of SHA-256 over the UTF-8 title, a zero byte and the UTF-8 text: the identity of a passage for
    /// idempotent ingest. Collisions are negligible below billions of passages (about 1e-5 at 20 million).
    /// </summary>
    private static long ContentHash(byte[] title, byte[] text)
    {
        int n = title.Length + 1 + text.Length;
        byte[]? rented = null;
        Span<byte> buf = n <= 4096 ? stackalloc byte[n] : (rented = ArrayPool<byte>.Shared.Rent(n));
        title.CopyTo(buf);
        buf[title.Length] = 0;
        text.CopyTo(buf[(title.Length + 1)..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(buf[..n], digest);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return BitConverter.ToInt64(digest);
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
