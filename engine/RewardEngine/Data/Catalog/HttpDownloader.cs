using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;

namespace RewardEngine.Data.Catalog;

/// <summary>What a finished download knows about the file it fetched.</summary>
/// <param name="ResumedFrom">The byte the last successful request started at (0: from the beginning).</param>
/// <param name="RepoCommit">The commit a hub served the file from (Hugging Face's <c>X-Repo-Commit</c>), if it said.</param>
internal sealed record DownloadResult(long Bytes, long ResumedFrom, int Attempts, string? RepoCommit);

/// <summary>
/// Downloads one URL to a <c>.part</c> file that survives failures: each try asks for the rest with an HTTP range
/// request (guarded by <c>If-Range</c> on the validator the first response gave), transient failures (connection
/// drops, stalls, 5xx, 408, 429) are retried with exponential backoff, and a server that ignores the range restarts
/// the file cleanly. The caller verifies the finished file and moves it into place.
/// </summary>
internal sealed class HttpDownloader(HttpClient http, DownloadPolicy policy)
{
    /// <summary>Thrown inside a try for failures worth another try.</summary>
    private sealed class TransientException(string message, Exception? inner = null, TimeSpan? retryAfter = null) : Exception(message, inner)
    {
        public TimeSpan? RetryAfter { get; } = retryAfter;
    }

    private sealed record PartInfo(string Url, string? ETag, string? LastModified, string? RepoCommit);

    public static HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None, // byte ranges are of the file as stored
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("RewardEngine", EngineInfo.Version));
        return client;
    }

    /// <param name="onProgress">Called with (bytes so far, total bytes or -1).</param>
    public async Task<DownloadResult> DownloadAsync(Uri url, string partPath, Action<long, long>? onProgress, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(partPath)!);
        var infoPath = partPath + ".json";
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var (bytes, from, commit) = await TryOnceAsync(url, partPath, infoPath, onProgress, ct);
                File.Delete(infoPath);
                return new DownloadResult(bytes, from, attempt, commit);
            }
            catch (TransientException e) when (attempt < policy.MaxAttempts)
            {
                var wait = e.RetryAfter is { } ra && ra < policy.MaxDelay ? ra : policy.DelayBefore(attempt);
                OnRetry?.Invoke($"{url.Host}: {e.Message}; retrying in {wait.TotalSeconds:0.#} s ({attempt}/{policy.MaxAttempts - 1})");
                await Task.Delay(wait, ct);
            }
            catch (TransientException e)
            {
                throw new DownloadException($"{e.Message} (gave up after {attempt} tries; the {(File.Exists(partPath) ? new FileInfo(partPath).Length : 0)} bytes received so far are kept and the next fetch resumes from them)", e.InnerException);
            }
        }
    }

    /// <summary>Told about each retry (one line), for the log.</summary>
    public Action<string>? OnRetry { get; init; }

    private async Task<(long Bytes, long From, string? Commit)> TryOnceAsync(Uri url, string partPath, string infoPath,
        Action<long, long>? onProgress, CancellationToken ct)
    {
        var info = ReadInfo(infoPath);
        long have = File.Exists(partPath) ? new FileInfo(partPath).Length : 0;
        if (have > 0 && (info is null || info.Url != url.AbsoluteUri)) { File.Delete(partPath); have = 0; info = null; }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
            // Only resume onto the same version of the file: a changed file comes back whole (200), not as a range.
            if (info!.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag) && !tag.IsWeak) request.Headers.IfRange = new RangeConditionHeaderValue(tag);
            else if (info.LastModified is { } lm && DateTimeOffset.TryParse(lm, out var when)) request.Headers.IfRange = new RangeConditionHeaderValue(when);
        }

        HttpResponseMessage response;
        try { response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct); }
        catch (HttpRequestException e) when (!ct.IsCancellationRequested)
        {
            if (e.HttpRequestError == HttpRequestError.NameResolutionError)
                throw new DownloadException($"cannot resolve {url.Host} ({Reason(e)}): this machine looks offline", e);
            throw new TransientException($"cannot connect to {url.Host}:{url.Port} ({Reason(e)})", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested) { throw new TransientException($"no answer from {url.Host}", e); }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status == 416 && have > 0)
            {
                // Asked for bytes past the end: the part may be the whole file already.
                if (response.Content.Headers.ContentRange?.Length is long size && size == have) return (have, have, info?.RepoCommit);
                File.Delete(partPath);
                throw new TransientException("the server refused the range of a partial file; starting it again");
            }
            if (status is 408 or 429 || status >= 500)
                throw new TransientException($"HTTP {status} {response.ReasonPhrase} from {url.Host}", null, response.Headers.RetryAfter?.Delta);
            if (!response.IsSuccessStatusCode)
                throw new DownloadException($"HTTP {status} {response.ReasonPhrase} for {url}");

            long from = 0;
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                from = response.Content.Headers.ContentRange?.From ?? -1;
                if (from != have)
                {
                    File.Delete(partPath);
                    throw new TransientException($"the server sent bytes from {from}, not {have}; starting the file again");
                }
            }
            long? length = response.Content.Headers.ContentLength;
            long total = response.Content.Headers.ContentRange?.Length ?? (length is { } l ? from + l : -1);
            var commit = response.Headers.TryGetValues("X-Repo-Commit", out var c) ? c.FirstOrDefault() : info?.RepoCommit;
            WriteInfo(infoPath, new PartInfo(url.AbsoluteUri, response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R"), commit));

            await using var file = new FileStream(partPath, from == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.None, 1 << 16);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[1 << 16];
            long done = from;
            onProgress?.Invoke(done, total);
            while (true)
            {
                int n;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    idle.CancelAfter(policy.IdleTimeout);
                    try { n = await body.ReadAsync(buffer, idle.Token); }
                    catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
                    {
                        throw new TransientException($"{url.Host} sent nothing for {policy.IdleTimeout.TotalSeconds:0} s after {done} bytes", e);
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
                    {
                        await file.FlushAsync(CancellationToken.None);
                        throw new TransientException($"the connection to {url.Host} broke after {done} bytes ({Reason(e)})", e);
                    }
                }
                if (n == 0) break;
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
                done += n;
                onProgress?.Invoke(done, total);
            }
            await file.FlushAsync(ct);
            if (total >= 0 && done != total) throw new TransientException($"the connection to {url.Host} closed after {done} of {total} bytes");
            return (done, from, commit);
        }
    }

    private static string Reason(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner.Message.TrimEnd('.');
    }

    private static PartInfo? ReadInfo(string path)
    {
        try { return File.Exists(path) ? JsonSerializer.Deserialize<PartInfo>(File.ReadAllText(path), DataStore.Json) : null; }
        catch (JsonException) { return null; }
    }

    private static void WriteInfo(string path, PartInfo info) => Storage.AtomicFile.Write(path, JsonSerializer.Serialize(info, DataStore.Json));
}
