using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.Llm.OpenAi;

/// <summary>
/// Generation through an OpenAI-compatible chat-completions server (vLLM, llama.cpp server, an API). Grammars
/// with a JSON equivalent are sent as a JSON-schema response format; others are left to the prompt and to
/// <see cref="StructuredOutput"/>, whose parse failures are counted. At most a fixed number of calls are in flight.
/// </summary>
public sealed class OpenAiTextGenerator : ITextGenerator, IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _model;
    private readonly bool _jsonSchema;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _inFlight;

    /// <param name="options">Server, model, key and schema use.</param>
    /// <param name="maxConcurrency">Most requests in flight at once.</param>
    /// <param name="handler">HTTP handler (tests, proxies); null for the default.</param>
    public OpenAiTextGenerator(OpenAiOptions options, int maxConcurrency, HttpMessageHandler? handler = null)
    {
        if (string.IsNullOrWhiteSpace(options.BaseUrl))
            throw new ConfigException("llm.openAi.baseUrl: required for llm.backend openai (e.g. http://127.0.0.1:8000/v1)");
        if (!Uri.TryCreate(options.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw new ConfigException($"llm.openAi.baseUrl: '{options.BaseUrl}' is not an http(s) URL");
        if (string.IsNullOrWhiteSpace(options.Model))
            throw new ConfigException("llm.openAi.model: required for llm.backend openai (the server's model id)");
        _endpoint = new Uri(baseUri, "chat/completions");
        _model = options.Model;
        _jsonSchema = options.JsonSchema;
        _timeout = TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds));
        _inFlight = new SemaphoreSlim(Math.Max(1, maxConcurrency));
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = Timeout.InfiniteTimeSpan;
        var key = options.ApiKey ?? Environment.GetEnvironmentVariable(options.ApiKeyEnv);
        if (!string.IsNullOrEmpty(key)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public string ModelId => _model;

    /// <summary>The chat-completions URL requests go to.</summary>
    public Uri Endpoint => _endpoint;

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        var body = BuildBody(request);
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            using var content = new StringContent(body.ToJsonString(Json), Encoding.UTF8, "application/json");
            HttpResponseMessage response;
            string text;
            try
            {
                response = await _http.PostAsync(_endpoint, content, timeout.Token).ConfigureAwait(false);
                text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new GenerationException($"{_endpoint}: no answer within {_timeout.TotalSeconds:0} s (llm.openAi.timeoutSeconds)");
            }
            catch (HttpRequestException e)
            {
                throw new GenerationException($"{_endpoint}: cannot reach the server ({e.Message})", e);
            }
            using (response)
            {
                if (!response.IsSuccessStatusCode)
                    throw new GenerationException($"{_endpoint}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {ErrorDetail(text)}");
                return ParseResponse(text);
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    internal JsonObject BuildBody(GenerationRequest request)
    {
        var messages = new JsonArray();
        foreach (var m in request.Messages) messages.Add(new JsonObject { ["role"] = m.Role, ["content"] = m.Content });
        var body = new JsonObject
        {
            ["model"] = _model,
            ["messages"] = messages,
            ["max_tokens"] = request.MaxTokens,
            ["temperature"] = request.Temperature,
            ["seed"] = request.Seed,
        };
        if (request.Stop.Count > 0) body["stop"] = new JsonArray(request.Stop.Take(4).Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
        if (_jsonSchema && request.Grammar is { } grammar && JsonSchemaFor(grammar) is { } schema)
            body["response_format"] = new JsonObject { ["type"] = "json_schema", ["json_schema"] = schema };
        return body;
    }

    /// <summary>The JSON-schema response format equivalent to a grammar, or null when it has none (not JSON).</summary>
    public static JsonObject? JsonSchemaFor(string grammar)
    {
        if (Grammars.TryParseRouterDecision(grammar, out var questions))
            return new JsonObject
            {
                ["name"] = "router_decision",
                ["strict"] = true,
                ["schema"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject(questions.Select(q => KeyValuePair.Create(q, (JsonNode?)new JsonObject { ["type"] = "boolean" }))),
                    ["required"] = new JsonArray([.. questions.Select(q => (JsonNode?)JsonValue.Create(q))]),
                    ["additionalProperties"] = false,
                },
            };
        if (Grammars.TryParseStringList(grammar, out var maxItems, out var maxChars))
            return new JsonObject
            {
                ["name"] = "string_list",
                ["strict"] = true,
                ["schema"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = maxChars },
                    ["minItems"] = 1,
                    ["maxItems"] = maxItems,
                },
            };
        return null;
    }

    private GenerationResult ParseResponse(string text)
    {
        try
        {
            var root = JsonNode.Parse(text) ?? throw new JsonException("empty body");
            var choice = root["choices"]?[0] ?? throw new JsonException("no choices");
            var content = choice["message"]?["content"]?.GetValue<string>() ?? "";
            var finish = choice["finish_reason"]?.GetValue<string>() ?? "stop";
            var usage = root["usage"];
            var prompt = usage?["prompt_tokens"]?.GetValue<int>() ?? 0;
            var generated = usage?["completion_tokens"]?.GetValue<int>() ?? 0;
            return new GenerationResult(content, prompt, generated, finish);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new GenerationException($"{_endpoint}: the answer is not a chat completion ({e.Message})", e);
        }
    }

    private static string ErrorDetail(string body)
    {
        try
        {
            if (JsonNode.Parse(body)?["error"]?["message"]?.GetValue<string>() is { Length: > 0 } m) return m;
        }
        catch (JsonException) { }
        body = body.ReplaceLineEndings(" ").Trim();
        return body.Length == 0 ? "(empty body)" : body.Length > 200 ? body[..200] + "..." : body;
    }

    public void Dispose()
    {
        _http.Dispose();
        _inFlight.Dispose();
    }
}
