using Microsoft.Data.Sqlite;
using RewardEngine.Verifiers.Constraints.Generated;

namespace RewardEngine.Tests.Constraints;

/// <summary>
/// One checker cache shared by several writers (each with its own connection, as separate processes have): no
/// error, and every writer ends up using the same checkers for an instruction, whoever stored first.
/// </summary>
public class CheckerCacheConcurrencyTests
{
    [Fact]
    public async Task Concurrent_writers_agree_on_one_entry_per_instruction()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "checkers.db");
        const int writers = 6, instructions = 25;
        using var start = new Barrier(writers);
        var used = new List<string>[writers];
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            start.SignalAndWait();
            var cache = new CheckerCache(file); // all open (and create the schema) at the same moment
            used[w] = [];
            for (int i = 0; i < instructions; i++)
            {
                var mine = new[] { new CheckerCache.Entry($"writer {w}", $"def check_following(r): return {w} == {w}") };
                var stored = cache.TryGet($"instruction {i}", [], "coder", 1)
                    ?? cache.Store($"instruction {i}", [], "coder", 1, mine);
                used[w].Add(stored.Single().Description);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        for (int i = 0; i < instructions; i++)
            Assert.Single(used.Select(u => u[i]).Distinct());
        Assert.Equal(instructions, new CheckerCache(file).Count());
    }

    [Fact]
    public void A_row_that_is_not_json_is_a_miss_and_is_replaced()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "checkers.db");
        var cache = new CheckerCache(file);
        cache.Store("x", [], "coder", 1, [new CheckerCache.Entry("a", "code")]);
        using (var c = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE generated_checkers SET checkers = '{broken'";
            cmd.ExecuteNonQuery();
        }
        Assert.Null(cache.TryGet("x", [], "coder", 1));
        Assert.Equal("b", cache.Store("x", [], "coder", 1, [new CheckerCache.Entry("b", "code")]).Single().Description);
        Assert.Equal("b", cache.TryGet("x", [], "coder", 1)!.Single().Description);
    }
}
