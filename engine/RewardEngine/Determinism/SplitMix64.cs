namespace RewardEngine.Determinism;

/// <summary>
/// SplitMix64, the engine's one seeded mixer: its output is fixed by definition on every platform and .NET version
/// (unlike <see cref="System.Random"/>), so seeded draws (pair order, answer shuffles, sample seeds, test models and
/// corpora) are the same everywhere.
/// </summary>
internal static class SplitMix64
{
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>The finalizer: a well-mixed 64-bit value from any input.</summary>
    public static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>The next value of the stream whose state is <paramref name="state"/> (advanced by the golden ratio).</summary>
    public static ulong Next(ref ulong state) => Mix(state = unchecked(state + Golden));
}
