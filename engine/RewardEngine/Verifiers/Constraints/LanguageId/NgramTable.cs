namespace RewardEngine.Verifiers.Constraints.LanguageId;

/// <summary>
/// The n-gram log-probabilities of several languages in one table: one hash lookup per n-gram gives every
/// language's value at once (NaN where a language's model lacks the n-gram), instead of one lookup per language in
/// tables too large for the cache together.
/// </summary>
internal sealed class NgramTable
{
    private readonly Dictionary<ulong, int> _index;
    private readonly int[] _start;          // entries of n-gram i: [_start[i], _start[i + 1])
    private readonly byte[] _language;
    private readonly double[] _logProbability;

    public int Languages { get; }

    /// <param name="models">Per language, in slot order, its keys and log-probabilities (<see cref="NgramModelFile.Read"/>).</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // run once, over ~10^5 n-grams
    public NgramTable(IReadOnlyList<(ulong[] Keys, double[] LogProbabilities)> models)
    {
        if (models.Count > byte.MaxValue) throw new ArgumentOutOfRangeException(nameof(models), "at most 255 languages");
        Languages = models.Count;
        _index = new Dictionary<ulong, int>(models.Count == 0 ? 0 : models.Max(m => m.Keys.Length) * 2);
        var ids = new int[models.Count][];
        var counts = new List<int>();
        for (int l = 0; l < models.Count; l++)
        {
            var keys = models[l].Keys;
            ids[l] = new int[keys.Length];
            for (int k = 0; k < keys.Length; k++)
            {
                ref var id = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_index, keys[k], out var exists);
                if (!exists) { id = counts.Count; counts.Add(0); }
                counts[id]++;
                ids[l][k] = id;
            }
        }
        _start = new int[counts.Count + 1];
        for (int i = 0; i < counts.Count; i++) _start[i + 1] = _start[i] + counts[i];
        var next = _start[..^1];
        _language = new byte[_start[^1]];
        _logProbability = new double[_start[^1]];
        for (int l = 0; l < models.Count; l++)
            for (int k = 0; k < ids[l].Length; k++)
            {
                var at = next[ids[l][k]]++;
                _language[at] = (byte)l;
                _logProbability[at] = models[l].LogProbabilities[k];
            }
    }

    /// <summary>Writes each language's log-probability of the n-gram into <paramref name="into"/>; NaN stays where a language lacks it.</summary>
    public void Fill(ulong key, Span<double> into)
    {
        if (!_index.TryGetValue(key, out var id)) return;
        for (int e = _start[id]; e < _start[id + 1]; e++) into[_language[e]] = _logProbability[e];
    }
}
