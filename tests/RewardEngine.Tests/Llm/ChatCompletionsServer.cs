using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace RewardEngine.Tests.Llm;

/// <summary>
/// A local OpenAI-compatible chat-completions server on 127.0.0.1 (HttpListener): answers schema requests with
/// schema-shaped JSON and others by echoing the last user message, records what it received, and counts how many
/// requests it was serving at once.
/// </summary>
internal sealed class ChatCompletionsServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _inFlight, _maxInFlight;

    private readonly Func<JsonObject, string?>? _answer;

    /// <param name="answer">Answers a request's body with a reply of its own (null: the default replies).</param>
    public ChatCompletionsServer(int delayMs = 0, HttpStatusCode status = HttpStatusCode.OK, Func<JsonObject, string?>? answer = null)
    {
        _answer = answer;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(() => ServeAsync(delayMs, status));
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}/v1";
    public List<JsonObject> Requests { get; } = [];
    public List<string?> Authorizations { get; } = [];
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private async Task ServeAsync(int delayMs, HttpStatusCode status)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            _ = Task.Run(() => AnswerAsync(ctx, delayMs, status));
        }
    }

    private async Task AnswerAsync(HttpListenerContext ctx, int delayMs, HttpStatusCode status)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen) { }
        try
        {
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            lock (Requests) { Requests.Add(body); Authorizations.Add(ctx.Request.Headers["Authorization"]); }
            if (delayMs > 0) await Task.Delay(delayMs);
            string reply;
            if (ctx.Request.Url!.AbsolutePath != "/v1/chat/completions")
            {
                ctx.Response.StatusCode = 404;
                reply = """{"error":{"message":"no such route"}}""";
            }
            else if (status != HttpStatusCode.OK)
            {
                ctx.Response.StatusCode = (int)status;
                reply = """{"error":{"message":"model overloaded"}}""";
            }
            else
            {
                var content = _answer?.Invoke(body) ?? body["response_format"]?["json_schema"]?["name"]?.GetValue<string>() switch
                {
                    "router_decision" => """{"constraint_check": true, "factuality_check": false}""",
                    "string_list" => """["first claim", "second claim"]""",
                    _ => "echo: " + body["messages"]!.AsArray().Last()!["content"]!.GetValue<string>(),
                };
                var completion = new JsonObject
                {
                    ["id"] = "cmpl-test",
                    ["object"] = "chat.completion",
                    ["model"] = body["model"]?.GetValue<string>(),
                    ["choices"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                        ["finish_reason"] = "stop",
                    }),
                    ["usage"] = new JsonObject { ["prompt_tokens"] = 11, ["completion_tokens"] = content.Length, ["total_tokens"] = 11 + content.Length },
                };
                reply = completion.ToJsonString();
            }
            var bytes = Encoding.UTF8.GetBytes(reply);
            ctx.Response.ContentType = "application/json";
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
