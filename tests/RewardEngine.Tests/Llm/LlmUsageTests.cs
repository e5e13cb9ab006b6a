using RewardEngine.Models.Llm;

namespace RewardEngine.Tests.Llm;

/// <summary>Usage scopes nest: an outer scope (a service request) counts the calls of an inner one (the agent).</summary>
public sealed class LlmUsageTests
{
    [Fact]
    public async Task A_call_counts_in_every_scope_open_in_its_flow_and_in_no_other()
    {
        var outer = LlmUsage.BeginScope();
        LlmUsage.RecordCall(10, 2);
        var inner = await Task.Run(() =>
        {
            var scope = LlmUsage.BeginScope();
            LlmUsage.RecordCall(100, 20);
            LlmUsage.RecordParseFailure();
            return scope;
        });
        var sibling = await Task.Run(() =>
        {
            var scope = LlmUsage.BeginScope();
            LlmUsage.RecordCall(1000, 200);
            return scope;
        });
        // Back in the outer flow: the inner scopes ended with their tasks.
        LlmUsage.RecordCall(1, 1);

        Assert.Equal((4, 1111L, 223L, 1L), (outer.Calls, outer.PromptTokens, outer.GeneratedTokens, outer.ParseFailures));
        Assert.Equal((1, 100L, 20L, 1L), (inner.Calls, inner.PromptTokens, inner.GeneratedTokens, inner.ParseFailures));
        Assert.Equal((1, 1000L, 200L, 0L), (sibling.Calls, sibling.PromptTokens, sibling.GeneratedTokens, sibling.ParseFailures));
    }
}
