using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace RewardEngine.Service;

/// <summary>One finished request, as logged.</summary>
internal readonly record struct RequestLogEntry(
    DateTime Time, string Id, string Method, string Path, string Endpoint, int Status, double Milliseconds,
    long BytesIn, long BytesOut, string? Remote, int Items, long LlmCalls, string? Detail);

/// <summary>
/// Structured request logs: one JSON object per line (time, id, method, path, endpoint, status, ms, bytes, remote
/// address, answers, LLM calls, and the detail of an error), written by a background loop so a slow log never slows
/// a request. When the log cannot keep up, lines are dropped and counted rather than held in memory.
/// </summary>
internal sealed class RequestLog : IAsyncDisposable
{
    private readonly TextWriter? _output;
    private readonly Channel<RequestLogEntry> _queue = Channel.CreateBounded<RequestLogEntry>(
        new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Task _loop;
    private long _dropped;

    public RequestLog(TextWriter? output)
    {
        _output = output;
        _loop = output is null ? Task.CompletedTask : Task.Run(WriteLoopAsync);
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(in RequestLogEntry entry)
    {
        if (_output is null) return;
        if (!_queue.Writer.TryWrite(entry)) Interlocked.Increment(ref _dropped);
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await using var json = new Utf8JsonWriter(buffer, options);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            buffer.ResetWrittenCount();
            int lines = 0;
            while (lines < 512 && reader.TryRead(out var e))
            {
                json.Reset(buffer);
                Write(json, e);
                json.Flush();
                buffer.Write("\n"u8);
                lines++;
            }
            try
            {
                await _output!.WriteAsync(Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
                await _output.FlushAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                Interlocked.Add(ref _dropped, lines);
            }
        }
    }

    private static void Write(Utf8JsonWriter w, in RequestLogEntry e)
    {
        w.WriteStartObject();
        w.WriteString("time", e.Time);
        w.WriteString("id", e.Id);
        w.WriteString("method", e.Method);
        w.WriteString("path", e.Path);
        w.WriteString("endpoint", e.Endpoint);
        w.WriteNumber("status", e.Status);
        w.WriteNumber("ms", Math.Round(e.Milliseconds, 3));
        w.WriteNumber("bytes_in", e.BytesIn);
        w.WriteNumber("bytes_out", e.BytesOut);
        if (e.Remote is not null) w.WriteString("remote", e.Remote);
        if (e.Items > 0) w.WriteNumber("items", e.Items);
        if (e.LlmCalls > 0) w.WriteNumber("llm_calls", e.LlmCalls);
        if (e.Detail is not null) w.WriteString("detail", e.Detail);
        w.WriteEndObject();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
