using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Knowledge;
using RewardEngine.Models.Llm;
using RewardEngine.Tests.Knowledge;
using RewardEngine.Verifiers.Factuality;
using Xunit;

namespace RewardEngine.Tests.Factuality;

/// <summary>Orchestration of the factuality agent, driven by a scripted test double in place of the LLM.</summary>
public class FactualityVerifierTests
{
    private const string Question = "When was the Eiffel Tower completed?";
    private const string Right = "The Eiffel Tower was completed in 1889 for the World's Fair in Paris.";
    private const string Wrong = "The Eiffel Tower was completed in 1901 by Napoleon.";

    /// <summary>Scores an answer 9 when the evidence shown holds "1889" and the answer says 1889, else 3.</summary>
    private static string Script(GenerationRequest r)
    {
        var user = ScriptedTextGenerator.User(r);
        return r.PromptKind switch
        {
            "factuality.differences" => """["A says 1889, B says 1901", "B names Napoleon as builder"]""",
            "factuality.queries" => """["Eiffel Tower completed year", "who built the Eiffel Tower"]""",
            "factuality.knowledge" => "The Eiffel Tower was completed in 1889.",
            "factuality.verify" => Verify(user),
            _ => throw new InvalidOperationException("unexpected prompt kind " + r.PromptKind),
        };

        static string Verify(string user)
        {
            var evidence = user[user.IndexOf("Evidence", StringComparison.Ordinal)..];
            bool supported = evidence.Contains("1889");
            var a = Section(user, "Answer A:\n", "\n\nAnswer B:");
            var b = Section(user, "Answer B:\n", "\n\nPoints of disagreement:");
            int Score(string ans) => supported && ans.Contains("1889") ? 9 : 3;
            return $"Score A: [[{Score(a)}]]\nScore B: <<{Score(b)}>>";
        }
    }

    private static string Section(string s, string start, string end)
    {
        int i = s.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return s[i..s.IndexOf(end, i, StringComparison.Ordinal)];
    }

    private static async Task<KnowledgeBase> CorpusAsync() =>
        KnowledgeBase.OpenReadOnly(await KnowledgeBaseTests.BuildAsync(TestPaths.NewTempDirectory()));

    [Fact]
    public async Task A_pair_runs_differences_queries_retrieval_and_verification_with_the_evidence()
    {
        using var kb = await CorpusAsync();
        var llm = new ScriptedTextGenerator(Script);
        var options = new FactualityOptions { TopK = 2, MaxDifferences = 3, MaxQueries = 2 };
        var verifier = new FactualityVerifier(llm, kb, options, seed: 1234);
        var result = await verifier.ScoreAsync(RewardQuery.FromInstruction(Question, Right, Wrong), default);

        Assert.Equal(("factuality", SignalKind.Factuality), (result.Name, result.Kind));
        Assert.Equal([0.9, 0.3], result.Scores);
        var r = llm.Requests;
        Assert.Equal(["factuality.differences", "factuality.queries", "factuality.verify"], r.Select(x => x.PromptKind));
        Assert.All(r, x => Assert.Equal((1234u, 0f), (x.Seed, x.Temperature)));
        Assert.Equal(Grammars.StringList(3, 160), r[0].Grammar);
        Assert.Equal(Grammars.StringList(2, 100), r[1].Grammar);
        Assert.Equal(Grammars.TwoScores, r[2].Grammar);
        Assert.Equal(Grammars.MaxTokens(Grammars.TwoScores), r[2].MaxTokens);
        Assert.True(r[0].MaxTokens >= 3 * 160 && r[1].MaxTokens >= 2 * 100);
        // The differences reach the query step; the passages found reach the verifier.
        Assert.Contains("A says 1889, B says 1901", ScriptedTextGenerator.User(r[1]));
        var verify = ScriptedTextGenerator.User(r[2]);
        Assert.Contains("completed in 1889 for the World's Fair", verify);
        Assert.Contains("B names Napoleon as builder", verify);
        Assert.Contains("p01", result.Rationale);
        Assert.Contains("knowledge base", result.Rationale);
        Assert.Equal(["9/10", "3/10"], result.AnswerNotes);
    }

    [Fact]
    public async Task Evidence_is_cut_to_the_token_budget()
    {
        using var kb = await CorpusAsync();
        var llm = new ScriptedTextGenerator(Script);
        var verifier = new FactualityVerifier(llm, kb, new FactualityOptions { TopK = 5, EvidenceTokens = 80 });
        await verifier.ScoreAsync(RewardQuery.FromInstruction(Question, Right, Wrong), default);
        var verify = ScriptedTextGenerator.User(llm.Requests.Single(x => x.PromptKind == "factuality.verify"));
        var evidence = verify[(verify.IndexOf("passage(s)):\n", StringComparison.Ordinal) + 13)..];
        Assert.InRange(EvidencePack.ApproxTokens(evidence), 20, 80);

        var wide = new ScriptedTextGenerator(Script);
        await new FactualityVerifier(wide, kb, new FactualityOptions { TopK = 5, EvidenceTokens = 2000 })
            .ScoreAsync(RewardQuery.FromInstruction(Question, Right, Wrong), default);
        Assert.True(ScriptedTextGenerator.User(wide.Requests[^1]).Length > verify.Length);
    }

