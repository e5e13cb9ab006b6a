using System.Net;
using System.Security.Cryptography;
using RewardEngine.Tests.Llm;

namespace RewardEngine.Tests.Data.Catalog;

/// <summary>
/// Serves fixture files over HTTP on 127.0.0.1 (HttpListener) the way a file host does: strong ETags, byte ranges
/// (206 with Content-Range, If-Range honoured), 404 for unknown paths. Faults on demand: cut a response after some
/// bytes, answer with an error status, ignore ranges. Logs every request.
/// </summary>
internal sealed class FixtureServer : IAsyncDisposable
{
    public sealed record Request(string Path, string? Range, int Status, long BytesSent);

    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Func<HttpListenerContext, byte[], Task<bool>>>> _faults = new(StringComparer.Ordinal);
    private readonly Task _serving;

    public FixtureServer()
    {
        Port = ChatCompletionsServer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public List<Request> Requests { get; } = [];
    public bool IgnoreRanges { get; set; }

    /// <summary>When set, bodies go out in chunks of this many bytes, <see cref="ChunkDelay"/> apart (a slow link).</summary>
    public int ChunkBytes { get; set; }
    public TimeSpan ChunkDelay { get; set; }

    public void Add(string path, byte[] bytes) { lock (_files) _files[path] = bytes; }

    /// <summary>The next <paramref name="times"/> responses for <paramref name="path"/> break off after <paramref name="bytes"/> body bytes.</summary>
    public void CutAfter(string path, long bytes, int times = 1) => AddFault(path, times, async (ctx, body) =>
    {
        ctx.Response.ContentLength64 = body.Length;
        await ctx.Response.OutputStream.WriteAsync(body.AsMemory(0, (int)Math.Min(bytes, body.Length)));
        await ctx.Response.OutputStream.FlushAsync();
        Log(ctx, 200, Math.Min(bytes, body.Length));
        ctx.Response.Abort();
        return true;
    });

    /// <summary>The next <paramref name="times"/> requests for <paramref name="path"/> get <paramref name="status"/>.</summary>
    public void FailWith(string path, HttpStatusCode status, int times = 1) => AddFault(path, times, (ctx, _) =>
    {
        ctx.Response.StatusCode = (int)status;
        Log(ctx, (int)status, 0);
        ctx.Response.Close();
        return Task.FromResult(true);
    });

    private void AddFault(string path, int times, Func<HttpListenerContext, byte[], Task<bool>> fault)
    {
        lock (_faults)
        {
            if (!_faults.TryGetValue(path, out var q)) _faults[path] = q = new();
            for (int i = 0; i < times; i++) q.Enqueue(fault);
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => AnswerAsync(ctx));
        }
    }

    private async Task AnswerAsync(HttpListenerContext ctx)
    {
        try
        {
            var path = Uri.UnescapeDataString(ctx.Request.Url!.AbsolutePath);
            byte[]? body;
            lock (_files) body = _files.GetValueOrDefault(path);
            if (body is null)
            {
                ctx.Response.StatusCode = 404;
                Log(ctx, 404, 0);
                ctx.Response.Close();
                return;
            }
            Func<HttpListenerContext, byte[], Task<bool>>? fault = null;
            lock (_faults) if (_faults.TryGetValue(path, out var q) && q.Count > 0) fault = q.Dequeue();
            if (fault is not null && await fault(ctx, body)) return;

            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + "\"";
            ctx.Response.Headers["ETag"] = etag;
            ctx.Response.Headers["Accept-Ranges"] = "bytes";
            long from = 0;
            var range = ctx.Request.Headers["Range"];
            var ifRange = ctx.Request.Headers["If-Range"];
            if (!IgnoreRanges && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
                && (ifRange is null || ifRange == etag))
            {
                from = long.Parse(range[6..^1]);
                if (from >= body.Length)
                {
                    ctx.Response.StatusCode = 416;
                    ctx.Response.Headers["Content-Range"] = $"bytes */{body.Length}";
                    Log(ctx, 416, 0);
                    ctx.Response.Close();
                    return;
                }
                ctx.Response.StatusCode = 206;
                ctx.Response.Headers["Content-Range"] = $"bytes {from}-{body.Length - 1}/{body.Length}";
            }
            ctx.Response.ContentLength64 = body.Length - from;
            if (ChunkBytes <= 0) await ctx.Response.OutputStream.WriteAsync(body.AsMemory((int)from));
            else
                for (long at = from; at < body.Length; at += ChunkBytes)
                {
                    await ctx.Response.OutputStream.WriteAsync(body.AsMemory((int)at, (int)Math.Min(ChunkBytes, body.Length - at)));
                    await ctx.Response.OutputStream.FlushAsync();
                    await Task.Delay(ChunkDelay);
                }
            Log(ctx, ctx.Response.StatusCode, body.Length - from);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
    }

    private void Log(HttpListenerContext ctx, int status, long bytes)
    {
        lock (Requests) Requests.Add(new Request(Uri.UnescapeDataString(ctx.Request.Url!.AbsolutePath), ctx.Request.Headers["Range"], status, bytes));
    }

    public List<Request> RequestsFor(string path) { lock (Requests) return Requests.Where(r => r.Path == path).ToList(); }

    public async ValueTask DisposeAsync()
    {
        if (_listener.IsListening) _listener.Stop();
        _listener.Close();
        try { await _serving; } catch (ObjectDisposedException) { }
    }
}
