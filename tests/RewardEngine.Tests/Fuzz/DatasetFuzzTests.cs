using System.Text;
using System.Text.Json;
using RewardEngine.Data;

namespace RewardEngine.Tests.Fuzz;

/// <summary>Mutated datasets (structure, encodings, numbers, surrogates): a coded error or a correct load.</summary>
public class DatasetFuzzTests
{
    private static string ValidJson(Random rng, bool lines)
    {
        var records = Enumerable.Range(0, 1 + rng.Next(6)).Select(i => new Dictionary<string, object?>
        {
            ["id"] = rng.Next(3) == 0 ? i : $"r{i}",
            ["domain"] = rng.Next(4) == 0 ? null : "chat",
            ["text_chosen"] = new[] { new { role = "user", content = $"question {i}" }, new { role = "assistant", content = $"answer {i} ✓" } },
            ["text_rejected"] = new[] { new { role = "user", content = $"question {i}" }, new { role = "assistant", content = $"other {i}" } },
        }).ToList();
        return lines
            ? string.Join("\n", records.Select(r => JsonSerializer.Serialize(r)))
            : JsonSerializer.Serialize(records);
    }

    private static string JsonMutation(Random rng, string json)
    {
        // Replace one string value or number with something hostile, keeping the JSON well-formed where it was.
        var parts = json.Split('"');
        if (parts.Length > 3 && rng.Next(2) == 0)
        {
            int i = 1 + 2 * rng.Next((parts.Length - 1) / 2);
            parts[i] = Mutations.Pick(rng, Mutations.JsonStrings);
            return string.Join('"', parts);
        }
        return json.Replace(":0,", ":" + Mutations.Pick(rng, Mutations.Numbers) + ",");
    }

    [Fact]
    public async Task Mutated_datasets_load_or_fail_with_a_coded_error()
    {
        var dir = TestPaths.NewTempDirectory();
        await FuzzProperty.HoldsAsync("datasets", 300, seed =>
        {
            var rng = new Random(seed);
            var text = ValidJson(rng, lines: seed % 2 == 1);
            byte[] bytes = rng.Next(3) switch
            {
                0 => Mutations.Bytes(rng, Encoding.UTF8.GetBytes(text)),
                1 => Mutations.Encode(rng, JsonMutation(rng, text)),
                _ => Mutations.Bytes(rng, Mutations.Encode(rng, JsonMutation(rng, text))),
            };
            var file = Path.Combine(dir, $"d{seed}.json");
            File.WriteAllBytes(file, bytes);
            var set = DatasetLoader.Load(file);
            // A load that succeeds is a correct one: every pair has text on both sides and a shared prompt.
            Assert.NotEmpty(set.Pairs);
            Assert.All(set.Pairs, p =>
            {
                Assert.Equal(-1, JsonStrings.LoneSurrogateAt(p.Chosen));
                Assert.Equal(-1, JsonStrings.LoneSurrogateAt(p.Rejected));
                Assert.False(string.IsNullOrEmpty(p.Id));
            });
        }, TimeSpan.FromSeconds(10));
    }
}
