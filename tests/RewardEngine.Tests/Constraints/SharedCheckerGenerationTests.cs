using RewardEngine.Configuration;
using RewardEngine.Models.Llm;
using RewardEngine.Tests.Sandbox;
using RewardEngine.Verifiers.Constraints.Generated;

namespace RewardEngine.Tests.Constraints;

/// <summary>
/// Concurrent requests for one instruction share one checker generation, and the caller that started it giving up
/// must not cancel it for the others (the real sandbox and SQLite cache; the coder is a scripted double that, like
/// a real backend, stops when its token is cancelled).
/// </summary>
public sealed class SharedCheckerGenerationTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Instruction = "Write a haiku about autumn in fewer than 20 words.";
    private const string Code = "def check_following(response):\n    return len(response.split()) < 20\n";

    /// <summary>TEST DOUBLE: answers every prompt kind after <see cref="Gate"/> opens, honouring cancellation.</summary>
    private sealed class GatedCoder : ITextGenerator
    {
        private int _calls;
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Calls => Volatile.Read(ref _calls);
        public string ModelId => "gated-coder";

        public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await Gate.Task.WaitAsync(cancellationToken);
            var text = request.PromptKind switch
            {
                CheckerPrompts.ListKind => "[\"The response has fewer than 20 words.\"]",
                CheckerPrompts.VerifiableKind => "yes",
                _ => Code,
            };
            return new GenerationResult(text, 10, 10, "stop");
        }
    }

    [Fact]
    public async Task A_cancelled_caller_does_not_cancel_the_generation_others_wait_on()
    {
        var coder = new GatedCoder();
        var cache = new CheckerCache(Path.Combine(TestPaths.NewTempDirectory(), "checkers.db"));
        await using var path = new GeneratedCheckerPath(coder, fixture.Runner, cache, "model:gated", new ConstraintOptions());

        using var first = new CancellationTokenSource();
        var starter = path.PrepareAsync(Instruction, [], first.Token);
        var waiter = path.PrepareAsync(Instruction, [], CancellationToken.None);
        for (int i = 0; i < 100 && coder.Calls == 0; i++) await Task.Delay(10);
        first.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => starter);

        coder.Gate.SetResult();
        var checkers = await waiter.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Code, Assert.Single(checkers.Checkers).Code);
        Assert.Equal(3, coder.Calls); // list, verifiable, code: one generation for both callers
        Assert.Equal(1, cache.Count());
        // The next caller reads the cache.
        Assert.True(Assert.Single((await path.PrepareAsync(Instruction, [], CancellationToken.None)).Checkers).FromCache);
    }
}
