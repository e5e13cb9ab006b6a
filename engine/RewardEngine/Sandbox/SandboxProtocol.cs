using System.Text.Json;
using System.Text.Json.Serialization;

namespace RewardEngine.Sandbox;

/// <summary>The JSON lines exchanged with the harness (see harness.py for the other side).</summary>
internal static class SandboxProtocol
{
    internal sealed record Job(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("checkers")] IReadOnlyList<string> Checkers,
        [property: JsonPropertyName("answers")] IReadOnlyList<string> Answers,
        [property: JsonPropertyName("timeoutMs")] int TimeoutMs,
        [property: JsonPropertyName("cpuSeconds")] int CpuSeconds,
        [property: JsonPropertyName("maxOutput")] int MaxOutput,
        [property: JsonPropertyName("isolate")] string Isolate);

    /// <summary>A calibration job: <paramref name="Forks"/> bare forks of the harness that end at once, no checker.</summary>
    internal sealed record ForkJob(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("forks")] int Forks);

    internal sealed record Outcome(
        [property: JsonPropertyName("v")] bool? V,
        [property: JsonPropertyName("e")] string? E,
        [property: JsonPropertyName("ms")] double Ms);

    internal sealed record Reply(
        [property: JsonPropertyName("id")] long? Id,
        [property: JsonPropertyName("results")] List<List<Outcome?>>? Results,
        [property: JsonPropertyName("fault")] string? Fault,
        [property: JsonPropertyName("forks")] int? Forks,
        [property: JsonPropertyName("hello")] int? Hello,
        [property: JsonPropertyName("pid")] int? Pid,
        [property: JsonPropertyName("uid")] int? Uid,
        [property: JsonPropertyName("python")] string? Python,
        [property: JsonPropertyName("checkerUid")] int? CheckerUid,
        [property: JsonPropertyName("syscallFilter")] bool? SyscallFilter,
        [property: JsonPropertyName("scratch")] string? Scratch);

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static string Serialize(Job job) => JsonSerializer.Serialize(job, Options);

    public static string Serialize(ForkJob job) => JsonSerializer.Serialize(job, Options);

    public static Reply? Parse(string line)
    {
        try { return JsonSerializer.Deserialize<Reply>(line, Options); }
        catch (JsonException) { return null; }
    }
}
