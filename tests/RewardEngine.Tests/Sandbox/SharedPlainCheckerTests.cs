using Xunit;
using RewardEngine.Configuration;
using RewardEngine.Sandbox;

namespace RewardEngine.Tests.Sandbox;

/// <summary>
/// The plain checkers of an instruction share one process (sandbox.sharePlainCheckers, on by default): each keeps
/// its own namespace, one that loops, raises, fails to load or fills memory costs only its own verdict (the rest
/// of the instruction goes on in a new process), and every mode gives the same verdicts.
/// </summary>
public sealed class SharedPlainCheckerTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static string Py(params string[] lines) => string.Join("\n", lines) + "\n";

    private static readonly string HasTest = Py("def check_following(response):", "    return 'test' in response");
    private static readonly string Loops = Py("def check_following(response):", "    n = 0", "    while True:", "        n += 1");
    private static readonly string Raises = Py("def check_following(response):", "    return [][1]");
    private static readonly string FailsToLoad = Py("words = {}['missing']", "def check_following(response):", "    return True");
    private static readonly string FillsMemory = Py("def check_following(response):", "    block = 'x' * (1 << 30)", "    return len(block) > 0");
    private static readonly string NotPlain = Py("import os", "def check_following(response):", "    return 'for' in response");
    private static readonly string ShortWords = Py("def helper(text):", "    return len(text.split()) < 8", "def check_following(response):", "    return helper(response)");
    private static readonly string LongWords = Py("def helper(text):", "    return len(text.split()) >= 8", "def check_following(response):", "    return helper(response)");

    [Fact]
    public async Task OneCheckerThatLoopsRaisesOrFailsCostsOnlyItsOwnVerdict()
    {
        string[] checkers = [HasTest, Loops, ShortWords, Raises, FailsToLoad, LongWords, FillsMemory, NotPlain, HasTest];
        string[] answers = [SandboxFixture.TestResponse, "An answer of more than eight words that never says the word."];
        var r = await fixture.Runner.RunAsync(checkers, answers, CancellationToken.None, 1000);

        Assert.Equal([true, false], r[0].Select(o => o.Passed));
        Assert.All(r[1], o => Assert.Contains("timed out", o.Error));
        Assert.Equal([true, false], r[2].Select(o => o.Passed)); // its own helper, not the one defined after it
        Assert.All(r[3], o => Assert.Contains("IndexError", o.Error));
        Assert.All(r[4], o => Assert.Contains("KeyError", o.Error));
        Assert.Equal([false, true], r[5].Select(o => o.Passed));
        Assert.All(r[6], o => Assert.Contains("MemoryError", o.Error));
        Assert.Equal([true, false], r[7].Select(o => o.Passed));
        Assert.Equal([true, false], r[8].Select(o => o.Passed));
    }

    [Fact]
    public async Task MemoryHeldByASiblingDoesNotDecideAVerdict()
    {
        // The first keeps 120 MB for as long as its namespace lives; in the shared process (256 MB of address space)
        // the second cannot get its 120 MB, and an error there is confirmed in a process of its own, where it passes.
        string hoards = Py("hoard = 'x' * (120 << 20)", "def check_following(response):", "    return len(hoard) > 0");
        string needs = Py("def check_following(response):", "    block = 'y' * (120 << 20)", "    return len(block) > len(response)");
        var r = await fixture.Runner.RunAsync([hoards, needs, HasTest], [SandboxFixture.TestResponse], CancellationToken.None, 2000);
        Assert.True(r[0][0].Passed, r[0][0].Error);
        Assert.True(r[1][0].Passed, r[1][0].Error);
        Assert.True(r[2][0].Passed, r[2][0].Error);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(17)]
    public async Task EveryModeGivesTheSameVerdicts(int seed)
    {
        // Plain checkers drawn from blocks with known outcomes; the shared, per-checker and per-check modes agree.
        string[] blocks =
        [
            "return 'test' in response",
            "return len(response.split()) > {0}",
            "return response.count('e') % 2 == {1}",
            "return sorted(response.split(), key=len)[-1].isalpha()",
            "return [][{0}]",
            "return int(response)",
            "return 'yes'",
        ];
        var rng = new Random(seed);
        var checkers = Enumerable.Range(0, 10).Select(_ =>
            Py("def check_following(response):", "    " + string.Format(blocks[rng.Next(blocks.Length)], rng.Next(1, 9), rng.Next(2)))).ToList();
        string[] answers = [SandboxFixture.TestResponse, "three word answer", "eeee", "12"];

        var shared = await fixture.Runner.RunAsync(checkers, answers, CancellationToken.None, 1000);
        await using var perChecker = SandboxRunner.Create(new SandboxOptions { Workers = 1, TimeoutMs = 1000, SharePlainCheckers = false });
        await using var perCheck = SandboxRunner.Create(new SandboxOptions { Workers = 1, TimeoutMs = 1000, ForkPerChecker = true });
        foreach (var other in new[] { await perChecker.RunAsync(checkers, answers, CancellationToken.None), await perCheck.RunAsync(checkers, answers, CancellationToken.None) })
        {
            for (int k = 0; k < checkers.Count; k++)
                for (int i = 0; i < answers.Length; i++)
                {
                    Assert.True(shared[k][i].Passed == other[k][i].Passed, $"checker {k} answer {i}: {shared[k][i].Passed} vs {other[k][i].Passed}\n{checkers[k]}");
                    Assert.Equal(other[k][i].Error is null, shared[k][i].Error is null);
                }
        }
        Assert.Contains(shared.SelectMany(x => x), o => o.Passed is null);
        Assert.Contains(shared.SelectMany(x => x), o => o.Passed is true);
    }
}
