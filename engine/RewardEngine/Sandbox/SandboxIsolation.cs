namespace RewardEngine.Sandbox;

/// <summary>How generated code is being run.</summary>
public enum SandboxIsolation
{
    /// <summary>Inside rwd-sandbox: own namespaces, read-only minimal root, uid 65534, rlimits.</summary>
    Isolated,
    /// <summary>Only rlimits (or nothing): allowed only by <c>sandbox.allowUnsandboxed</c>.</summary>
    Unsandboxed,
}
