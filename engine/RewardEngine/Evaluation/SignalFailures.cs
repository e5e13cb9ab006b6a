using RewardEngine.Diagnostics;

namespace RewardEngine.Evaluation;

/// <summary>
/// A run whose every pair lost one signal to an error (a reward model that cannot run at the configured batch size,
/// a knowledge base that fails every search) measured something other than what was asked: it fails (RWD700, exit
/// code 3) after its results are written, naming the signal and its first error. Errors on some pairs only are
/// counted in the summary, as before.
/// </summary>
public static class SignalFailures
{
    public static void ThrowIfAnySignalFailedEveryPair(IReadOnlyList<PairRecord> records)
    {
        if (Find(records) is { } failure) throw failure;
    }

    /// <summary>The failure to report, or null when no signal failed on every pair.</summary>
    public static RunFailedException? Find(IReadOnlyList<PairRecord> records)
    {
        if (records.Count == 0) return null;
        var names = records.SelectMany(r => r.Games).SelectMany(g => g.Errors).Select(e => e.Name).Distinct(StringComparer.Ordinal);
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            if (!records.All(r => r.Games.Any(g => g.Errors.Any(e => e.Name == name)))) continue;
            var first = records.OrderBy(r => r.Index).First();
            var error = first.Games.SelectMany(g => g.Errors).First(e => e.Name == name).Message;
            if (error.Length > 300) error = error[..300] + "...";
            return new RunFailedException("RWD700",
                $"the {name} signal failed on every one of the {records.Count} pair(s) (pair {first.Id}: {error}); " +
                "the results are written but mean nothing for it: fix the cause and run again (a changed config starts a fresh run; " +
                "with the same config, remove run.db from the output folder to evaluate the pairs again)");
        }
        return null;
    }
}
