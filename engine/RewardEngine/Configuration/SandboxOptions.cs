namespace RewardEngine.Configuration;

/// <summary>Limits for model-written code.</summary>
public sealed class SandboxOptions
{
    public string Python { get; set; } = "/usr/bin/python3";
    /// <summary>Wall-clock limit per check (the original: 5 s).</summary>
    public int TimeoutMs { get; set; } = 5000;
    public int CpuSeconds { get; set; } = 5;
    public int MemoryMb { get; set; } = 512;
    public int MaxFileSizeKb { get; set; } = 1024;
    public int MaxOpenFiles { get; set; } = 64;
    public int MaxProcesses { get; set; } = 64;
    public int MaxOutputBytes { get; set; } = 65536;
    /// <summary>Run generated code without isolation where isolation is impossible. Off unless set.</summary>
    public bool AllowUnsandboxed { get; set; }
    /// <summary>Worker processes (default: one per core).</summary>
    public int Workers { get; set; }
}
