using System.Net;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Models.Llm;
using RewardEngine.Models.Llm.OpenAi;
using Xunit;

namespace RewardEngine.Tests.Llm;

public sealed class OpenAiTextGeneratorTests
{
    private static OpenAiOptions Options(ChatCompletionsServer server, string? key = "sk-test") =>
        new() { BaseUrl = server.BaseUrl, Model = "judge-7b", ApiKey = key, TimeoutSeconds = 10 };

    private static GenerationRequest Ask(string text) => new([ChatMessage.System("Be brief."), ChatMessage.User(text)]) { MaxTokens = 32, Seed = 9 };

    [Fact]
    public async Task Sends_a_chat_completion_and_counts_usage()
    {
        await using var server = new ChatCompletionsServer();
        using var generator = new OpenAiTextGenerator(Options(server), 4);
        var result = await generator.GenerateAsync(Ask("hello there") with { Stop = ["\n\n"] }, CancellationToken.None);

        Assert.Equal("echo: hello there", result.Text);
        Assert.Equal("stop", result.FinishReason);
        var cost = result.Cost();
        Assert.Equal(1, cost.Calls);
        Assert.Equal(result.Text.Length, cost.GeneratedTokens);
        Assert.Equal(11, cost.PromptTokens);
        Assert.Equal(1, result.Cost(parsed: false).ParseFailures);
        var sent = Assert.Single(server.Requests);
        Assert.Equal("judge-7b", sent["model"]!.GetValue<string>());
        Assert.Equal(32, sent["max_tokens"]!.GetValue<int>());
        Assert.Equal(9, sent["seed"]!.GetValue<int>());
        Assert.Equal("\n\n", sent["stop"]![0]!.GetValue<string>());
        Assert.Equal(["system", "user"], sent["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("Bearer sk-test", server.Authorizations[0]);
    }

    [Fact]
    public async Task Json_grammars_become_schemas_and_others_send_none()
    {
        await using var server = new ChatCompletionsServer();
        using var generator = new OpenAiTextGenerator(Options(server), 4);
        var router = await generator.GenerateAsync(Ask("route") with { Grammar = Grammars.RouterDecision }, CancellationToken.None);
        var list = await generator.GenerateAsync(Ask("claims") with { Grammar = Grammars.StringList(4, 50) }, CancellationToken.None);
        await generator.GenerateAsync(Ask("yes?") with { Grammar = Grammars.YesNo }, CancellationToken.None);

        Assert.Equal((true, false), StructuredOutput.ParseRouterDecision(router.Text));
        Assert.Equal(["first claim", "second claim"], StructuredOutput.ParseStringList(list.Text)!);
        var listSchema = server.Requests[1]["response_format"]!["json_schema"]!["schema"]!;
        Assert.Equal("array", listSchema["type"]!.GetValue<string>());
        Assert.Equal(4, listSchema["maxItems"]!.GetValue<int>());
        Assert.Equal(50, listSchema["items"]!["maxLength"]!.GetValue<int>());
        Assert.Null(server.Requests[2]["response_format"]);
    }

    [Fact]
    public async Task Schemas_are_not_sent_when_switched_off()
    {
        await using var server = new ChatCompletionsServer();
        var options = Options(server) with { JsonSchema = false };
        using var generator = new OpenAiTextGenerator(options, 4);
        await generator.GenerateAsync(Ask("route") with { Grammar = Grammars.RouterDecision }, CancellationToken.None);
        Assert.Null(server.Requests[0]["response_format"]);
    }

    [Fact]
    public async Task Concurrent_calls_stay_within_the_bound()
    {
        await using var server = new ChatCompletionsServer(delayMs: 60);
        using var generator = new OpenAiTextGenerator(Options(server), 3);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => generator.GenerateAsync(Ask($"q{i}"), CancellationToken.None)));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"echo: q{i}"), results.Select(r => r.Text));
        Assert.InRange(server.MaxInFlight, 2, 3);
    }

    [Fact]
    public async Task Http_errors_name_the_status_and_url()
    {
        await using var server = new ChatCompletionsServer(status: HttpStatusCode.ServiceUnavailable);
        using var generator = new OpenAiTextGenerator(Options(server), 2);
        var e = await Assert.ThrowsAsync<GenerationException>(() => generator.GenerateAsync(Ask("hi"), CancellationToken.None));
        Assert.Contains("503", e.Message);
        Assert.Contains($"{server.BaseUrl}/chat/completions", e.Message);
        Assert.Contains("model overloaded", e.Message);
        Assert.Equal("RWD310", e.Code);
    }

    [Fact]
    public async Task Unreachable_server_names_the_url()
    {
        var url = $"http://127.0.0.1:{ChatCompletionsServer.FreePort()}/v1";
        using var generator = new OpenAiTextGenerator(new OpenAiOptions { BaseUrl = url, Model = "m", TimeoutSeconds = 5 }, 2);
        var e = await Assert.ThrowsAsync<GenerationException>(() => generator.GenerateAsync(Ask("hi"), CancellationToken.None));
        Assert.Contains(url, e.Message);
    }

    [Fact]
    public async Task Key_comes_from_the_environment_when_not_in_the_config()
    {
        await using var server = new ChatCompletionsServer();
        var variable = "RWD_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "sk-from-env");
        try
        {
            var options = Options(server, key: null) with { ApiKeyEnv = variable };
            using var generator = new OpenAiTextGenerator(options, 1);
            await generator.GenerateAsync(Ask("hi"), CancellationToken.None);
            Assert.Equal("Bearer sk-from-env", server.Authorizations[0]);
        }
        finally { Environment.SetEnvironmentVariable(variable, null); }
    }

    [Fact]
    public async Task Backend_set_builds_one_openai_generator_for_both_roles()
    {
        await using var server = new ChatCompletionsServer();
        var config = new EngineConfig { Llm = new LlmOptions { Backend = LlmBackend.OpenAi, OpenAi = Options(server) } };
        await using var set = new LlmBackendSet(config, TextWriter.Null);
        var planner = set.Create(LlmRole.Planner)!;
        Assert.Same(planner, set.Create(LlmRole.Coder));
        Assert.Equal("echo: x", (await planner.GenerateAsync(Ask("x"), CancellationToken.None)).Text);
    }

    [Fact]
    public void Missing_base_url_or_model_is_a_config_error()
    {
        Assert.Contains("llm.openAi.baseUrl", Assert.Throws<ConfigException>(() => new OpenAiTextGenerator(new OpenAiOptions { Model = "m" }, 1)).Message);
        Assert.Contains("llm.openAi.model", Assert.Throws<ConfigException>(() => new OpenAiTextGenerator(new OpenAiOptions { BaseUrl = "http://127.0.0.1:1/v1" }, 1)).Message);
    }
}
