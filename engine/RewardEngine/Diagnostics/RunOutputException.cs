namespace RewardEngine.Diagnostics;

/// <summary>
/// An output folder that <c>reward diff</c> or <c>reward report</c> cannot read: a missing file, or a line or field
/// that is not what <c>reward eval</c> writes, named by file, line and field (RWD700).
/// </summary>
public sealed class RunOutputException(string message) : RewardEngineException("RWD700", message);
