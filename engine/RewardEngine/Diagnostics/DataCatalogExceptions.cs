namespace RewardEngine.Diagnostics;

/// <summary>
/// A benchmark name, subset or catalog entry the data catalog does not know, or a catalog file that is not valid
/// (RWD800). The message lists what is known.
/// </summary>
public sealed class DataCatalogException(string message) : RewardEngineException("RWD800", message);

/// <summary>
/// A file whose SHA-256 is not the one the catalog pins (RWD801): a corrupted or changed download, a wrong mirror or
/// a wrong file given to <c>reward data import</c>. Nothing was placed.
/// </summary>
public sealed class ChecksumMismatchException(string message) : RewardEngineException("RWD801", message);

/// <summary>
/// A download that failed after its retries: the host is unreachable, the machine is offline, or the server refused
/// (RWD802). The message names the URL and the way around it (<c>--mirror</c>, <c>reward data import</c>).
/// </summary>
public sealed class DownloadException(string message, Exception? inner = null) : RewardEngineException("RWD802", message, inner)
{
    /// <inheritdoc />
    public override int ExitCode => ExitCodes.RunFailed;
}

/// <summary>
/// A <c>NAME:SUBSET</c> reference to a benchmark that is not in the data directory yet, or not complete (RWD803).
/// The message says which command fetches it.
/// </summary>
public sealed class DataNotCachedException(string message) : RewardEngineException("RWD803", message);
