using System.Text.Json;
using RewardEngine.Serialization;
using RewardEngine.Storage;

namespace RewardEngine.Jobs;

/// <summary>
/// A job's report as one JSON file (<c>--summary FILE</c>): what the MSBuild tasks read, instead of scraping
/// stdout. Written whole or not at all.
/// </summary>
public static class JobSummary
{
    public static Task WriteAsync<T>(string? file, T report) =>
        file is null ? Task.CompletedTask : OutputText.WriteAsync(file, w => w.WriteLineAsync(JsonSerializer.Serialize(report, OutputJson.Indented)));
}
