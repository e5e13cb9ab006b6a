using RewardEngine.Data;
using RewardEngine.Models.Llm;
using Xunit;
using Xunit.Abstractions;

namespace RewardEngine.Tests.Llm;

/// <summary>
/// Every grammar compiles in llama.cpp and holds under sampling: the tiny model at temperature 1.0 writes noise,
/// and the grammar alone makes it parse.
/// </summary>
public sealed class GrammarConformanceTests(TinyModelFixture tiny, ITestOutputHelper output) : IClassFixture<TinyModelFixture>
{
    private const int Seeds = 30;

    public static TheoryData<string> GrammarNames => ["yes_no", "verdict", "router", "two_scores", "string_list", "string_list_1", "python"];

    private static (string Grammar, Func<string, bool> Parses) Case(string name) => name switch
    {
        "yes_no" => (Grammars.YesNo, t => StructuredOutput.ParseYesNo(t) is not null),
        "verdict" => (Grammars.Verdict, t => StructuredOutput.ParseVerdict(t) is not null),
        "router" => (Grammars.RouterDecision, t => StructuredOutput.ParseRouterDecision(t) is not null),
        "two_scores" => (Grammars.TwoScores, t => StructuredOutput.ParseTwoScores(t).Parsed),
        "string_list" => (Grammars.StringList(3, 16), t => StructuredOutput.ParseStringList(t) is { Count: >= 0 }),
        "string_list_1" => (Grammars.StringList(1, 8), t => StructuredOutput.ParseStringList(t) is not null),
        "python" => (Grammars.PythonCheckFunction(3, 24), t => StructuredOutput.ParsePythonCheckFunction(t) is not null),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(GrammarNames))]
    public async Task Sampled_outputs_always_parse(string name)
    {
        var (grammar, parses) = Case(name);
        var maxTokens = Grammars.MaxTokens(grammar);
        Assert.True(maxTokens > 0, "every shared grammar has a token budget");
        var results = await Task.WhenAll(Enumerable.Range(0, Seeds).Select(seed => tiny.Planner.GenerateAsync(
            new GenerationRequest([ChatMessage.User($"Answer in the required format ({name}).")])
            { Grammar = grammar, Temperature = 1.0f, Seed = (uint)seed, MaxTokens = maxTokens }, CancellationToken.None)));

        var failures = results.Where(r => !parses(r.Text)).Select(r => r.Text).ToList();
        output.WriteLine($"{name}: {Seeds - failures.Count}/{Seeds} parse, {results.Select(r => r.Text).Distinct().Count()} distinct; e.g. {results[0].Text}");
        Assert.Empty(failures);
        Assert.All(results, r => Assert.Equal("grammar", r.FinishReason));
        if (name != "yes_no" && name != "verdict")
            Assert.True(results.Select(r => r.Text).Distinct().Count() > 1, "sampling should vary the outputs");
    }
}
