using BenchmarkDotNet.Attributes;
using RewardEngine.Configuration;
using RewardEngine.Sandbox;

namespace RewardEngine.Benchmarks;

/// <summary>
/// Checks through the warm sandbox pool against one fresh interpreter per check (the original's design),
/// on the same workload: 8 typical checkers x 2 answers per instruction. Compare per-check times:
/// SandboxPool does 16 instructions (256 checks) per operation, ProcessPerCheck 16 checks.
/// Quick side-by-side alternative: <c>reward sandbox bench</c>.
/// </summary>
[MemoryDiagnoser(false)]
[ShortRunJob]
public class SandboxThroughputBenchmarks
{
    private SandboxRunner _runner = null!;
    private ProcessPerCheckRunner _fresh = null!;

    [GlobalSetup]
    public void Setup()
    {
        _runner = SandboxRunner.Create(new SandboxOptions());
        _runner.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _fresh = new ProcessPerCheckRunner(new SandboxOptions().Python);
    }

    [GlobalCleanup]
    public void Cleanup() => _runner.Dispose();

    [Benchmark(OperationsPerInvoke = 256, Description = "sandbox pool, per check")]
    public async Task SandboxPool() =>
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _runner.RunAsync(SandboxThroughput.Checkers, SandboxThroughput.Answers, CancellationToken.None)));

    [Benchmark(Baseline = true, OperationsPerInvoke = 16, Description = "process per check, per check")]
    public async Task ProcessPerCheck()
    {
        for (int i = 0; i < 16; i++)
            await _fresh.RunAsync(SandboxThroughput.Checkers[i % 8], SandboxThroughput.Answers[i / 8], CancellationToken.None);
    }
}
