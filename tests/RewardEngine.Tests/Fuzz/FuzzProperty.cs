using System.Diagnostics;
using RewardEngine.Diagnostics;

namespace RewardEngine.Tests.Fuzz;

/// <summary>
/// The property every fuzz case must hold: the operation returns a result (which the caller may check further) or
/// throws a coded <see cref="RewardEngineException"/>; never another exception, never longer than its budget.
/// Seeds are fixed, so a failure names the case that reproduces it.
/// </summary>
internal static class FuzzProperty
{
    public static async Task HoldsAsync(string name, int cases, Func<int, Task> operation, TimeSpan perCase)
    {
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        for (int seed = 0; seed < cases; seed++)
        {
            int s = seed;
            var task = Task.Run(() => operation(s));
            Task done;
            try { done = await Task.WhenAny(task, Task.Delay(perCase)); }
            catch (Exception e) { failures.Add($"seed {seed}: {e.GetType().Name}"); continue; }
            if (done != task) { failures.Add($"seed {seed}: still running after {perCase.TotalSeconds:0.#} s"); continue; }
            try { await task; }
            catch (RewardEngineException) { }
            catch (OperationCanceledException) { }
            catch (Exception e) { failures.Add($"seed {seed}: {e.GetType().Name}: {e.Message.Split('\n')[0]}"); }
            if (failures.Count >= 5) break;
        }
        Assert.True(failures.Count == 0, $"{name}: {failures.Count} case(s) broke the property ({clock.Elapsed.TotalSeconds:0.0} s):\n" + string.Join("\n", failures));
    }

    public static Task HoldsAsync(string name, int cases, Action<int> operation, TimeSpan perCase) =>
        HoldsAsync(name, cases, seed => { operation(seed); return Task.CompletedTask; }, perCase);
}
