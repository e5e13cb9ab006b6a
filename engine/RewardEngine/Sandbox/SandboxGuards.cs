namespace RewardEngine.Sandbox;

/// <summary>
/// What keeps checkers apart on this machine, as the first worker reported it: the uid checker processes run
/// under (another than the harness's where the launcher could map two ids), whether each gets the seccomp
/// filter of librwd-checker, and whether the scratch space is a tmpfs renewed after use (else a folder emptied).
/// </summary>
public sealed record SandboxGuards(int HarnessUid, int CheckerUid, bool SyscallFilter, bool FreshTmpfs);
