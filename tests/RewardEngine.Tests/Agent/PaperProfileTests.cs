using System.Text.Json.Nodes;
using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Models.Llm;
using RewardEngine.Tests.Llm;
using Xunit;

namespace RewardEngine.Tests.Agent;

/// <summary>
/// The <c>paper</c> profile against a recording OpenAI-compatible server on 127.0.0.1, one model name per role:
/// what each step asks and which model it asks, read from the requests the server received.
/// </summary>
public sealed class PaperProfileTests
{
    private const string Instruction = "Who was the first person to walk on the Moon, and in which year?";
    private const string AnswerA = "Neil Armstrong walked on the Moon first, in 1969, during the Apollo 11 mission.";
    private const string AnswerB = "Buzz Aldrin was the first person on the Moon, in 1968.";

    private static string Text(JsonObject body) => body["messages"]!.ToJsonString();
    private static string Model(JsonObject body) => body["model"]!.GetValue<string>();
    private static bool IsRouter(JsonObject body) => body["response_format"]?["json_schema"]?["name"]?.GetValue<string>() == "router_decision";
    private static bool IsFactualityScoring(JsonObject body) => Text(body).Contains("Score A: [[n]]");
    private static bool IsAggregator(JsonObject body) => Text(body).Contains("[Factuality judgments");

    // The router asks for factuality only; the scoring step gets two scores; the aggregator picks A.
    private static string? Reply(JsonObject body) =>
        IsRouter(body) ? """{"constraint_check": false, "factuality_check": true}"""
        : IsFactualityScoring(body) ? "Score A: [[9]]\nScore B: <<3>>"
        : IsAggregator(body) ? "[[A]]"
        : null;

    private static EngineConfig PaperConfig(ChatCompletionsServer server, string extra = "")
    {
        string Role(string model) => $$"""{"backend": "openai", "baseUrl": "{{server.BaseUrl}}", "model": "{{model}}", "apiKeyEnv": "RWD_TEST_NO_KEY"}""";
        var file = Path.Combine(TestPaths.NewTempDirectory(), "paper.json");
        var roles = $"\"planner\": {Role("planner-m")}, \"coder\": {Role("coder-m")}, \"judge\": {Role("judge-m")}";
        File.WriteAllText(file, "{\"profile\": \"paper\", " + extra + "\"constraints\": {\"llmFallback\": false}, \"llm\": {\"roles\": {" + roles + "}}}");
        return EngineConfig.Load(file);
    }

    private static async Task<AgentResult> EvaluateAsync(EngineConfig config, RewardQuery query)
    {
        await using var context = new AgentContext(config, TestPaths.NewTempDirectory());
        return await RewardAgent.Create(context).EvaluateAsync(query, CancellationToken.None);
    }

    [Fact]
    public async Task Each_step_asks_its_role_with_the_original_rules()
    {
        await using var server = new ChatCompletionsServer(answer: Reply);
        var result = await EvaluateAsync(PaperConfig(server), RewardQuery.FromInstruction(Instruction, AnswerA, AnswerB));
        var requests = server.Requests.ToList();

        // The router runs on the coder's model, as in the original's local-model setup.
        var router = Assert.Single(requests, IsRouter);
        Assert.Equal("coder-m", Model(router));
        // Factuality (differences, queries, knowledge, scoring) runs on the planner's model.
        var scoring = Assert.Single(requests, IsFactualityScoring);
        Assert.Equal("planner-m", Model(scoring));
        Assert.All(requests.Where(r => !IsRouter(r) && !IsAggregator(r)), r => Assert.Equal("planner-m", Model(r)));
        Assert.Contains("score the shorter answer higher", Text(scoring));
        Assert.Contains("score both 10", Text(scoring));
        Assert.DoesNotContain("style and length do not count", Text(scoring));

        // The aggregator reads the signals' scores, never the answers.
        var aggregator = Assert.Single(requests, IsAggregator);
        Assert.Equal("judge-m", Model(aggregator));
        var prompt = Text(aggregator);
        Assert.Contains("Answer A: 0.9, Answer B: 0.3", prompt);
        Assert.Contains("Who was the first person", prompt);
        Assert.DoesNotContain("Armstrong", prompt);
        Assert.DoesNotContain("Aldrin", prompt);

        Assert.Equal("llm_aggregator", result.Judgment.Judger);
        Assert.Equal(0, result.Judgment.Best);
        Assert.Equal([0.9, 0.3], Assert.Single(result.Signals, s => s.Kind == SignalKind.Factuality).Scores);
    }

