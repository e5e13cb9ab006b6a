using System.Text.Json;
using RewardEngine.Data;

namespace RewardEngine.Tests.RewardModels;

/// <summary>The committed export of tiny-llama-rm and the torch references that came with it.</summary>
internal static class RmFixture
{
    public static string Directory => Path.Combine(TestPaths.RepoRoot, "tests", "fixtures", "tiny-llama-rm");
    public static string RmJson => Path.Combine(Directory, "rm.json");
    public static string HuggingFaceDirectory => Path.Combine(TestPaths.Shared, "fixtures", "tiny-llama-rm");

    public sealed record Reference(string Id, string Side, IReadOnlyList<ChatMessage> Messages, string Rendered, int[] InputIds, double Score);

    private static readonly Lazy<IReadOnlyList<Reference>> _references = new(() =>
        File.ReadLines(Path.Combine(HuggingFaceDirectory, "reference_scores.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l =>
            {
                using var doc = JsonDocument.Parse(l);
                var r = doc.RootElement;
                return new Reference(
                    r.GetProperty("id").GetString()!,
                    r.GetProperty("side").GetString()!,
                    r.GetProperty("messages").EnumerateArray()
                        .Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList(),
                    r.GetProperty("rendered").GetString()!,
                    r.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                    r.GetProperty("score").GetDouble());
            }).ToList());

    public static IReadOnlyList<Reference> References => _references.Value;
}
