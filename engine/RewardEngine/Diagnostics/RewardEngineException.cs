namespace RewardEngine.Diagnostics;

/// <summary>
/// A failure a user can act on. The CLI prints <see cref="Exception.Message"/> as one line and exits with
/// <see cref="ExitCode"/>; MSBuild reports it as error <see cref="Code"/>.
/// </summary>
public class RewardEngineException : Exception
{
    public RewardEngineException(string code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    /// <summary>Stable error code, RWDnnn.</summary>
    public string Code { get; }

    /// <summary>The CLI's exit code: 1 usage, 2 bad input data (the default), 3 the run failed.</summary>
    public virtual int ExitCode => ExitCodes.BadInput;
}

/// <summary>The exit codes of the <c>reward</c> CLI (README, "Exit codes").</summary>
public static class ExitCodes
{
    /// <summary>Success (also for help).</summary>
    public const int Success = 0;
    /// <summary>A usage error: unknown command or option, a bad option value.</summary>
    public const int Usage = 1;
    /// <summary>Bad input data or configuration.</summary>
    public const int BadInput = 2;
    /// <summary>The run failed: an I/O fault, every pair failing a signal, an internal error.</summary>
    public const int RunFailed = 3;
    /// <summary>Cancelled (Ctrl+C, SIGTERM).</summary>
    public const int Cancelled = 130;
}

/// <summary>Bad command-line usage (RWD001).</summary>
public sealed class UsageException(string message) : RewardEngineException("RWD001", message)
{
    /// <inheritdoc />
    public override int ExitCode => ExitCodes.Usage;
}

/// <summary>A run that could not complete for a reason other than its input (exit code 3).</summary>
public sealed class RunFailedException(string code, string message, Exception? inner = null)
    : RewardEngineException(code, message, inner)
{
    /// <inheritdoc />
    public override int ExitCode => ExitCodes.RunFailed;
}

/// <summary>Invalid dataset input: names the file, the record and the field (RWD100).</summary>
public sealed class DatasetException : RewardEngineException
{
    /// <param name="unit">What <paramref name="record"/> counts: "record" (JSON arrays) or "line" (JSON lines).</param>
    public DatasetException(string file, int? record, string? field, string problem, string unit = "record")
        : base("RWD100", Format(file, record, field, problem, unit))
    {
        File = file; Record = record; Field = field; Problem = problem;
    }

    public string File { get; }
    public int? Record { get; }
    public string? Field { get; }
    public string Problem { get; }

    private static string Format(string file, int? record, string? field, string problem, string unit)
    {
        var where = file;
        if (record is not null) where += $": {unit} {record}";
        if (field is not null) where += $", field '{field}'";
        return $"{where}: {problem}";
    }
}

/// <summary>Invalid configuration: a missing path or a bad value, named by its key (RWD200).</summary>
public sealed class ConfigException(string message) : RewardEngineException("RWD200", message);

/// <summary>A model file that cannot be loaded, named by path (RWD300).</summary>
public sealed class ModelLoadException(string path, string problem, Exception? inner = null)
    : RewardEngineException("RWD300", $"{path}: {problem}", inner)
{
    public string Path { get; } = path;
}

/// <summary>Knowledge-base input or store failures (RWD400).</summary>
public sealed class KnowledgeBaseException(string message) : RewardEngineException("RWD400", message);

/// <summary>The sandbox cannot run code safely here, or was misconfigured (RWD500).</summary>
public sealed class SandboxException(string message) : RewardEngineException("RWD500", message);

/// <summary>
/// A path given for output that cannot be used: a file where a folder is expected (or the reverse), a read-only
/// file system, no permission (RWD210). Names the path and says what to do.
/// </summary>
public sealed class OutputPathException(string path, string problem, Exception? inner = null)
    : RewardEngineException("RWD210", $"{path}: {problem}", inner)
{
    public string Path { get; } = path;
}

/// <summary>
/// A folder or database that another process holds for its whole run (RWD600): names the holder (pid, command,
/// since when). Exit code 3: nothing is wrong with the input, the run cannot start now.
/// </summary>
public sealed class ResourceLockedException(string message) : RewardEngineException("RWD600", message)
{
    /// <inheritdoc />
    public override int ExitCode => ExitCodes.RunFailed;
}

/// <summary>
/// A run store (OUT/run.db) that cannot be used as one: not SQLite, damaged, another program's database, a record
/// that is not what the engine wrote (RWD610). Names the file and what to do; nothing stored is changed.
/// </summary>
public sealed class RunStoreException(string path, string problem, Exception? inner = null)
    : RewardEngineException("RWD610", $"{path}: {problem}", inner)
{
    public string Path { get; } = path;
}

/// <summary>
/// A write that failed part way (disk full, I/O error) (RWD620). What was committed before it is kept, and the
/// message says so. Exit code 3.
/// </summary>
public sealed class WriteFailedException(string path, string problem, Exception? inner = null)
    : RewardEngineException("RWD620", $"{path}: {problem}", inner)
{
    public string Path { get; } = path;

    /// <inheritdoc />
    public override int ExitCode => ExitCodes.RunFailed;
}

/// <summary>
/// An output folder that holds another run's results (another config, data, models, seed or shard) (RWD211):
/// refused unless the user passes <c>--overwrite</c>, so hours of work are never replaced silently. Exit code 1.
/// </summary>
public sealed class OutputFolderInUseException(string path, string problem)
    : RewardEngineException("RWD211", $"{path}: {problem}")
{
    public string Path { get; } = path;

    /// <inheritdoc />
    public override int ExitCode => ExitCodes.Usage;
}