    [Fact]
    public async Task Best_of_four_makes_four_factuality_comparisons_on_the_first_query_only()
    {
        await using var server = new ChatCompletionsServer(answer: Reply);
        var answers = new[] { AnswerA, AnswerB, "Yuri Gagarin, 1961.", "Neil Armstrong, in July 1969." };
        var result = await EvaluateAsync(PaperConfig(server), RewardQuery.FromInstruction(Instruction, answers) with { Seed = 11 });

        var requests = server.Requests.ToList();
        Assert.Equal(4, requests.Count(IsFactualityScoring)); // sampled: 4 pairs of the 6
        var factuality = Assert.Single(result.Signals, s => s.Kind == SignalKind.Factuality);
        Assert.Contains("4 sampled pairs", factuality.Rationale);
        // First query only: each comparison's own-knowledge step is asked about one lookup.
        var lookups = requests.Where(r => Text(r).Contains("No reference documents are available")).ToList();
        Assert.Equal(4, lookups.Count);
        Assert.All(lookups, r => Assert.Single(r["messages"]!.AsArray()[^1]!["content"]!.GetValue<string>().Split('\n'),
            l => l.StartsWith("- ", StringComparison.Ordinal)));
        // The listwise aggregator sees four answers' scores and answers [[k]].
        var aggregator = Assert.Single(requests, IsAggregator);
        Assert.Contains("Answer 4:", Text(aggregator));

        // The engine's default schedule plays all six pairs.
        await using var all = new ChatCompletionsServer(answer: Reply);
        await EvaluateAsync(PaperConfig(all, "\"factuality\": {\"schedule\": \"all_pairs\"},"), RewardQuery.FromInstruction(Instruction, answers) with { Seed = 11 });
        Assert.Equal(6, all.Requests.ToList().Count(IsFactualityScoring));
    }

    [Fact]
    public async Task Without_the_router_fallback_the_plan_alone_decides()
    {
        // The parser finds a constraint here; the planner says no constraint check.
        var query = RewardQuery.FromInstruction("Who first walked on the Moon? Answer in fewer than 20 words.", AnswerA, AnswerB);
        await using var server = new ChatCompletionsServer(answer: Reply);
        var paper = await EvaluateAsync(PaperConfig(server), query);
        Assert.DoesNotContain(paper.Signals, s => s.Kind == SignalKind.Constraint);
        Assert.DoesNotContain("added", paper.Route.Rationale);

        var ours = await EvaluateAsync(PaperConfig(server, "\"routerFallback\": true,"), query);
        Assert.Contains(ours.Signals, s => s.Kind == SignalKind.Constraint);
        Assert.Contains("added: the parser found constraints", ours.Route.Rationale);
    }

    [Fact]
    public void Paper_defaults_lie_under_the_files_own_keys()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir, "c.json");
        File.WriteAllText(file, """{"profile": "paper", "factuality": {"rules": "neutral"}, "judger": {"kind": "llm"}}""");
        var c = EngineConfig.Load(file);
        Assert.Equal(EngineProfile.Paper, c.Profile);
        Assert.Equal(FactualityRules.Neutral, c.Factuality.Rules);      // the file's own
        Assert.Equal(FactualitySchedule.Sampled, c.Factuality.Schedule); // the paper's, beside it
        Assert.Equal(JudgerKind.LlmJudge, c.Judger.Kind);                // "llm" is the answer-reading judge's older name
        Assert.Equal(RouterKind.Llm, c.Router);
        Assert.Equal(LlmRole.Coder, c.RouterRole);
        Assert.False(c.RouterFallback);
        Assert.Equal(ConstraintScoring.Binary, c.Constraints.Scoring);
        Assert.Equal(1, c.Constraints.RepairRounds);
        Assert.Equal(CheckerResults.Truthy, c.Constraints.CheckerResults);

        // --profile paper over a file of another profile brings the paper defaults too; full brings none.
        File.WriteAllText(file, """{"profile": "full"}""");
        Assert.Equal(FactualityRules.Original, ConfigResolver.Resolve("paper", file).Factuality.Rules);
        Assert.Equal(FactualityRules.Neutral, EngineConfig.Load(file).Factuality.Rules);
        Assert.Contains("--profile paper needs --config", Assert.Throws<UsageException>(() => ConfigResolver.Resolve("paper", null)).Message);
    }

    [Fact]
    public async Task A_role_left_out_uses_the_planners_model_and_a_role_without_a_model_is_named()
    {
        await using var server = new ChatCompletionsServer();
        var planner = $$"""{"backend": "openai", "baseUrl": "{{server.BaseUrl}}", "model": "p"}""";
        var file = Path.Combine(TestPaths.NewTempDirectory(), "c.json");
        File.WriteAllText(file, """{"profile": "full", "llm": {"roles": {"planner": """ + planner + "}}}");
        await using (var context = new AgentContext(EngineConfig.Load(file), TestPaths.NewTempDirectory()))
        {
            Assert.Equal("p", context.Planner!.ModelId);
            Assert.Same(context.Planner, context.Llm(LlmRole.Judge));
            Assert.Same(context.Planner, context.Coder);
            Assert.Same(context.Planner, context.Llm(LlmRole.Policy));
        }
        File.WriteAllText(file, """{"profile": "full", "llm": {"roles": {"planner": """ + planner
            + $$""", "coder": {"backend": "openai", "baseUrl": "{{server.BaseUrl}}"}""" + "}}}");
        await using (var context = new AgentContext(EngineConfig.Load(file), TestPaths.NewTempDirectory()))
            Assert.Contains("llm.roles.coder.model: required", Assert.Throws<ConfigException>(() => context.Coder).Message);
        File.WriteAllText(file, """{"profile": "full", "llm": {"roles": {"judge": {"baseUrl": "ftp://x"}}}}""");
        Assert.Contains("llm.roles.judge.baseUrl: 'ftp://x' is not an http(s) URL", Assert.Throws<ConfigException>(() => EngineConfig.Load(file)).Message);
    }
}
