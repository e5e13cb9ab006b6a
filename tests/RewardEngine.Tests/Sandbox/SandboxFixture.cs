using Xunit;
using RewardEngine.Configuration;
using RewardEngine.Sandbox;

namespace RewardEngine.Tests.Sandbox;

/// <summary>One warm sandbox pool shared by the containment tests, with short limits so they stay fast.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public const string Passing = "def check_following(response):\n    return 'test' in response\n";
    public const string TestResponse = "This is for a test.";

    public SandboxRunner Runner { get; } = SandboxRunner.Create(new SandboxOptions
    {
        TimeoutMs = 1000,
        CpuSeconds = 2,
        Workers = 2,
        MemoryMb = 256,
        TmpfsMb = 4,
        MaxFileSizeKb = 512,
        MaxOutputBytes = 16384,
    });

    public Task InitializeAsync() => Runner.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await Runner.DisposeAsync();
}
