using System.Text.Json;
using RewardEngine.Agent;
using RewardEngine.Evaluation;
using RewardEngine.Jobs;

namespace RewardEngine.Tests.Fuzz;

/// <summary>A run store with bytes changed at random: it opens and loads what it holds, or is refused with a coded error.</summary>
public class RunStoreFuzzTests
{
    [Fact]
    public async Task Damaged_run_stores_load_or_are_refused()
    {
        var dir = TestPaths.NewTempDirectory();
        var pristine = Path.Combine(dir, "pristine.db");
        using (var store = RunStore.Open(pristine))
        {
            store.StartRun("k");
            for (int i = 0; i < 60; i++)
                store.SaveBatch([(i, JsonSerializer.Serialize(new PairRecord(i, $"p{i}", "s", "d.json", i,
                    [new GameRecord("chosen_first", "r", [], [new SignalError("x", "e")], "j", [1, 0], "A", "chosen", "why")], new LlmCost(0, 0, 0)), RunStore.Json))]);
        }
        var bytes = File.ReadAllBytes(pristine);
        await FuzzProperty.HoldsAsync("run store", 60, seed =>
        {
            var rng = new Random(seed);
            var file = Path.Combine(dir, $"run{seed}.db");
            File.WriteAllBytes(file, seed % 4 == 0 ? bytes[..rng.Next(bytes.Length)] : Mutations.Bytes(rng, bytes));
            using var store = RunStore.Open(file);
            foreach (var (index, record) in store.Load<PairRecord>((p, i) => p.Index == i && p.Games is not null, "pair"))
            {
                Assert.Equal(index, record.Index);
                Assert.NotNull(record.Games);
            }
        }, TimeSpan.FromSeconds(10));
    }
}
