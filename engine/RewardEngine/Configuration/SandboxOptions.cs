namespace RewardEngine.Configuration;

/// <summary>Limits for model-written code.</summary>
public sealed record SandboxOptions
{
    public string Python { get; init; } = "/usr/bin/python3";
    /// <summary>Wall-clock limit per check (the original: 5 s).</summary>
    public int TimeoutMs { get; init; } = 5000;
    /// <summary>CPU seconds per check; a checker process gets this much per answer it runs on.</summary>
    public int CpuSeconds { get; init; } = 5;
    /// <summary>Address-space limit of every process in the sandbox.</summary>
    public int MemoryMb { get; init; } = 512;
    public int MaxFileSizeKb { get; init; } = 1024;
    public int MaxOpenFiles { get; init; } = 64;
    public int MaxProcesses { get; init; } = 64;
    /// <summary>stdout and stderr a checker may write (together) before it is killed; what it writes is never read as a result.</summary>
    public int MaxOutputBytes { get; init; } = 65536;
    /// <summary>Size of the only writable place in the sandbox, a tmpfs at /tmp, replaced after every checker process that wrote to it.</summary>
    public int TmpfsMb { get; init; } = 16;
    /// <summary>Run generated code without isolation where isolation is impossible. Off unless set.</summary>
    public bool AllowUnsandboxed { get; init; }
    /// <summary>
    /// A process of its own for every check (checker x answer). Off (default): every checker has a process of its
    /// own in which it runs over all answers of its instruction (what it does can then sway only its own
    /// verdicts). On: not even those, at about the number of answers times the cost.
    /// </summary>
    public bool ForkPerChecker { get; init; }
    /// <summary>
    /// On (default): the plain checkers of one instruction, those whose syntax shows they reach nothing but the
    /// answer, their own names and string, list, dict, set, number and regex operations (no imports beyond re,
    /// math and string, no attribute outside a fixed list, no builtin outside a fixed list), share one process,
    /// each loaded in a namespace of its own; every other checker keeps a process of its own. Off: a process per
    /// checker for all. Ignored when <see cref="ForkPerChecker"/> is on.
    /// </summary>
    public bool SharePlainCheckers { get; init; } = true;
    /// <summary>Worker processes (default: one per core).</summary>
    public int Workers { get; init; }
    /// <summary>The launcher binary; default: rwd-sandbox beside the engine assembly (built from native/sandbox).</summary>
    public string? LauncherPath { get; init; }
    /// <summary>
    /// Host paths visible (read-only) inside the sandbox. Default: found by asking the interpreter which files
    /// it loads (its binary, standard library and shared libraries), and nothing else.
    /// </summary>
    public IReadOnlyList<string>? ReadOnlyPaths { get; init; }
}