    [Fact]
    public async Task Without_a_knowledge_base_the_models_own_knowledge_is_the_evidence_and_the_rationale_says_so()
    {
        var llm = new ScriptedTextGenerator(Script);
        var verifier = new FactualityVerifier(llm, null, new FactualityOptions());
        var result = await verifier.ScoreAsync(RewardQuery.FromInstruction(Question, Wrong, Right), default);
        Assert.Equal([0.3, 0.9], result.Scores);
        Assert.Equal(["factuality.differences", "factuality.queries", "factuality.knowledge", "factuality.verify"],
            llm.Requests.Select(x => x.PromptKind));
        Assert.Contains("Eiffel Tower completed year", ScriptedTextGenerator.User(llm.Requests[2]));
        Assert.Null(llm.Requests[2].Grammar);
        Assert.Contains("local mode", result.Rationale);
        Assert.Contains("own knowledge", result.Rationale);
    }

    [Fact]
    public async Task Unparsable_outputs_fall_back_to_the_question_and_to_neutral_scores()
    {
        var llm = new ScriptedTextGenerator(_ => "I cannot comply.");
        var result = await new FactualityVerifier(llm, await CorpusAsync(), new FactualityOptions())
            .ScoreAsync(RewardQuery.FromInstruction(Question, Right, Wrong), default);
        Assert.Equal([0.5, 0.5], result.Scores);
        Assert.Equal(3, result.Cost.ParseFailures); // differences, queries, scores
        Assert.Equal(3, result.Cost.Calls); // the same three calls (a knowledge base: no own-knowledge call)
        Assert.Contains(Question, result.Rationale); // the question served as the query
    }

    [Fact]
    public async Task Identical_answers_need_no_model_call()
    {
        var llm = new ScriptedTextGenerator(Script);
        var result = await new FactualityVerifier(llm, null, new FactualityOptions())
            .ScoreAsync(RewardQuery.FromInstruction(Question, Right, " " + Right), default);
        Assert.Empty(llm.Requests);
        Assert.Equal(result.Scores[0], result.Scores[1]);
    }

    [Theory]
    [InlineData(MultiAnswerMode.Average)]
    [InlineData(MultiAnswerMode.Elo)]
    public async Task Several_answers_are_scored_pairwise_and_the_supported_one_ranks_first(MultiAnswerMode mode)
    {
        using var kb = await CorpusAsync();
        string[] answers = [Wrong, "It was finished in 1925.", Right, "Completed in 1910, I think."];
        var llm = new ScriptedTextGenerator(Script);
        var verifier = new FactualityVerifier(llm, kb, new FactualityOptions(), seed: 9, multiAnswer: mode);
        var result = await verifier.ScoreAsync(new RewardQuery([RewardEngine.Data.ChatMessage.User(Question)], answers), default);
        Assert.Equal(4, result.Scores.Count);
        Assert.Equal(2, result.Scores.ToList().IndexOf(result.Scores.Max()));
        Assert.Equal(6 * 3, llm.Requests.Count); // every pair once, three calls each
        if (mode == MultiAnswerMode.Average)
        {
            Assert.Equal(0.9, result.Scores[2], 6); // 9/10 against each of the three others
            Assert.Equal(0.3, result.Scores[0], 6);
        }
        else Assert.Contains("Elo", result.Rationale);
        // Same seed, same result.
        var again = await new FactualityVerifier(new ScriptedTextGenerator(Script), kb, new FactualityOptions(), seed: 9, multiAnswer: mode)
            .ScoreAsync(new RewardQuery([RewardEngine.Data.ChatMessage.User(Question)], answers), default);
        Assert.Equal(result.Scores, again.Scores);
    }

    [Theory]
    [InlineData("When was the Eiffel Tower completed?", "1889.", "1901.", true)]
    [InlineData("Tell me about Marie Curie", "She was born in Warsaw.", "She was born in Paris.", true)]
    [InlineData("Summarize the plot", "It follows Anna Karenina in Moscow, and later Count Vronsky in St Petersburg in 1870.", "A tale.", true)]
    [InlineData("Write a poem about autumn", "Leaves fall slowly.", "Golden leaves drift.", false)]
    [InlineData("Write a Python function that reverses a list", "def f(x): return x[::-1]", "def f(x): return list(reversed(x))", false)]
    [InlineData("Rewrite this sentence more politely: give me the report", "Could you send me the report?", "Please send the report.", false)]
    public void Applies_to_questions_and_answers_that_state_facts(string instruction, string a, string b, bool expected) =>
        Assert.Equal(expected, FactualityHeuristic.AppliesTo(RewardQuery.FromInstruction(instruction, a, b)));

    [Fact]
    public async Task Provider_builds_nothing_without_a_planner_profile_or_when_disabled()
    {
        var provider = new FactualityVerifierProvider();
        Assert.Equal("factuality", provider.Name);
        await using (var ctx = new AgentContext(new EngineConfig { Profile = Profiles.VerifiersOnly }, TestPaths.NewTempDirectory()))
            Assert.Null(provider.Create(ctx));
        var disabled = new EngineConfig { Profile = Profiles.Tiny, Factuality = new FactualityOptions { Enabled = false } };
        await using (var ctx = new AgentContext(disabled, TestPaths.NewTempDirectory()))
            Assert.Null(provider.Create(ctx));
    }
}
