using Xunit;
using RewardEngine.Configuration;
using RewardEngine.Models.Llm;
using RewardEngine.Verifiers.Constraints;
using RewardEngine.Verifiers.Constraints.Generated;

namespace RewardEngine.Tests.Sandbox;

/// <summary>
/// Orchestration of the generated-checker path: listing, verifiability, test-run in the real sandbox, repair,
/// dropping, caching. The coder is a scripted test double (no LLM backend exists in this branch); the sandbox
/// and the SQLite cache are the real components.
/// </summary>
public sealed class GeneratedCheckerPathTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Instruction = "Write a haiku about autumn in fewer than 20 words. Use a warm tone. Do not use any commas.";
    private const string ShortCode = "def check_following(response):\n    return len(response.split()) < 20\n";
    private const string BrokenCode = "def check_following(response):\n    return len(words) < 20\n";

    /// <summary>TEST DOUBLE: a scripted coder that answers each prompt kind from a script and records every request.</summary>
    private sealed class ScriptedCoder(Func<GenerationRequest, int, string> script) : ITextGenerator
    {
        private int _calls;
        public List<GenerationRequest> Requests { get; } = [];
        public string ModelId => "scripted-coder";
        public int Calls => _calls;

        public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
        {
            int n = Interlocked.Increment(ref _calls);
            lock (Requests) Requests.Add(request);
            return Task.FromResult(new GenerationResult(script(request, n), 10, 10, "stop"));
        }
    }

    private static string Last(GenerationRequest r) => r.Messages[^1].Content;

    // Lists two requirements; says "no" to the soft one; the word-count code fails once and is repaired.
    private static string Script(GenerationRequest r, int call) => r.PromptKind switch
    {
        CheckerPrompts.ListKind => "[\"The response has fewer than 20 words.\", \"The response uses a warm tone.\"]",
        CheckerPrompts.VerifiableKind => Last(r).Contains("Requirement: The response uses a warm tone") ? "no" : "yes",
        CheckerPrompts.CodeKind => r.Messages.Count > 2 ? ShortCode : BrokenCode,
        _ => throw new InvalidOperationException($"unexpected prompt kind {r.PromptKind}"),
    };

    private GeneratedCheckerPath NewPath(ITextGenerator coder, string cacheFile, int repairRounds = 2) =>
        new(coder, fixture.Runner, new CheckerCache(cacheFile), "model:" + coder.ModelId,
            new ConstraintOptions { RepairRounds = repairRounds }, temperature: 0, seed: 7);

    [Fact]
    public async Task RepairsFromTheErrorKeepsVerifiableAndRuns()
    {
        var coder = new ScriptedCoder(Script);
        var path = NewPath(coder, Path.Combine(TestPaths.NewTempDirectory(), "checkers.db"));
        var prepared = await path.PrepareAsync(Instruction, ["The response contains no commas."], CancellationToken.None);
        var checkers = prepared.Checkers;
        // The calls the coder received come back as the caller's cost: 10 prompt and 10 generated tokens each.
        Assert.Equal((coder.Calls, coder.Calls * 10L, coder.Calls * 10L), (prepared.Cost.Calls, prepared.Cost.GeneratedTokens, prepared.Cost.PromptTokens));

        var only = Assert.Single(checkers);
        Assert.Equal("The response has fewer than 20 words.", only.Description);
        Assert.Equal(ShortCode, only.Code);
        Assert.False(only.FromCache);
        // list + 2 verifiability questions + first code + one repair
        Assert.Equal(5, coder.Calls);
        var repair = coder.Requests.Single(r => r.PromptKind == CheckerPrompts.CodeKind && r.Messages.Count > 2);
        Assert.Contains("NameError", Last(repair));
        Assert.Equal(BrokenCode, repair.Messages[^2].Content.TrimEnd() + "\n");
        // The lister was told what the parser already covers; every request is seeded and greedy.
        Assert.Contains("The response contains no commas.", Last(coder.Requests.Single(r => r.PromptKind == CheckerPrompts.ListKind)));
        Assert.All(coder.Requests, r => { Assert.Equal(7u, r.Seed); Assert.Equal(0f, r.Temperature); Assert.NotNull(r.Grammar); });

        var verdicts = await path.RunAsync(checkers, ["Leaves fall slowly now", string.Join(' ', Enumerable.Repeat("word", 30))], CancellationToken.None);
        Assert.Equal([true, false], verdicts[0]);
    }

    [Fact]
    public async Task DropsCheckersThatStillFailAfterTheLastRepair()
    {
        var coder = new ScriptedCoder((r, _) => r.PromptKind switch
        {
            CheckerPrompts.ListKind => "[\"The response has fewer than 20 words.\"]",
            CheckerPrompts.VerifiableKind => "yes",
            _ => BrokenCode,
        });
        var path = NewPath(coder, Path.Combine(TestPaths.NewTempDirectory(), "checkers.db"), repairRounds: 2);
        var checkers = (await path.PrepareAsync(Instruction, [], CancellationToken.None)).Checkers;
        Assert.Empty(checkers);
        Assert.Equal(3, coder.Requests.Count(r => r.PromptKind == CheckerPrompts.CodeKind)); // first try + 2 repairs
    }

    [Fact]
    public async Task SecondPrepareComesFromTheCacheWithoutLlmCalls()
    {
        var cacheFile = Path.Combine(TestPaths.NewTempDirectory(), "checkers.db");
        var first = new ScriptedCoder(Script);
        var generated = (await NewPath(first, cacheFile).PrepareAsync(Instruction, [], CancellationToken.None)).Checkers;
        Assert.NotEmpty(generated);

        // A new path over the same cache file: a rerun.
        var second = new ScriptedCoder(Script);
        var prepared = await NewPath(second, cacheFile).PrepareAsync(Instruction, [], CancellationToken.None);
        var again = prepared.Checkers;
        Assert.Equal(0, second.Calls);
        Assert.Equal(0, prepared.Cost.Calls);
        Assert.Equal(generated.Select(c => (c.Description, c.Code)), again.Select(c => (c.Description, c.Code)));
        Assert.All(again, c => Assert.True(c.FromCache));

        // Another coder or other covered constraints are different keys.
        var other = new ScriptedCoder(Script);
        await new GeneratedCheckerPath(other, fixture.Runner, new CheckerCache(cacheFile), "model:other", new ConstraintOptions())
            .PrepareAsync(Instruction, [], CancellationToken.None);
        Assert.True(other.Calls > 0);
    }

    [Fact]
    public async Task ConcurrentPreparesOfOneInstructionGenerateOnce()
    {
        var coder = new ScriptedCoder(Script);
        var path = NewPath(coder, Path.Combine(TestPaths.NewTempDirectory(), "checkers.db"));
        var all = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => path.PrepareAsync(Instruction, [], CancellationToken.None)));
        Assert.Equal(5, coder.Calls);
        Assert.All(all, r => Assert.Single(r.Checkers));
        // The one generation is paid for once: by the caller that started it.
        Assert.Equal(5, all.Sum(r => r.Cost.Calls));
        Assert.Single(all, r => r.Cost.Calls > 0);
    }

    [Fact]
    public async Task NoneListedMeansNoCheckers()
    {
        var coder = new ScriptedCoder((r, _) => r.PromptKind == CheckerPrompts.ListKind ? "[\"none\"]" : throw new InvalidOperationException());
        var checkers = await NewPath(coder, Path.Combine(TestPaths.NewTempDirectory(), "checkers.db")).PrepareAsync("Tell me a story.", [], CancellationToken.None);
        Assert.Empty(checkers.Checkers);
        Assert.Equal(1, coder.Calls);
    }

    [Fact]
    public async Task FactoryGivesNoPathWithoutACoder()
    {
        await using var context = new RewardEngine.Agent.AgentContext(new EngineConfig { Profile = Profiles.VerifiersOnly }, TestPaths.NewTempDirectory());
        Assert.Null(GeneratedCheckerPath.Create(context));
        await using var off = new RewardEngine.Agent.AgentContext(
            new EngineConfig { Profile = Profiles.Tiny, Constraints = new ConstraintOptions { LlmFallback = false } }, TestPaths.NewTempDirectory());
        Assert.Null(GeneratedCheckerPath.Create(off));
    }

    [Fact]
    public void CoderKeyFollowsTheModelFile()
    {
        var dir = TestPaths.NewTempDirectory();
        var a = Path.Combine(dir, "a.gguf");
        var b = Path.Combine(dir, "b.gguf");
        File.WriteAllBytes(a, Enumerable.Range(0, 3 << 20).Select(i => (byte)i).ToArray());
        File.WriteAllBytes(b, Enumerable.Range(0, 3 << 20).Select(i => (byte)(i == (3 << 20) - 1 ? 0 : i)).ToArray());
        var coder = new ScriptedCoder((_, _) => "");
        Assert.Equal(GeneratedCheckerPath.CoderKey(a, coder), GeneratedCheckerPath.CoderKey(a, coder));
        Assert.NotEqual(GeneratedCheckerPath.CoderKey(a, coder), GeneratedCheckerPath.CoderKey(b, coder));
        Assert.Equal("model:scripted-coder", GeneratedCheckerPath.CoderKey(null, coder));
    }
}
