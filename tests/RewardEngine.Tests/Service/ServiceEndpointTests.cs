using System.Net;
using System.Text.Json;

namespace RewardEngine.Tests.Service;

/// <summary>
/// Every endpoint and every way a request can be malformed, against a real in-process service (verifiers-only
/// profile: no model files) on 127.0.0.1.
/// </summary>
public sealed class ServiceEndpointTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "fixtures", "service", name));

    [Fact]
    public async Task Evaluate_scores_the_share_of_constraints_met_as_the_original()
    {
        var r = await _host.PostAsync("/evaluate/", new
        {
            instruction = "Answer in all lowercase letters, with no commas.",
            answers = new[] { "hello there my good friend, how are you", "Hello, There Friend", "hello there my good friend how are you today" },
        });
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var result = r.Json.GetProperty("result").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(3, result.Count);
        Assert.Equal(1.0, result[2]);          // both met
        Assert.Equal(0.5, result[0]);          // lowercase met, a comma
        Assert.Equal(0.0, result[1]);          // capitals and a comma
        Assert.True(r.Headers.Contains("X-Request-Id"));

        // No constraint in the instruction: 0.5 for every answer, one answer allowed; no trailing slash works too.
        var none = await _host.PostAsync("/evaluate", new { instruction = "Tell me about rivers.", answers = new[] { "Rivers flow." } });
        Assert.Equal(HttpStatusCode.OK, none.Status);
        Assert.Equal([0.5], none.Json.GetProperty("result").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Theory]
    [InlineData("{\"instruction\": \"x\", \"answers\": ", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("[1, 2]", "expected a JSON object, got an array")]
    [InlineData("{\"instruction\": 5, \"answers\": [\"a\"]}", "instruction: expected a string, got a number")]
    [InlineData("{\"instruction\": \"x\", \"answers\": \"no\"}", "answers: expected an array of strings, got a string")]
    [InlineData("{\"instruction\": \"x\", \"answers\": [\"a\", null]}", "answers[1]: expected a string, got null")]
    [InlineData("{\"answers\": [\"a\"]}", "instruction: required")]
    [InlineData("{\"instruction\": \"x\", \"answers\": []}", "answers: at least 1 item")]
    public async Task Malformed_requests_get_400_with_a_detail_naming_the_problem(string body, string expected)
    {
        var r = await _host.PostRawAsync("/evaluate/", body);
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Contains(expected, r.Detail);
    }

    [Fact]
    public async Task Too_many_answers_and_too_large_bodies_get_413()
    {
        await using var host = await ServiceHost.StartAsync(options: new() { MaxAnswers = 3, MaxBodyBytes = 4096 });
        var many = await host.PostAsync("/evaluate/", new { instruction = "x", answers = Enumerable.Repeat("a", 4) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, many.Status);
        Assert.Contains("answers: 4 items exceed the limit of 3", many.Detail);

        var big = await host.PostAsync("/evaluate/", new { instruction = "x", answers = new[] { new string('a', 5000) } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.Status);
        Assert.Contains("exceeds the limit of 4096 bytes", big.Detail);

        // Chunked (no Content-Length): the limit holds while reading.
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/evaluate/")
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
                JsonSerializer.Serialize(new { instruction = "x", answers = new[] { new string('b', 6000) } })))),
        };
        chunked.Headers.TransferEncodingChunked = true;
        using var response = await host.Client.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_paths_and_methods_are_refused()
    {
        var missing = await _host.PostAsync("/v2/nothing", new { });
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Contains("/v1/judge", missing.Detail);
        var wrongMethod = await _host.GetAsync("/v1/judge");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.Status);
    }

    [Fact]
    public async Task Get_reward_answers_a_recorded_OpenRLHF_request_as_documented()
    {
        // Llama-3-templated prompt and query, one sample per request, as OpenRLHF's remote RM client sends them.
        var r = await _host.PostRawAsync("/get_reward", Fixture("openrlhf_get_reward.json"));
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal([1.0], r.Json.GetProperty("rewards").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([1.0], r.Json.GetProperty("scores").EnumerateArray().Select(e => e.GetDouble()));
        var logs = r.Json.GetProperty("extra_logs");
        Assert.Equal([1.0], logs.GetProperty("constraints").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([0.0], logs.GetProperty("signal_errors").EnumerateArray().Select(e => e.GetDouble()));

        // A label holding IFEval constraints is checked instead of the parsed instruction (ChatML template).
        var labelled = await _host.PostRawAsync("/get_reward", Fixture("openrlhf_get_reward_labels.json"));
        Assert.Equal(HttpStatusCode.OK, labelled.Status);
        Assert.Equal([0.0], labelled.Json.GetProperty("rewards").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public async Task Get_reward_splits_queries_without_prompts_by_the_chat_template_and_keeps_their_order()
    {
        var r = await _host.PostAsync("/get_reward", new
        {
            query = new[]
            {
                "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nReply in all capital letters.<|im_end|>\n<|im_start|>assistant\nTHE ANSWER IS YES, OF COURSE, WITHOUT A DOUBT.<|im_end|>",
                "<|im_start|>user\nReply in all capital letters.<|im_end|>\n<|im_start|>assistant\nthe answer is yes<|im_end|>",
            },
        });
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var rewards = r.Json.GetProperty("rewards").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.True(rewards[0] > rewards[1], string.Join(", ", rewards));

        var bad = await _host.PostAsync("/get_reward", new { query = new[] { "plain text, no template" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("query[0]", bad.Detail);
        var mismatch = await _host.PostAsync("/get_reward", new { query = new[] { "a", "b" }, prompts = new[] { "a" } });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.Status);
        Assert.Contains("prompts: 1 prompts for 2 queries", mismatch.Detail);
    }

    [Fact]
    public async Task Compute_score_answers_a_recorded_verl_request_as_documented()
    {
        var r = await _host.PostRawAsync("/v1/compute_score", Fixture("verl_compute_score.json"));
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal(1.0, r.Json.GetProperty("score").GetDouble());
        Assert.Equal(1.0, r.Json.GetProperty("constraints").GetDouble());
        Assert.Equal(0, r.Json.GetProperty("signal_errors").GetInt32());
        Assert.Equal("ifeval_rlvr", r.Json.GetProperty("data_source").GetString());

        // The instruction from extra_info.prompt alone (no ground truth): parsed, checked.
        var parsed = await _host.PostAsync("/v1/compute_score", new
        {
            data_source = "chat", solution_str = "Autumn, with its gold light, is here.", ground_truth = (string?)null,
            extra_info = new { prompt = "Write about autumn without using any commas." },
        });
        Assert.Equal(HttpStatusCode.OK, parsed.Status);
        Assert.Equal(0.0, parsed.Json.GetProperty("score").GetDouble());

        var nothing = await _host.PostAsync("/v1/compute_score", new { solution_str = "x", ground_truth = "42" });
        Assert.Equal(HttpStatusCode.BadRequest, nothing.Status);
        Assert.Contains("no instruction", nothing.Detail);
        var badId = await _host.PostAsync("/v1/compute_score", new { solution_str = "x", ground_truth = new { instruction_id_list = new[] { "no:such" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badId.Status);
        Assert.Contains("ground_truth.instruction_id_list[0]", badId.Detail);
    }

    [Fact]
    public async Task Judge_runs_the_whole_agent_and_reports_signals_judgment_and_cost()
    {
        var r = await _host.PostAsync("/v1/judge", new
        {
            instruction = "Write two sentences about rivers in all lowercase letters.",
            answers = new[] { "rivers carve valleys over time. they carry water to the sea.", "Rivers Are Wet." },
            seed = 7,
        });
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var j = r.Json;
        Assert.Contains("constraints", j.GetProperty("route").GetString());
        var signal = Assert.Single(j.GetProperty("signals").EnumerateArray());
        Assert.Equal("constraints", signal.GetProperty("name").GetString());
        Assert.Equal("constraint", signal.GetProperty("kind").GetString());
        Assert.Equal(2, signal.GetProperty("scores").GetArrayLength());
        Assert.Contains("english_lowercase", signal.GetProperty("rationale").GetString());
        Assert.Equal(2, signal.GetProperty("answer_notes").GetArrayLength());
        Assert.Equal(0, j.GetProperty("errors").GetArrayLength());
        Assert.Equal("weighted_sum", j.GetProperty("judgment").GetProperty("judger").GetString());
        Assert.Equal(0, j.GetProperty("judgment").GetProperty("best").GetInt32());
        Assert.Equal(0, j.GetProperty("llm").GetProperty("calls").GetInt64());
        Assert.Equal(7, j.GetProperty("seed").GetInt32());

        var one = await _host.PostAsync("/v1/judge", new { instruction = "x", answers = new[] { "a" } });
        Assert.Equal(HttpStatusCode.BadRequest, one.Status);
        Assert.Contains("answers: at least 2 items", one.Detail);
        var unknown = await _host.PostAsync("/v1/judge", new { instruction = "x", answers = new[] { "a", "b" }, signals = new[] { "vibes" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("'vibes' is not a signal", unknown.Detail);
        var noSignal = await _host.PostAsync("/v1/judge", new { instruction = "All lowercase please.", answers = new[] { "a", "B" }, signals = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, noSignal.Status);
        Assert.Equal(0, noSignal.Json.GetProperty("signals").GetArrayLength());
        var badSeed = await _host.PostAsync("/v1/judge", new { instruction = "x", answers = new[] { "a", "b" }, seed = "seven" });
        Assert.Equal(HttpStatusCode.BadRequest, badSeed.Status);
        Assert.Contains("seed: expected an integer", badSeed.Detail);
    }

    [Fact]
    public async Task Health_and_metrics_report_state_in_their_formats()
    {
        var health = await _host.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal("ready", health.Json.GetProperty("status").GetString());
        Assert.Equal("verifiers-only", health.Json.GetProperty("profile").GetString());
        Assert.Equal(["constraints"], health.Json.GetProperty("signals").EnumerateArray().Select(e => e.GetString()));

        await _host.PostAsync("/evaluate/", new { instruction = "No commas.", answers = new[] { "a" } });
        await _host.PostRawAsync("/evaluate/", "{");
        using var response = await _host.Client.GetAsync("/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Matches(@"rwd_requests_total\{endpoint=""evaluate"",status=""200""\} [1-9]", text);
        Assert.Matches(@"rwd_requests_total\{endpoint=""evaluate"",status=""400""\} [1-9]", text);
        Assert.Matches(@"rwd_request_duration_seconds_bucket\{endpoint=""evaluate"",le=""\+Inf""\} [1-9]", text);
        foreach (var series in new[] { "rwd_queue_depth", "rwd_requests_in_flight", "rwd_ready 1", "rwd_llm_calls_total", "rwd_llm_generated_tokens_total",
                     "rwd_sandbox_checks_total", "rwd_checker_cache_hits_total", "rwd_rm_batch_size_count", "rwd_process_resident_memory_bytes" })
            Assert.Contains(series, text);
        Assert.DoesNotMatch(@"(?m)^(?!rwd_|#|$)", text); // nothing but rwd_ series
    }

    [Fact]
    public async Task Every_request_is_logged_as_one_json_line()
    {
        await _host.PostAsync("/evaluate/", new { instruction = "No commas.", answers = new[] { "a, b", "c" } }, m => m.Headers.Add("X-Request-Id", "trace-1"));
        await _host.PostRawAsync("/v1/judge", "nope");
        await Task.Delay(300); // the log is written by a background loop
        var lines = _host.RequestLog.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var ok = Assert.Single(lines, l => l.GetProperty("id").GetString() == "trace-1");
        Assert.Equal("evaluate", ok.GetProperty("endpoint").GetString());
        Assert.Equal(200, ok.GetProperty("status").GetInt32());
        Assert.Equal(2, ok.GetProperty("items").GetInt32());
        Assert.True(ok.GetProperty("ms").GetDouble() >= 0);
        Assert.Equal("127.0.0.1", ok.GetProperty("remote").GetString());
        var bad = Assert.Single(lines, l => l.GetProperty("endpoint").GetString() == "judge");
        Assert.Equal(400, bad.GetProperty("status").GetInt32());
        Assert.Contains("not valid JSON", bad.GetProperty("detail").GetString());
    }
}
