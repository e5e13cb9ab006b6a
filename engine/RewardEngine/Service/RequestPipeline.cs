using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RewardEngine.Models.Llm;
using RewardEngine.Service.Endpoints;

namespace RewardEngine.Service;

/// <summary>
/// What every scoring request goes through, in order: API key (401), readiness (503), body size (413), JSON
/// (400), the bounded queue (429 with Retry-After), the endpoint under the request's timeout (504), then the
/// response, a metrics sample and a log line. Errors are <c>{"detail": "..."}</c> with their status.
/// </summary>
internal sealed class RequestPipeline(
    ServiceOptions options, AdmissionGate gate, ServiceMetrics metrics, RequestLog log, TextWriter opsLog,
    Func<ServiceEngine?> engine, Func<(int Status, string Detail)> notReady, CancellationToken abortWork)
{
    private readonly byte[]? _apiKey = options.ApiKey is null ? null : Encoding.UTF8.GetBytes(options.ApiKey);
    private readonly string _idPrefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private long _nextId;

    public async Task HandleAsync(HttpContext http, IServiceEndpoint endpoint)
    {
        var started = Stopwatch.GetTimestamp();
        var id = http.Request.Headers["X-Request-Id"] is { Count: 1 } given && given[0]!.Length is > 0 and <= 128
            ? given[0]! : $"{_idPrefix}-{Interlocked.Increment(ref _nextId)}";
        http.Response.Headers["X-Request-Id"] = id;
        int status = 200, items = 0, bodyLength = 0;
        long bytesOut = 0;
        string? detail = null;
        byte[]? body = null;
        var usage = Evaluation.LlmCost.Zero;
        try
        {
            Authorize(http);
            var loaded = engine();
            if (loaded is null)
            {
                var (s, d) = notReady();
                throw new RequestProblem(s, d) { RetryAfterSeconds = 5 };
            }
            (body, bodyLength) = await ReadBodyAsync(http);
            using var document = Parse(body, bodyLength);
            var request = JsonRequest.Object(document);
            var output = new ArrayBufferWriter<byte>(256);
            using (var work = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, abortWork))
            {
                work.CancelAfter(options.RequestTimeout);
                try
                {
                    using var lease = await gate.EnterAsync(work.Token)
                        ?? throw new RequestProblem(429, $"the queue is full ({gate.Waiting} requests waiting, --queue-limit {options.QueueLimit}); retry later")
                        { RetryAfterSeconds = gate.RetryAfterSeconds() };
                    await using var writer = new Utf8JsonWriter(output, ServiceJson.WriterOptions);
                    var done = await endpoint.HandleAsync(request, new EndpointContext(loaded, options), writer, work.Token);
                    (items, usage) = (done.Items, done.Cost);
                    metrics.RecordLlm(done.Cost);
                    await writer.FlushAsync(CancellationToken.None);
                }
                catch (OperationCanceledException) when (work.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
                {
                    throw abortWork.IsCancellationRequested
                        ? new RequestProblem(503, "the service is shutting down and could not finish this request in time")
                        : new RequestProblem(504, $"the request took longer than {options.RequestTimeout.TotalSeconds:0.###} s (--request-timeout) and was cancelled");
                }
            }
            bytesOut = await WriteAsync(http, 200, output.WrittenMemory);
        }
        catch (RequestProblem p)
        {
            status = p.Status;
            detail = p.Detail;
            if (p.RetryAfterSeconds is { } retry) http.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (status == 401) http.Response.Headers.WWWAuthenticate = "Bearer";
            bytesOut = await WriteErrorAsync(http, status, detail);
        }
        catch (BadHttpRequestException e)
        {
            status = e.StatusCode;
            detail = status == 413 ? $"request body exceeds the limit of {options.MaxBodyBytes} bytes (--max-body-kb)" : e.Message;
            bytesOut = await WriteErrorAsync(http, status, detail);
        }
        catch (Exception e) when (http.RequestAborted.IsCancellationRequested)
        {
            status = 499; // nginx's "client closed request": nobody is left to answer
            detail = "the client closed the connection" + (e is OperationCanceledException ? "" : $" ({e.GetType().Name})");
        }
        catch (Exception e)
        {
            status = 500;
            detail = $"internal error: {e.GetType().Name}: {e.Message}";
            opsLog.WriteLine($"request {id} {endpoint.Route}: {e}");
            bytesOut = await WriteErrorAsync(http, status, detail);
        }
        finally
        {
            if (body is not null) ArrayPool<byte>.Shared.Return(body);
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.RecordRequest(endpoint.Name, status, elapsed.TotalSeconds);
            log.Write(new RequestLogEntry(DateTime.UtcNow, id, http.Request.Method, http.Request.Path.Value ?? "", endpoint.Name, status,
                elapsed.TotalMilliseconds, bodyLength, bytesOut, http.Connection.RemoteIpAddress?.ToString(), items, usage.Calls, detail));
        }
    }

    private void Authorize(HttpContext http)
    {
        if (_apiKey is null) return;
        var h = http.Request.Headers;
        string? presented = h.Authorization is { Count: 1 } auth && auth[0]!.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? auth[0]![7..].Trim()
            : h["X-API-Key"] is { Count: 1 } key ? key[0] : null;
        if (presented is null)
            throw new RequestProblem(401, "an API key is required: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _apiKey))
            throw new RequestProblem(401, "the API key is not valid");
    }

    /// <summary>The body into a pooled buffer (the caller returns it), refusing anything over the limit.</summary>
    private async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContext http)
    {
        var max = options.MaxBodyBytes;
        var declared = http.Request.ContentLength;
        if (declared > max)
            throw RequestProblem.TooLarge($"request body of {declared} bytes exceeds the limit of {max} bytes (--max-body-kb)");
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(declared ?? 4096, 256, max) + 1);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), http.RequestAborted);
                if (read == 0) break;
                length += read;
                if (length > max) throw RequestProblem.TooLarge($"request body exceeds the limit of {max} bytes (--max-body-kb)");
            }
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static JsonDocument Parse(byte[] body, int length)
    {
        if (body.AsSpan(0, length).Trim(" \t\r\n"u8).IsEmpty)
            throw RequestProblem.BadRequest("the request body is empty; expected a JSON object");
        try { return JsonDocument.Parse(body.AsMemory(0, length), ServiceJson.ReaderOptions); }
        catch (JsonException e)
        {
            var where = e.BytePositionInLine is { } b ? $" (line {e.LineNumber + 1}, byte {b + 1})" : "";
            throw RequestProblem.BadRequest($"the request body is not valid JSON{where}: {FirstSentence(e.Message)}");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    internal static async Task<long> WriteAsync(HttpContext http, int status, ReadOnlyMemory<byte> json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = json.Length;
        await http.Response.Body.WriteAsync(json, CancellationToken.None);
        return json.Length;
    }

    internal static Task<long> WriteErrorAsync(HttpContext http, int status, string detail)
    {
        if (http.Response.HasStarted) return Task.FromResult(0L);
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer, ServiceJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("detail", detail);
            w.WriteEndObject();
        }
        return WriteAsync(http, status, buffer.WrittenMemory);
    }
}
