using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RewardEngine.Diagnostics;

namespace RewardEngine.Verifiers.Constraints.Generated;

/// <summary>
/// Generated checkers in SQLite, keyed by (instruction, coder model, prompt version), so reruns and best-of-n
/// never ask the coder twice. An instruction with no checker is stored too (an empty list).
/// Several processes may share one cache (runs on other output folders naming one <c>constraints.cachePath</c>):
/// the first entry stored for a key is the one every process uses from then on (<see cref="Store"/> returns it),
/// so a run that resumes, or runs beside another, never mixes two sets of checkers for one instruction. Writers
/// wait for each other (busy timeout) instead of failing, and a row that is not valid JSON is treated as missing.
/// </summary>
public sealed class CheckerCache
{
    private readonly string _connectionString;

    public CheckerCache(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
            using var c = Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS generated_checkers (
                    key TEXT NOT NULL,
                    coder TEXT NOT NULL,
                    prompt_version INTEGER NOT NULL,
                    instruction TEXT NOT NULL,
                    checkers TEXT NOT NULL,
                    created_utc TEXT NOT NULL,
                    PRIMARY KEY (key, coder, prompt_version));
                """;
            cmd.ExecuteNonQuery();
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"constraints.cachePath: cannot open checker cache {Path}: {e.Message}");
        }
    }

    public string Path { get; }

    /// <summary>A stored (description, code) pair.</summary>
    public sealed record Entry(string Description, string Code);

    public IReadOnlyList<Entry>? TryGet(string instruction, IReadOnlyList<string> covered, string coder, int promptVersion)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT checkers FROM generated_checkers WHERE key = $k AND coder = $c AND prompt_version = $v";
        cmd.Parameters.AddWithValue("$k", Key(instruction, covered));
        cmd.Parameters.AddWithValue("$c", coder);
        cmd.Parameters.AddWithValue("$v", promptVersion);
        return cmd.ExecuteScalar() is string json ? Parse(json) : null;
    }

    /// <summary>
    /// Stores <paramref name="checkers"/> unless another writer stored this key first, and returns what is stored:
    /// the caller uses that, so every process agrees on one set of checkers per instruction.
    /// </summary>
    public IReadOnlyList<Entry> Store(string instruction, IReadOnlyList<string> covered, string coder, int promptVersion, IReadOnlyList<Entry> checkers)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        // One statement: SQLite serialises writers, so two processes storing one key race to a single winner.
        cmd.CommandText = """
            INSERT INTO generated_checkers (key, coder, prompt_version, instruction, checkers, created_utc)
            VALUES ($k, $c, $v, $i, $j, $t)
            ON CONFLICT (key, coder, prompt_version) DO UPDATE SET
                instruction = excluded.instruction, checkers = excluded.checkers, created_utc = excluded.created_utc
            WHERE json_valid(generated_checkers.checkers) = 0
            RETURNING checkers
            """;
        cmd.Parameters.AddWithValue("$k", Key(instruction, covered));
        cmd.Parameters.AddWithValue("$c", coder);
        cmd.Parameters.AddWithValue("$v", promptVersion);
        cmd.Parameters.AddWithValue("$i", instruction);
        cmd.Parameters.AddWithValue("$j", JsonSerializer.Serialize(checkers));
        cmd.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O"));
        if (cmd.ExecuteScalar() is string written) return Parse(written) ?? checkers;
        // Nothing returned: another writer's valid entry was there first.
        return TryGet(instruction, covered, coder, promptVersion) ?? checkers;
    }

    private static List<Entry>? Parse(string json)
    {
        try { return JsonSerializer.Deserialize<List<Entry>>(json) is { } list && list.All(e => e?.Code is not null && e.Description is not null) ? list : null; }
        catch (JsonException) { return null; }
    }

    /// <summary>Rows stored (for diagnostics and tests).</summary>
    public long Count()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM generated_checkers";
        return (long)cmd.ExecuteScalar()!;
    }

    // The instruction and the constraints the parser already covers: what the coder was asked about.
    private static string Key(string instruction, IReadOnlyList<string> covered)
    {
        return Evaluation.FileHashes.Sha256OfText(instruction + "\0" + string.Join("\0", covered.Order(StringComparer.Ordinal)));
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        using var wait = c.CreateCommand();
        wait.CommandText = "PRAGMA busy_timeout = 30000";
        wait.ExecuteNonQuery();
        return c;
    }
}
