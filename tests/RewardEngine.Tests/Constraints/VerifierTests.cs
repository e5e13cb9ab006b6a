using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Verifiers.Constraints;
using Xunit;

namespace RewardEngine.Tests.Constraints;

public class VerifierTests
{
    private static ConstraintVerifier Make(string scoring = "graded", IGeneratedCheckerPath? generated = null, bool llm = true) =>
        new(new ConstraintParser(), new ConstraintOptions
        {
            Scoring = ConfigNames.TryParse<ConstraintScoring>(scoring, out var s) ? s : throw new ArgumentException(scoring),
            LlmFallback = llm,
        }, generated);

    private static string Words(int n) => string.Join(' ', Enumerable.Repeat("word", n)) + ".";

    [Fact]
    public async Task Graded_scoring_prefers_the_nearer_miss_and_binary_does_not()
    {
        var query = RewardQuery.FromInstruction("Answer in at least 50 words.", Words(48), Words(10));
        var graded = await Make("graded").ScoreAsync(query, CancellationToken.None);
        var binary = await Make("binary").ScoreAsync(query, CancellationToken.None);
        Assert.True(graded.Scores[0] > graded.Scores[1]);
        Assert.Equal(0.0, binary.Scores[0]);
        Assert.Equal(binary.Scores[0], binary.Scores[1]);
        Assert.Equal(SignalKind.Constraint, graded.Kind);
        Assert.Equal("constraints", graded.Name);
    }

    [Fact]
    public async Task Score_is_the_share_of_constraints_met_and_rationale_names_failures()
    {
        var query = RewardQuery.FromInstruction("Reply in all lowercase and do not use any commas.",
            "all lowercase and no commas here.", "All Lowercase, Not Really.");
        var r = await Make().ScoreAsync(query, CancellationToken.None);
        Assert.Equal(1.0, r.Scores[0]);
        Assert.Equal(0.0, r.Scores[1]);
        Assert.Contains("[parser] punctuation:no_comma: failed by B", r.Rationale);
        Assert.Contains("[parser] change_case:english_lowercase: failed by B", r.Rationale);
        Assert.Equal("all constraints met", r.AnswerNotes![0]);
    }

    [Fact]
    public async Task No_constraint_gives_every_answer_one_half_and_the_router_skips_it()
    {
        var v = Make();
        var query = RewardQuery.FromInstruction("What is the capital of France?", "Paris.", "Lyon.", "Nice.");
        Assert.False(await v.AppliesToAsync(query, CancellationToken.None));
        var r = await v.ScoreAsync(query, CancellationToken.None);
        Assert.Equal([0.5, 0.5, 0.5], r.Scores);
        Assert.True(await v.AppliesToAsync(RewardQuery.FromInstruction("Use no commas.", "a"), CancellationToken.None));
    }

    [Fact]
    public void Parse_is_cached_per_instruction()
    {
        var v = Make();
        Assert.Same(v.ConstraintsOf("Use less than 5 sentences."), v.ConstraintsOf("Use less than 5 sentences."));
    }

    [Fact]
    public void Unknown_scoring_is_a_config_error_at_load()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "c.json");
        File.WriteAllText(file, """{"constraints": {"scoring": "fuzzy"}}""");
        var e = Assert.Throws<ConfigException>(() => EngineConfig.Load(file));
        Assert.Contains("constraints.scoring: unknown 'fuzzy' (expected graded or binary)", e.Message);
    }

    /// <summary>
    /// A scripted generated-checker path: it stands in only to test the verifier's orchestration (what it passes
    /// on, how it merges verdicts, how errors count), not any checker behaviour.
    /// </summary>
    private sealed class ScriptedGeneratedPath(IReadOnlyList<IReadOnlyList<bool?>> verdicts) : IGeneratedCheckerPath
    {
        public IReadOnlyList<string>? Covered { get; private set; }
        public int Runs { get; private set; }

        public Task<PreparedCheckers> PrepareAsync(string instruction, IReadOnlyList<string> covered, CancellationToken cancellationToken)
        {
            Covered = covered;
            return Task.FromResult(new PreparedCheckers(
                [new("mentions a dog", "def check_following(r): ...", false), new("rhymes", "def check_following(r): ...", true)],
                new RewardEngine.Evaluation.LlmCost(2, 30, 0)));
        }

        public Task<IReadOnlyList<IReadOnlyList<bool?>>> RunAsync(IReadOnlyList<GeneratedChecker> checkers, IReadOnlyList<string> answers, CancellationToken cancellationToken)
        {
            Runs++;
            return Task.FromResult(verdicts);
        }
    }

    [Fact]
    public async Task Generated_checkers_add_to_parsed_ones_and_errors_count_as_failed()
    {
        var path = new ScriptedGeneratedPath([[true, false], [null, true]]);
        var query = RewardQuery.FromInstruction("Write a rhyming poem about a dog with no commas.", "a dog rhymes with log.", "a cat, a hat.");
        var r = await Make("binary", path).ScoreAsync(query, CancellationToken.None);
        Assert.Equal(["punctuation:no_comma"], path.Covered);
        // A: no_comma 1, dog 1, rhymes null -> 0: 2/3. B: no_comma 0, dog 0, rhymes 1: 1/3.
        Assert.Equal(2.0 / 3, r.Scores[0], 9);
        Assert.Equal(1.0 / 3, r.Scores[1], 9);
        Assert.Contains("[generated] mentions a dog: failed by B", r.Rationale);
        Assert.Contains("[generated, cached] rhymes: failed by A (checker error (counted as failed))", r.Rationale);
        Assert.Equal(1, path.Runs);
        Assert.Equal(new RewardEngine.Evaluation.LlmCost(2, 30, 0), r.Cost); // what preparing the checkers cost comes back with the signal
    }

    [Fact]
    public async Task Generated_path_is_not_used_when_the_config_turns_it_off()
    {
        var path = new ScriptedGeneratedPath([[true], [true]]);
        await Make("graded", path, llm: false).ScoreAsync(RewardQuery.FromInstruction("Use no commas.", "a"), CancellationToken.None);
        Assert.Equal(0, path.Runs);
    }

    [Fact]
    public async Task Provider_builds_the_verifier_from_the_config()
    {
        var config = new EngineConfig();
        await using var context = new AgentContext(config, TestPaths.NewTempDirectory());
        var provider = new ConstraintVerifierProvider();
        Assert.Equal("constraints", provider.Name);
        var verifier = provider.Create(context);
        Assert.NotNull(verifier);
        Assert.Equal(SignalKind.Constraint, verifier.Kind);
        await using var disabled = new AgentContext(config with { Constraints = config.Constraints with { Enabled = false } }, TestPaths.NewTempDirectory());
        Assert.Null(provider.Create(disabled));
    }
}
